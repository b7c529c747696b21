import { ViewCache } from './ViewCache';

describe('ViewCache', () => {
  /** A builder that counts its calls and returns `{ n: <call number> }`. */
  const counting = (expiresAt = Infinity) => {
    const builder = Object.assign(() => ({ view: { n: ++builder.calls }, expiresAt }), { calls: 0 });
    return builder;
  };
  const parse = (body: Buffer) => JSON.parse(body.toString('utf8'));

  it('serializes a view once and serves it until the key is invalidated', () => {
    const cache = new ViewCache();
    const build = counting();
    const first = cache.get('shop', 0, build);
    expect(parse(first.body)).toEqual({ n: 1 });
    expect(cache.get('shop', 1, build).body).toBe(first.body);
    expect(build.calls).toBe(1);

    cache.invalidate(['other']);
    expect(cache.get('shop', 2, build).body).toBe(first.body);
    cache.invalidate(new Set(['shop']));
    const second = cache.get('shop', 3, build);
    expect(parse(second.body)).toEqual({ n: 2 });
    expect(second.etag).not.toBe(first.etag);
  });

  it('rebuilds a view once time alone changes it', () => {
    const cache = new ViewCache();
    const build = counting(1_000);
    cache.get('shop', 0, build);
    cache.get('shop', 999, build);
    expect(build.calls).toBe(1);
    expect(parse(cache.get('shop', 1_000, build).body)).toEqual({ n: 2 });
  });

  it('forgets everything on clear', () => {
    const cache = new ViewCache();
    const build = counting();
    cache.get('a', 0, build);
    cache.get('b', 0, build);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(parse(cache.get('a', 0, build).body)).toEqual({ n: 3 });
  });

  it('keeps the most recently read views within its bound', () => {
    const cache = new ViewCache(2);
    const build = counting();
    cache.get('a', 0, build);
    cache.get('b', 0, build);
    cache.get('a', 0, build); // a is now the most recent
    cache.get('c', 0, build); // evicts b
    expect(cache.size).toBe(2);
    expect(build.calls).toBe(3);
    cache.get('a', 0, build);
    expect(build.calls).toBe(3);
    cache.get('b', 0, build);
    expect(build.calls).toBe(4);
  });

  it('tags equal content with equal ETags, in the weak form Express uses', () => {
    const same = () => ({ view: { same: true }, expiresAt: Infinity });
    const a = new ViewCache().get('x', 0, same);
    const b = new ViewCache().get('y', 0, same);
    expect(a.etag).toBe(b.etag);
    expect(a.etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new ViewCache(0)).toThrow('maxEntries must be a positive integer');
  });
});
