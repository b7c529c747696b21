import fs from 'fs';
import os from 'os';
import path from 'path';
import { CoreTypes } from './builtinTypes';
import { MemoryStore } from './MemoryStore';
import { KubeObject, StatusError, WatchEvent } from './types';

function pod(name: string, labels: Record<string, string> = {}, namespace = 'default'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'app', image: 'pause' }] },
  };
}

function statusOf(fn: () => unknown): StatusError['status'] {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.status;
    throw e;
  }
  throw new Error('expected a StatusError');
}

const flush = () => new Promise(resolve => setImmediate(resolve));

describe('MemoryStore', () => {
  let store: MemoryStore;
  afterEach(() => store?.close());

  it('creates with server-set metadata and refuses duplicates', () => {
    store = new MemoryStore();
    const created = store.create(CoreTypes.pod, pod('a'));
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.generation).toBe(1);
    expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(created.metadata.creationTimestamp).toMatch(/Z$/);
    expect(created.status.phase).toBe('Pending');
    const dup = statusOf(() => store.create(CoreTypes.pod, pod('a')));
    expect(dup).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'pods "a" already exists' });
  });

  it('generates names from generateName', () => {
    store = new MemoryStore();
    const p = pod('');
    delete p.metadata.name;
    p.metadata.generateName = 'web-';
    const a = store.create(CoreTypes.pod, p);
    const b = store.create(CoreTypes.pod, p);
    expect(a.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(b.metadata.name).not.toBe(a.metadata.name);
  });

  it('answers 404 for a missing namespace and 422 for invalid objects', () => {
    store = new MemoryStore();
    expect(statusOf(() => store.create(CoreTypes.pod, pod('a', {}, 'nope')))).toMatchObject({ code: 404, reason: 'NotFound', message: 'namespaces "nope" not found' });
    const bad = pod('Bad_Name');
    expect(statusOf(() => store.create(CoreTypes.pod, bad))).toMatchObject({ code: 422, reason: 'Invalid' });
    const noImage = pod('x');
    noImage.spec.containers[0].image = '';
    const st = statusOf(() => store.create(CoreTypes.pod, noImage));
    expect((st.details as any).causes[0]).toMatchObject({ field: 'spec.containers[0].image', reason: 'FieldValueRequired' });
  });

  it('rejects stale updates, bumps generation on spec changes only, and ignores status on update', () => {
    store = new MemoryStore();
    const dep = store.create(CoreTypes.deployment, {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } } },
    });
    const v1 = dep.metadata.resourceVersion;
    const withLabel = { ...dep, metadata: { ...dep.metadata, labels: { x: '1' } } };
    const labelled = store.update(CoreTypes.deployment, withLabel);
    expect(labelled.metadata.generation).toBe(1);
    const stale = statusOf(() => store.update(CoreTypes.deployment, { ...dep, metadata: { ...dep.metadata, resourceVersion: v1 } }));
    expect(stale).toMatchObject({ code: 409, reason: 'Conflict' });
    expect(stale.message).toContain('the object has been modified');
    const scaled = store.update(CoreTypes.deployment, { ...labelled, spec: { ...labelled.spec, replicas: 3 }, status: { replicas: 99 } });
    expect(scaled.metadata.generation).toBe(2);
    expect(scaled.status).toBeUndefined();
    const withStatus = store.updateStatus(CoreTypes.deployment, { ...scaled, spec: { ...scaled.spec, replicas: 7 }, status: { observedGeneration: 2 } });
    expect(withStatus.status).toEqual({ observedGeneration: 2 });
    expect(withStatus.spec.replicas).toBe(3);
    // a no-op update keeps the resourceVersion
    expect(store.update(CoreTypes.deployment, withStatus).metadata.resourceVersion).toBe(withStatus.metadata.resourceVersion);
  });

  it('filters by label and field selectors', () => {
    store = new MemoryStore();
    store.create(CoreTypes.pod, pod('a', { app: 'web', tier: 'front' }));
    store.create(CoreTypes.pod, pod('b', { app: 'web' }));
    store.create(CoreTypes.pod, pod('c', { app: 'db' }));
    const names = (labelSelector?: string, fieldSelector?: string) =>
      store.list(CoreTypes.pod, { namespace: 'default', labelSelector, fieldSelector }).items.map(p => p.metadata.name);
    expect(names('app=web')).toEqual(['a', 'b']);
    expect(names('app==web,tier')).toEqual(['a']);
    expect(names('app!=web')).toEqual(['c']);
    expect(names('app in (db, web),!tier')).toEqual(['b', 'c']);
    expect(names('app notin (web)')).toEqual(['c']);
    expect(names(undefined, 'metadata.name=b')).toEqual(['b']);
    expect(names(undefined, 'status.phase=Pending,metadata.name!=a')).toEqual(['b', 'c']);
    expect(names(undefined, 'spec.containers=x')).toEqual([]);
    expect(statusOf(() => names('app in web'))).toMatchObject({ code: 400, reason: 'BadRequest' });
  });

  it('watches from a resourceVersion and answers 410 Expired once the window has moved on', async () => {
    store = new MemoryStore({ watchWindow: 5 });
    const start = store.create(CoreTypes.configMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w', namespace: 'default' }, data: { n: '0' } });
    const events: WatchEvent[] = [];
    const stop = store.watch(CoreTypes.configMap, { namespace: 'default', resourceVersion: start.metadata.resourceVersion }, e => events.push(e));
    let current = start;
    for (let i = 1; i <= 3; i++) current = store.update(CoreTypes.configMap, { ...current, data: { n: String(i) } });
    store.delete(CoreTypes.configMap, 'default', 'w');
    await flush();
    expect(events.map(e => e.type)).toEqual(['MODIFIED', 'MODIFIED', 'MODIFIED', 'DELETED']);
    expect(events[2].object.data.n).toBe('3');
    stop();
    for (let i = 0; i < 10; i++) store.create(CoreTypes.configMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `x${i}`, namespace: 'default' } });
    const gone = statusOf(() => store.watch(CoreTypes.configMap, { resourceVersion: start.metadata.resourceVersion }, () => undefined));
    expect(gone).toMatchObject({ code: 410, reason: 'Expired' });
    expect(gone.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('turns selector transitions into ADDED and DELETED for the watcher', async () => {
    store = new MemoryStore();
    const events: string[] = [];
    store.watch(CoreTypes.pod, { labelSelector: 'app=web' }, e => events.push(`${e.type}:${e.object.metadata.name}`));
    const p = store.create(CoreTypes.pod, pod('p', { app: 'other' }));
    const moved = store.update(CoreTypes.pod, { ...p, metadata: { ...p.metadata, labels: { app: 'web' } } });
    store.update(CoreTypes.pod, { ...moved, metadata: { ...moved.metadata, labels: { app: 'gone' } } });
    await flush();
    expect(events).toEqual(['ADDED:p', 'DELETED:p']);
  });

  it('holds deletion for finalizers and completes it when they are removed', () => {
    store = new MemoryStore();
    const p = pod('f');
    p.metadata.finalizers = ['example.com/hold'];
    store.create(CoreTypes.pod, p);
    const pending = store.delete(CoreTypes.pod, 'default', 'f');
    expect(pending.metadata.deletionTimestamp).toBeDefined();
    expect(store.get(CoreTypes.pod, 'default', 'f')).toBeDefined();
    store.update(CoreTypes.pod, { ...pending, metadata: { ...pending.metadata, finalizers: [] } });
    expect(store.get(CoreTypes.pod, 'default', 'f')).toBeUndefined();
  });

  it('does not persist dry runs', () => {
    store = new MemoryStore();
    store.create(CoreTypes.pod, pod('dry'), { dryRun: true });
    expect(store.get(CoreTypes.pod, 'default', 'dry')).toBeUndefined();
    const real = store.create(CoreTypes.pod, pod('real'));
    store.delete(CoreTypes.pod, 'default', 'real', { dryRun: true });
    expect(store.get(CoreTypes.pod, 'default', 'real')?.metadata.uid).toBe(real.metadata.uid);
  });

  it('keeps every object and the resourceVersion across close and reopen', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'));
    store = new MemoryStore({ dataDir: dir });
    store.create(CoreTypes.pod, pod('kept', { a: 'b' }));
    const cm = store.create(CoreTypes.configMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { k: 'v' } });
    store.update(CoreTypes.configMap, { ...cm, data: { k: 'v2' } });
    store.create(CoreTypes.configMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gone', namespace: 'default' } });
    store.delete(CoreTypes.configMap, 'default', 'gone');
    const rv = Number(store.resourceVersion);
    store.close();
    store = new MemoryStore({ dataDir: dir });
    expect(store.get(CoreTypes.pod, 'default', 'kept')?.metadata.labels).toEqual({ a: 'b' });
    expect(store.get(CoreTypes.configMap, 'default', 'c')?.data).toEqual({ k: 'v2' });
    expect(store.get(CoreTypes.configMap, 'default', 'gone')).toBeUndefined();
    expect(Number(store.resourceVersion)).toBe(rv);
    expect(Number(store.create(CoreTypes.pod, pod('next')).metadata.resourceVersion)).toBe(rv + 1);
  });

  it('registers the kinds of a CustomResourceDefinition and reloads them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'));
    store = new MemoryStore({ dataDir: dir });
    store.create(CoreTypes.customResourceDefinition, {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] },
    });
    const widgetType = store.types.byKind('example.com/v1', 'Widget')!;
    expect(widgetType).toMatchObject({ resource: 'widgets', namespaced: true });
    store.create(widgetType, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' }, spec: { size: 3 } });
    store.close();
    store = new MemoryStore({ dataDir: dir });
    const reloaded = store.types.byResource('example.com', 'v1', 'widgets')!;
    expect(store.get(reloaded, 'default', 'w1')?.spec).toEqual({ size: 3 });
  });

  // Its speed is measured by `npm run bench:cluster`; this checks the answer.
  it('lists exactly the matching pods among 10,000 with a label selector', () => {
    store = new MemoryStore();
    for (let i = 0; i < 10_000; i++) store.create(CoreTypes.pod, pod(`p-${i}`, { app: `app-${i % 100}`, tier: 'x' }));
    const page = store.listRaw(CoreTypes.pod, { namespace: 'default', labelSelector: 'app=app-7,tier in (x)' });
    expect(page.items).toHaveLength(100);
    expect(store.list(CoreTypes.pod, { namespace: 'default', labelSelector: 'app=app-7' }).items.map(p => p.metadata.name)).toContain('p-107');
  });
});
