import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi, ListWatch, PatchStrategy, V1ConfigMap, Watch, setHeaderOptions,
} from '@kubernetes/client-node';
import { startGarbageCollector, GarbageCollector } from '../gc';
import { writeKubeconfig } from '../kubeconfig';
import { MemoryStore } from '../store/MemoryStore';
import { ApiServer, startApiServer } from './server';
import { FaultInjector } from './types';

/** The Status body of a failed client-node call. */
function statusOf(e: any): any {
  const body = e?.body;
  return typeof body === 'string' ? JSON.parse(body) : body;
}

async function expectStatus(p: Promise<unknown>, code: number, reason?: string): Promise<any> {
  try {
    await p;
  } catch (e: any) {
    expect(e.code).toBe(code);
    const status = statusOf(e);
    if (reason) expect(status).toMatchObject({ kind: 'Status', status: 'Failure', reason, code });
    return status;
  }
  throw new Error(`expected a ${code} failure`);
}

async function eventually(check: () => void | Promise<void>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise(r => setTimeout(r, 25));
    }
  }
}

function deployment(name: string, images: Record<string, string>, replicas = 1) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: Object.entries(images).map(([n, image]) => ({ name: n, image })) },
      },
    },
  };
}

describe('API server through @kubernetes/client-node', () => {
  let store: MemoryStore;
  let gc: GarbageCollector;
  let api: ApiServer;
  let kc: KubeConfig;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let faults: ((req: any) => ReturnType<FaultInjector['shouldFail']>) | undefined;

  beforeAll(async () => {
    store = new MemoryStore({ watchWindow: 20, bookmarkIntervalMs: 200 });
    gc = startGarbageCollector(store);
    api = await startApiServer({ store, port: 0, faults: { shouldFail: req => faults?.(req) } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-'));
    writeKubeconfig(path.join(dir, 'kubeconfig.yaml'), api.url);
    kc = new KubeConfig();
    kc.loadFromFile(path.join(dir, 'kubeconfig.yaml'));
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
  });

  afterAll(async () => {
    await api.close();
    gc.stop();
    store.close();
  });

  afterEach(() => {
    faults = undefined;
  });

  it('serves discovery', async () => {
    const versions = await (await fetch(`${api.url}/api`)).json();
    expect(versions).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = await (await fetch(`${api.url}/apis`)).json();
    expect(groups.groups.map((g: any) => g.name)).toEqual(expect.arrayContaining(['apps', 'batch', 'networking.k8s.io', 'autoscaling', 'gateway.networking.k8s.io', 'apiextensions.k8s.io']));
    const appsV1 = await (await fetch(`${api.url}/apis/apps/v1`)).json();
    expect(appsV1.resources).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'deployments', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], verbs: expect.arrayContaining(['watch', 'patch']) }),
      expect.objectContaining({ name: 'deployments/scale', kind: 'Scale', group: 'autoscaling', version: 'v1' }),
    ]));
    const missing = await fetch(`${api.url}/apis/nope/v1`);
    expect(missing.status).toBe(404);
  });

  it('creates, reads, replaces and deletes, with 409 on a stale resourceVersion', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'crud' }, data: { a: '1' } } });
    expect(created.metadata?.uid).toBeDefined();
    const read = await core.readNamespacedConfigMap({ name: 'crud', namespace: 'default' });
    read.data = { a: '2' };
    const replaced = await core.replaceNamespacedConfigMap({ name: 'crud', namespace: 'default', body: read });
    expect(replaced.data).toEqual({ a: '2' });
    expect(Number(replaced.metadata!.resourceVersion)).toBeGreaterThan(Number(created.metadata!.resourceVersion));

    const stale: V1ConfigMap = { ...read, data: { a: '3' } };
    const status = await expectStatus(core.replaceNamespacedConfigMap({ name: 'crud', namespace: 'default', body: stale }), 409, 'Conflict');
    expect(status.message).toBe('Operation cannot be fulfilled on configmaps "crud": the object has been modified; please apply your changes to the latest version and try again');

    await expectStatus(core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'crud' } } }), 409, 'AlreadyExists');
    await core.deleteNamespacedConfigMap({ name: 'crud', namespace: 'default' });
    const notFound = await expectStatus(core.readNamespacedConfigMap({ name: 'crud', namespace: 'default' }), 404, 'NotFound');
    expect(notFound).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'configmaps "crud" not found', reason: 'NotFound', details: { name: 'crud', kind: 'configmaps' }, code: 404 });
    await expectStatus(core.createNamespacedConfigMap({ namespace: 'missing', body: { metadata: { name: 'x' } } }), 404, 'NotFound');
    await expectStatus(core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'Not_Valid' } } }), 422, 'Invalid');
  });

  it('generates names, and selects by label and field', async () => {
    for (const [i, app] of ['web', 'web', 'db'].entries()) {
      await core.createNamespacedPod({ namespace: 'default', body: { metadata: { generateName: 'sel-', labels: { app, idx: String(i) } }, spec: { containers: [{ name: 'c', image: 'pause' }] } } });
    }
    const all = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'idx' });
    expect(all.items).toHaveLength(3);
    all.items.forEach(p => expect(p.metadata!.name).toMatch(/^sel-[a-z0-9]{5}$/));
    const web = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' });
    expect(web.items).toHaveLength(2);
    const notWeb = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'idx,app notin (web)' });
    expect(notWeb.items.map(p => p.metadata!.labels!.app)).toEqual(['db']);
    const byName = await core.listPodForAllNamespaces({ fieldSelector: `metadata.name=${all.items[1].metadata!.name}` });
    expect(byName.items).toHaveLength(1);
    const pending = await core.listNamespacedPod({ namespace: 'default', fieldSelector: 'status.phase=Pending', labelSelector: 'idx' });
    expect(pending.items).toHaveLength(3);
    // paging with limit / continue
    const page1 = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'idx', limit: 2 });
    expect(page1.items).toHaveLength(2);
    expect(page1.metadata!.remainingItemCount).toBe(1);
    const page2 = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'idx', limit: 2, _continue: page1.metadata!._continue });
    expect(page2.items).toHaveLength(1);
    expect(page2.metadata!._continue).toBeUndefined();
    await core.deleteCollectionNamespacedPod({ namespace: 'default', labelSelector: 'idx' });
    expect((await core.listNamespacedPod({ namespace: 'default', labelSelector: 'idx' })).items).toHaveLength(0);
  });

  it('lets an informer relist after its watch gets 410 Expired', async () => {
    let lists = 0;
    const listFn = () => {
      lists++;
      return core.listNamespacedConfigMap({ namespace: 'kube-public' });
    };
    const informer = new ListWatch('/api/v1/namespaces/kube-public/configmaps', new Watch(kc), listFn, false);
    const added: string[] = [];
    informer.on('add', cm => added.push(cm.metadata!.name!));
    await informer.start();
    await eventually(() => expect(lists).toBe(1));

    // while the watch is down, more changes than the server keeps for watch resumption
    faults = req => (req.url?.includes('watch=true') ? { code: 503 } : undefined);
    (api.server as unknown as { closeAllConnections(): void }).closeAllConnections();
    for (let i = 0; i < 30; i++) {
      await core.createNamespacedConfigMap({ namespace: 'kube-public', body: { metadata: { name: `gap-${i}` } } });
    }
    const raw = await fetch(`${api.url}/api/v1/namespaces/kube-public/configmaps?watch=true&resourceVersion=1`);
    expect(raw.status).toBe(503);
    faults = undefined;

    // the informer resumes from its old resourceVersion, gets ERROR 410, relists, and catches up
    const resumed = await fetch(`${api.url}/api/v1/namespaces/kube-public/configmaps?watch=true&resourceVersion=1`);
    expect(resumed.status).toBe(200);
    const line = JSON.parse((await resumed.text()).trim());
    expect(line).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    await informer.start();
    await eventually(() => {
      expect(lists).toBeGreaterThanOrEqual(2);
      expect(informer.list('kube-public').map(c => c.metadata!.name).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `gap-${i}`).sort());
    });
    await informer.stop();
  });

  it('streams watch events with bookmarks and ends on timeoutSeconds', async () => {
    const before = store.resourceVersion;
    const res = fetch(`${api.url}/api/v1/namespaces/default/configmaps?watch=1&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion=${before}`);
    await new Promise(r => setTimeout(r, 50));
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'watched' } } });
    await core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'default' });
    const lines = (await (await res).text()).trim().split('\n').map(l => JSON.parse(l));
    const types = lines.map(l => l.type);
    expect(types.filter(t => t !== 'BOOKMARK')).toEqual(['ADDED', 'DELETED']);
    expect(types).toContain('BOOKMARK');
    const bookmark = lines.find(l => l.type === 'BOOKMARK');
    expect(bookmark.object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: expect.any(String) } });
  });

  it('answers server-side apply conflicts with 409 and applies with force', async () => {
    const applyAs = (manager: string, body: object, force = false) =>
      apps.patchNamespacedDeployment({ name: 'ssa', namespace: 'default', body, fieldManager: manager, force },
        setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply));
    const created = await applyAs('alice', deployment('ssa', { app: 'app:1' }, 2));
    expect(created.spec!.replicas).toBe(2);
    expect(created.metadata!.managedFields![0]).toMatchObject({ manager: 'alice', operation: 'Apply' });

    const status = await expectStatus(applyAs('bob', deployment('ssa', { app: 'app:1' }, 5)), 409, 'Conflict');
    expect(status.message).toBe('Apply failed with 1 conflict: conflict with "alice" using apps/v1: .spec.replicas');
    expect(status.details.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "alice" using apps/v1', field: '.spec.replicas' }]);
    expect((await apps.readNamespacedDeployment({ name: 'ssa', namespace: 'default' })).spec!.replicas).toBe(2);

    const forced = await applyAs('bob', deployment('ssa', { app: 'app:1' }, 5), true);
    expect(forced.spec!.replicas).toBe(5);
    // alice lost .spec.replicas to bob: her next apply without it conflicts no more
    const managers = forced.metadata!.managedFields!.map(m => m.manager);
    expect(managers).toEqual(['alice', 'bob']);
    await apps.deleteNamespacedDeployment({ name: 'ssa', namespace: 'default' });
  });

  it('patches one container with a strategic merge patch and keeps the other', async () => {
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('smp', { app: 'app:1', sidecar: 'side:1' }) as any });
    const patched = await apps.patchNamespacedDeployment(
      { name: 'smp', namespace: 'default', body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2' }] } } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    expect(patched.spec!.template.spec!.containers.map(c => `${c.name}=${c.image}`)).toEqual(['app=app:2', 'sidecar=side:1']);
    expect(patched.metadata!.generation).toBe(2);

    const merged = await apps.patchNamespacedDeployment(
      { name: 'smp', namespace: 'default', body: { metadata: { labels: { extra: 'yes' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect(merged.metadata!.labels).toEqual({ app: 'smp', extra: 'yes' });
    expect(merged.metadata!.generation).toBe(2);

    const jsonPatched = await apps.patchNamespacedDeployment(
      { name: 'smp', namespace: 'default', body: [{ op: 'replace', path: '/spec/replicas', value: 4 }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch));
    expect(jsonPatched.spec!.replicas).toBe(4);
    await expectStatus(apps.patchNamespacedDeployment(
      { name: 'smp', namespace: 'default', body: [{ op: 'test', path: '/spec/replicas', value: 9 }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch)), 422);

    const unsupported = await fetch(`${api.url}/apis/apps/v1/namespaces/default/deployments/smp`, { method: 'PATCH', headers: { 'Content-Type': 'text/plain' }, body: 'x' });
    expect(unsupported.status).toBe(415);
    expect((await unsupported.json()).reason).toBe('UnsupportedMediaType');
    await apps.deleteNamespacedDeployment({ name: 'smp', namespace: 'default' });
  });

  it('serves the scale and status subresources', async () => {
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('scaled', { app: 'app:1' }) as any });
    const scale = await apps.readNamespacedDeploymentScale({ name: 'scaled', namespace: 'default' });
    expect(scale).toMatchObject({ kind: 'Scale', spec: { replicas: 1 }, status: { selector: 'app=scaled' } });
    await apps.patchNamespacedDeploymentScale({ name: 'scaled', namespace: 'default', body: { spec: { replicas: 3 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    const current = await apps.readNamespacedDeployment({ name: 'scaled', namespace: 'default' });
    expect(current.spec!.replicas).toBe(3);
    current.status = { replicas: 3, observedGeneration: current.metadata!.generation };
    const withStatus = await apps.replaceNamespacedDeploymentStatus({ name: 'scaled', namespace: 'default', body: current });
    expect(withStatus.status!.replicas).toBe(3);
    expect((await apps.readNamespacedDeploymentScale({ name: 'scaled', namespace: 'default' })).status!.replicas).toBe(3);
    await apps.deleteNamespacedDeployment({ name: 'scaled', namespace: 'default' });
  });

  it('cascades deletion in the background, in the foreground, and orphans on request', async () => {
    const makeFamily = async (name: string) => {
      const owner = await apps.createNamespacedDeployment({ namespace: 'default', body: deployment(name, { app: 'pause' }) as any });
      const ownerRef = { apiVersion: 'apps/v1', kind: 'Deployment', name, uid: owner.metadata!.uid!, controller: true, blockOwnerDeletion: true };
      const rs = await apps.createNamespacedReplicaSet({ namespace: 'default', body: { metadata: { name: `${name}-rs`, labels: { app: name }, ownerReferences: [ownerRef] }, spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'pause' }] } } } } });
      const rsRef = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-rs`, uid: rs.metadata!.uid!, controller: true, blockOwnerDeletion: true };
      await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: `${name}-pod`, labels: { app: name }, ownerReferences: [rsRef] }, spec: { containers: [{ name: 'c', image: 'pause' }] } } });
    };
    const exists = async (kind: 'rs' | 'pod', name: string) => {
      const list = kind === 'rs'
        ? await apps.listNamespacedReplicaSet({ namespace: 'default', fieldSelector: `metadata.name=${name}` })
        : await core.listNamespacedPod({ namespace: 'default', fieldSelector: `metadata.name=${name}` });
      return list.items.length > 0;
    };

    await makeFamily('bg');
    await apps.deleteNamespacedDeployment({ name: 'bg', namespace: 'default', propagationPolicy: 'Background' });
    await eventually(async () => {
      expect(await exists('rs', 'bg-rs')).toBe(false);
      expect(await exists('pod', 'bg-pod')).toBe(false);
    });

    await makeFamily('fg');
    // a finalizer on the pod holds the chain, so the foreground state is observable
    const pod = await core.readNamespacedPod({ name: 'fg-pod', namespace: 'default' });
    pod.metadata!.finalizers = ['example.com/hold'];
    await core.replaceNamespacedPod({ name: 'fg-pod', namespace: 'default', body: pod });
    await apps.deleteNamespacedDeployment({ name: 'fg', namespace: 'default', propagationPolicy: 'Foreground' });
    await eventually(async () => {
      const owner = await apps.readNamespacedDeployment({ name: 'fg', namespace: 'default' });
      expect(owner.metadata!.deletionTimestamp).toBeDefined();
      expect(owner.metadata!.finalizers).toContain('foregroundDeletion');
      const rs = await apps.readNamespacedReplicaSet({ name: 'fg-rs', namespace: 'default' });
      expect(rs.metadata!.finalizers).toContain('foregroundDeletion');
    });
    const held = await core.readNamespacedPod({ name: 'fg-pod', namespace: 'default' });
    expect(held.metadata!.deletionTimestamp).toBeDefined();
    held.metadata!.finalizers = [];
    await core.replaceNamespacedPod({ name: 'fg-pod', namespace: 'default', body: held });
    await eventually(async () => {
      expect(await exists('rs', 'fg-rs')).toBe(false);
      await expectStatus(apps.readNamespacedDeployment({ name: 'fg', namespace: 'default' }), 404);
    });

    await makeFamily('or');
    await apps.deleteNamespacedDeployment({ name: 'or', namespace: 'default', propagationPolicy: 'Orphan' });
    await new Promise(r => setTimeout(r, 100));
    const orphan = await apps.readNamespacedReplicaSet({ name: 'or-rs', namespace: 'default' });
    expect(orphan.metadata!.ownerReferences).toBeUndefined();
    expect(await exists('pod', 'or-pod')).toBe(true);
    await apps.deleteNamespacedReplicaSet({ name: 'or-rs', namespace: 'default' });
    await eventually(async () => expect(await exists('pod', 'or-pod')).toBe(false));
  });

  it('does not persist dry runs', async () => {
    const dry = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'dry' }, data: { a: '1' } }, dryRun: 'All' });
    expect(dry.metadata!.name).toBe('dry');
    await expectStatus(core.readNamespacedConfigMap({ name: 'dry', namespace: 'default' }), 404);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'dry' }, data: { a: '1' } } });
    const objects = KubernetesObjectApi.makeApiClient(kc);
    await objects.patch({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry', namespace: 'default' }, data: { a: '2' } }, undefined, 'All', 'tester', true, PatchStrategy.ServerSideApply);
    await core.deleteNamespacedConfigMap({ name: 'dry', namespace: 'default', dryRun: 'All' });
    const after = await core.readNamespacedConfigMap({ name: 'dry', namespace: 'default' });
    expect(after.data).toEqual({ a: '1' });
    await core.deleteNamespacedConfigMap({ name: 'dry', namespace: 'default' });
  });

  it('serves custom resources once their CRD exists', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc);
    await objects.create({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'canaries.example.com' },
      spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'canaries', singular: 'canary', kind: 'Canary' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }, subresources: { status: {} } }] },
    } as any);
    const created = await objects.create({ apiVersion: 'example.com/v1', kind: 'Canary', metadata: { name: 'c1', namespace: 'default' }, spec: { weight: 10 } } as any);
    expect(created.metadata!.uid).toBeDefined();
    const list = await objects.list('example.com/v1', 'Canary', 'default');
    expect(list.items.map(i => (i as any).spec.weight)).toEqual([10]);
    const rl = await (await fetch(`${api.url}/apis/example.com/v1`)).json();
    expect(rl.resources.map((r: any) => r.name)).toEqual(['canaries', 'canaries/status']);
  });

  it('answers injected faults with Retry-After, and 401 without the token when one is set', async () => {
    faults = () => ({ code: 429, retryAfterSeconds: 2 });
    const throttled = await fetch(`${api.url}/api/v1/namespaces`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect((await throttled.json()).reason).toBe('TooManyRequests');
    faults = undefined;

    const secured = await startApiServer({ store, port: 0, token: 'secret' });
    try {
      const denied = await fetch(`${secured.url}/api/v1/namespaces`, { headers: { Authorization: 'Bearer wrong' } });
      expect(denied.status).toBe(401);
      expect(await denied.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
      const allowed = await fetch(`${secured.url}/api/v1/namespaces`, { headers: { Authorization: 'Bearer secret' } });
      expect(allowed.status).toBe(200);
    } finally {
      await secured.close();
    }
  });
});
