import { CoreTypes } from './builtinTypes';
import { MemoryStore } from './MemoryStore';

describe('Secrets', () => {
  it('fold stringData into data (base64) on create and update, as the API server does', () => {
    const store = new MemoryStore({});
    try {
      const created = store.create(CoreTypes.secret, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's', namespace: 'default' },
        data: { a: Buffer.from('old').toString('base64'), b: Buffer.from('kept').toString('base64') },
        stringData: { a: 'new', c: 'plain' },
      } as any);
      expect(created.stringData).toBeUndefined();
      expect(created.type).toBe('Opaque');
      const decoded = (o: any) => Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString()]));
      expect(decoded(created)).toEqual({ a: 'new', b: 'kept', c: 'plain' });
      const updated = store.update(CoreTypes.secret, { ...created, stringData: { b: 'changed' } } as any);
      expect(decoded(updated)).toEqual({ a: 'new', b: 'changed', c: 'plain' });
    } finally {
      store.close();
    }
  });
});
