import { AccountCache } from './AccountCache';
import { podHealth } from './health';
import { buildAccountClusters } from './model';
import { declaredMoniker, defaultClusterName, parseVersionedName } from './moniker';
import type { KubeObject } from './objects';

const obj = (name: string, extra: Partial<KubeObject['metadata']> = {}, rest: Partial<KubeObject> = {}): KubeObject => ({
  metadata: { name, namespace: 'ns', uid: `uid-${name}`, ...extra },
  ...rest,
});

describe('moniker', () => {
  it('prefers the moniker annotations, then backstage.io/kubernetes-id, then app.kubernetes.io/name', () => {
    const labels = { 'backstage.io/kubernetes-id': 'from-id', 'app.kubernetes.io/name': 'from-name' };
    expect(declaredMoniker('ReplicaSet', obj('web-v003', {
      labels,
      annotations: { 'moniker.spinnaker.io/application': 'shop', 'moniker.spinnaker.io/cluster': 'frontend', 'moniker.spinnaker.io/stack': 'prod', 'moniker.spinnaker.io/detail': 'eu' },
    }))).toEqual({ app: 'shop', explicitApp: true, cluster: 'frontend', stack: 'prod', detail: 'eu', sequence: 3 });
    expect(declaredMoniker('Service', obj('web', { labels })).app).toBe('from-id');
    expect(declaredMoniker('Service', obj('web', { labels: { 'app.kubernetes.io/name': 'from-name' } })).app).toBe('from-name');
    expect(declaredMoniker('Service', obj('web')).app).toBeUndefined();
    expect(declaredMoniker('StatefulSet', obj('db', { annotations: { 'moniker.spinnaker.io/sequence': '7' } })).sequence).toBe(7);
  });

  it('derives cluster names and versions from names', () => {
    expect(defaultClusterName('ReplicaSet', 'web-v012')).toBe('replicaSet web');
    expect(defaultClusterName('StatefulSet', 'db')).toBe('statefulSet db');
    expect(parseVersionedName('web-v012')).toEqual({ base: 'web', sequence: 12 });
    expect(parseVersionedName('web-v1')).toEqual({ base: 'web-v1' });
  });
});

describe('podHealth', () => {
  const now = Date.parse('2024-01-01T00:10:00Z');
  const pod = (status: object, meta: object = {}) => obj('p', { creationTimestamp: '2024-01-01T00:09:00Z', ...meta }, { status });
  const grace = 120_000;

  it('maps readiness and container states to up / down / starting / unknown', () => {
    expect(podHealth(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }), now, grace)).toEqual({ health: 'up' });
    expect(podHealth(pod({ phase: 'Running', containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }] }), now, grace))
      .toEqual({ health: 'down', reason: 'CrashLoopBackOff' });
    expect(podHealth(pod({ phase: 'Running', containerStatuses: [{ state: { terminated: { exitCode: 1, reason: 'Error' } } }] }), now, grace))
      .toEqual({ health: 'down', reason: 'Error' });
    expect(podHealth(pod({ phase: 'Failed' }), now, grace)).toEqual({ health: 'down', reason: 'Failed' });
    expect(podHealth(pod({ phase: 'Running', startTime: '2024-01-01T00:09:30Z', conditions: [{ type: 'Ready', status: 'False' }] }), now, grace))
      .toEqual({ health: 'starting', reason: 'NotReady', changesAt: Date.parse('2024-01-01T00:09:30Z') + grace });
    expect(podHealth(pod({ phase: 'Running', startTime: '2024-01-01T00:00:00Z', conditions: [{ type: 'Ready', status: 'False' }] }), now, grace).health)
      .toBe('unknown');
    expect(podHealth(pod({ phase: 'Succeeded' }), now, grace)).toEqual({ health: 'up', reason: 'Completed' });
    const killed = {
      phase: 'Running',
      startTime: '2024-01-01T00:09:30Z',
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [{ ready: false, restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 137, reason: 'Error' } } }],
    };
    expect(podHealth(pod(killed), now, grace)).toEqual({ health: 'down', reason: 'Restarted after Error (exit code 137)' });
    const recovered = { ...killed, conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ ...killed.containerStatuses[0], ready: true }] };
    expect(podHealth(pod(recovered), now, grace)).toEqual({ health: 'up' });
    expect(podHealth(pod({ phase: 'Running' }, { deletionTimestamp: '2024-01-01T00:09:59Z' }), now, grace).health).toBe('down');
  });
});

describe('AccountCache', () => {
  const deploymentObj = (app: string) => obj('web', { uid: 'd1', annotations: { 'moniker.spinnaker.io/application': app } });
  const rs = obj('web-abc', { uid: 'r1', ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'd1', controller: true }] });
  const pod = obj('web-abc-1', { uid: 'p1', ownerReferences: [{ kind: 'ReplicaSet', name: 'web-abc', uid: 'r1', controller: true }] });

  it('files ReplicaSets and pods under their Deployment whatever order they arrive in, and follows its application', () => {
    const cache = new AccountCache();
    const affected = new Set<string>();
    cache.upsert('Pod', pod, affected);
    cache.upsert('ReplicaSet', rs, affected);
    expect(cache.get('ReplicaSet', 'ns', 'web-abc')!.moniker).toBeUndefined();
    expect(cache.get('ReplicaSet', 'ns', 'web-abc')!.app).toBeUndefined();
    expect(affected.size).toBe(0);

    cache.upsert('Deployment', deploymentObj('shop'), affected);
    expect([...affected]).toEqual(['shop']);
    expect(cache.appEntries('shop').map(e => e.key).sort()).toEqual(['Deployment/ns/web', 'ReplicaSet/ns/web-abc']);
    expect(cache.get('ReplicaSet', 'ns', 'web-abc')!.moniker).toEqual({ app: 'shop', cluster: 'deployment web' });
    expect(cache.get('Pod', 'ns', 'web-abc-1')!.app).toBe('shop');

    affected.clear();
    cache.upsert('Deployment', deploymentObj('market'), affected);
    expect([...affected].sort()).toEqual(['market', 'shop']);
    expect(cache.appEntries('shop')).toEqual([]);
    expect(cache.get('Pod', 'ns', 'web-abc-1')!.app).toBe('market');

    affected.clear();
    cache.replace('ReplicaSet', undefined, [], affected);
    expect([...affected]).toEqual(['market']);
    expect(cache.appEntries('market').map(e => e.key)).toEqual(['Deployment/ns/web']);
  });

  it('reports the applications of the children of an object it drops', () => {
    const cache = new AccountCache();
    const affected = new Set<string>();
    const ownApp = obj('web-abc', {
      uid: 'r1',
      annotations: { 'moniker.spinnaker.io/application': 'audit' },
      ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'd1', controller: true }],
    });
    cache.upsert('Deployment', deploymentObj('shop'), affected);
    cache.upsert('ReplicaSet', ownApp, affected);
    affected.clear();
    // The ReplicaSet (application audit) shows its Deployment's revision: audit's view changes too.
    cache.remove('Deployment', deploymentObj('shop'), affected);
    expect([...affected].sort()).toEqual(['audit', 'shop']);
    affected.clear();
    cache.upsert('Deployment', deploymentObj('shop'), affected);
    affected.clear();
    cache.replace('Deployment', undefined, [], affected);
    expect([...affected].sort()).toEqual(['audit', 'shop']);
  });

  it('keeps a bounded number of events', () => {
    const cache = new AccountCache(3);
    const affected = new Set<string>();
    for (let i = 0; i < 5; i++) {
      cache.upsert('Event', obj(`e${i}`, { uid: `e${i}` }, { involvedObject: { uid: 'r1' } } as any), affected);
    }
    expect(cache.eventCount).toBe(3);
    expect(cache.eventsFor('r1').map(e => e.metadata.name)).toEqual(['e2', 'e3', 'e4']);
  });
});

describe('buildAccountClusters', () => {
  const now = Date.parse('2024-01-01T00:10:00Z');
  const grace = 120_000;
  const rs = obj('web-v001', { uid: 'r1', labels: { 'backstage.io/kubernetes-id': 'shop' } }, { spec: { replicas: 2 } });
  const pod = (name: string, status: object) =>
    obj(name, { uid: name, ownerReferences: [{ kind: 'ReplicaSet', name: 'web-v001', uid: 'r1', controller: true }] }, { status });
  const build = (pods: KubeObject[]) => {
    const cache = new AccountCache();
    const affected = new Set<string>();
    cache.upsert('ReplicaSet', rs, affected);
    pods.forEach(p => cache.upsert('Pod', p, affected));
    const expiry = { at: Infinity };
    const view = buildAccountClusters(cache, { name: 'dev', status: 'ok' }, 'shop', { account: 'dev', now, startupGraceMs: grace, expiry });
    return { view, expiry };
  };

  it('reports when the view changes by time alone: the earliest end of a starting instance\'s window', () => {
    const starting = (name: string, startTime: string) =>
      pod(name, { phase: 'Running', startTime, conditions: [{ type: 'Ready', status: 'False' }] });
    const { view, expiry } = build([starting('a', '2024-01-01T00:09:30Z'), starting('b', '2024-01-01T00:09:00Z')]);
    expect(view.clusters[0].serverGroups[0].health).toMatchObject({ starting: 2 });
    expect(expiry.at).toBe(Date.parse('2024-01-01T00:09:00Z') + grace);
  });

  it('reports no time limit when no instance is starting', () => {
    const { view, expiry } = build([pod('a', { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] })]);
    expect(view.clusters[0].serverGroups[0].health).toMatchObject({ up: 1 });
    expect(expiry.at).toBe(Infinity);
  });
});
