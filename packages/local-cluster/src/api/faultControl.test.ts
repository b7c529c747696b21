import http from 'http';
import { MemoryStore } from '../store/MemoryStore';
import { RuleFaultInjector } from './faultRules';
import { ApiServer, startApiServer } from './server';

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

async function setRules(url: string, rules: unknown) {
  return fetch(`${url}/local-cluster/faults`, { method: 'PUT', body: JSON.stringify({ rules }) });
}

describe('fault control', () => {
  let store: MemoryStore;
  let api: ApiServer;
  let injector: RuleFaultInjector;

  beforeAll(async () => {
    store = new MemoryStore({});
    injector = new RuleFaultInjector();
    api = await startApiServer({ store, port: 0, faultControl: injector });
  });

  afterAll(async () => {
    await api.close();
    store.close();
  });

  afterEach(() => injector.clear());

  it('answers with the status and Retry-After a rule sets, for the requests it matches', async () => {
    expect((await setRules(api.url, [{ code: 429, retryAfterSeconds: 3, methods: ['GET'], pathIncludes: '/configmaps' }])).status).toBe(200);
    const refused = await fetch(`${api.url}${CONFIGMAPS}`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3');
    expect(await refused.json()).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', details: { retryAfterSeconds: 3 } });
    // other paths and methods pass
    expect((await fetch(`${api.url}/api/v1/namespaces/default/secrets`)).status).toBe(200);
    const created = await fetch(`${api.url}${CONFIGMAPS}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ metadata: { name: 'a' } }),
    });
    expect(created.status).toBe(201);
    const hits = (await (await fetch(`${api.url}/local-cluster/faults/hits`)).json()).hits;
    expect(hits).toEqual([expect.objectContaining({ method: 'GET', path: CONFIGMAPS, code: 429 })]);
  });

  it('retires a rule after its count and after its duration', async () => {
    await setRules(api.url, [{ code: 500, count: 2, pathIncludes: '/configmaps' }, { code: 503, durationMs: 150, pathIncludes: '/secrets' }]);
    expect((await fetch(`${api.url}${CONFIGMAPS}`)).status).toBe(500);
    expect((await fetch(`${api.url}${CONFIGMAPS}`)).status).toBe(500);
    expect((await fetch(`${api.url}${CONFIGMAPS}`)).status).toBe(200);
    expect((await fetch(`${api.url}/api/v1/namespaces/default/secrets`)).status).toBe(503);
    await new Promise(r => setTimeout(r, 200));
    expect((await fetch(`${api.url}/api/v1/namespaces/default/secrets`)).status).toBe(200);
    expect((await (await fetch(`${api.url}/local-cluster/faults`)).json()).rules).toEqual([]);
  });

  it('drops connections and delays answers', async () => {
    await setRules(api.url, [{ drop: true, count: 1 }]);
    await expect(fetch(`${api.url}${CONFIGMAPS}`)).rejects.toThrow();
    await setRules(api.url, [{ delayMs: 300, count: 1 }]);
    const started = Date.now();
    expect((await fetch(`${api.url}${CONFIGMAPS}`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('cuts open watches on demand', async () => {
    const ended = new Promise<string>((resolve, reject) => {
      http.get(`${api.url}${CONFIGMAPS}?watch=true`, res => {
        res.on('data', () => undefined);
        res.on('end', () => resolve('end'));
        res.on('error', () => resolve('error'));
        res.on('close', () => resolve('close'));
      }).on('error', reject);
    });
    let dropped = 0;
    for (let i = 0; i < 50 && dropped === 0; i++) {
      await new Promise(r => setTimeout(r, 20));
      dropped = (await (await fetch(`${api.url}/local-cluster/faults/drop-watches`, { method: 'POST' })).json()).dropped;
    }
    expect(dropped).toBe(1);
    await expect(ended).resolves.toBeDefined();
  });

  it('refuses a bad rule with a 400 naming the field, keeping the old rules', async () => {
    await setRules(api.url, [{ code: 500, pathIncludes: '/nothing-matches' }]);
    const bad = await setRules(api.url, [{ code: 500 }, { code: 'x' }]);
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toContain('rules[1].code');
    const unknown = await setRules(api.url, [{ status: 500 }]);
    expect((await unknown.json()).message).toContain('rules[0].status');
    expect((await (await fetch(`${api.url}/local-cluster/faults`)).json()).rules).toHaveLength(1);
  });
});
