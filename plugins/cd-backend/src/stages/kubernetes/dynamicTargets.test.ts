import { checkPreconditionsStage, expressionPrecondition } from '../checkPreconditions';
import { clusterSizePrecondition } from './clusterSizePrecondition';
import { kubernetesStages } from '.';
import { KubernetesClientFactory } from '../../kubernetes';
import { replicaSet, useTestbed } from './__testUtils__/testbed';

jest.setTimeout(120_000);

const bed = useTestbed({
  namespace: 'dyn',
  // The harness registers the generic checkPreconditions; this one adds clusterSize, as plugin.ts does.
  extraStages: clients => [
    { ...checkPreconditionsStage([expressionPrecondition, clusterSizePrecondition({ clients })]), type: 'checkClusterPreconditions' },
  ],
});

const find = (criteria: string) =>
  bed.runStage({ type: 'findArtifactsFromResource', account: 'dev', location: 'dyn', cluster: 'replicaSet ver', criteria });

const clusterSize = (comparison: string, expected: number | string, extra: Record<string, unknown> = {}) =>
  bed.runStage({
    type: 'checkClusterPreconditions',
    preconditions: [{ type: 'clusterSize', context: { credentials: 'dev', cluster: 'replicaSet ver', namespace: 'dyn', comparison, expected, ...extra } }],
  });

describe('dynamic targets (cluster + criteria) and clusterSize', () => {
  beforeAll(async () => {
    await bed.kube('POST', '/api/v1/namespaces/dyn/configmaps', { metadata: { name: 'cfg-v004' }, data: {} });
    // Three versions of one cluster with 1, 3 and 2 replicas.
    for (const [tag, replicas] of [['1', 1], ['2', 3], ['3', 2]] as const) {
      const manifest = replicaSet('ver', replicas, { image: `ghcr.io/acme/ver:${tag}` });
      (manifest.spec.template.spec.containers[0] as any).envFrom = [{ configMapRef: { name: 'cfg-v004' } }];
      const { execution } = await bed.runStage({ type: 'deployManifest', account: 'dev', namespaceOverride: 'dyn', manifests: [manifest] });
      if (execution.status !== 'SUCCEEDED') throw new Error(`setup deploy ${tag} ended ${execution.status}`);
    }
  });

  it.each([
    ['newest', 'ver-v002'],
    ['second_newest', 'ver-v001'],
    ['oldest', 'ver-v000'],
    ['largest', 'ver-v001'],
    ['smallest', 'ver-v000'],
  ])('%s resolves to %s', async (criteria, name) => {
    const { execution, stage } = await find(criteria);
    expect(execution.status).toBe('SUCCEEDED');
    expect(stage.context.manifestName).toBe(`replicaSet ${name}`);
    expect((stage.outputs.manifest as any).metadata.name).toBe(name);
  });

  it('finds the artifacts a live workload uses', async () => {
    const { stage } = await bed.runStage({ type: 'findArtifactsFromResource', account: 'dev', location: 'dyn', manifestName: 'replicaSet ver-v002' });
    expect(stage.outputs.artifacts).toEqual([
      { type: 'docker/image', name: 'ghcr.io/acme/ver', reference: 'ghcr.io/acme/ver:3', version: '3' },
      { type: 'kubernetes/configMap', name: 'cfg', reference: 'cfg-v004', location: 'dyn', version: 'v004' },
    ]);
  });

  it('scales and deletes by criteria; clusterSize compares the number of server groups', async () => {
    expect((await clusterSize('==', 3)).execution.status).toBe('SUCCEEDED');
    const scaled = await bed.runStage({ type: 'scaleManifest', account: 'dev', location: 'dyn', cluster: 'replicaSet ver', criteria: 'smallest', replicas: 0 });
    expect(scaled.execution.status).toBe('SUCCEEDED');
    expect((await bed.kube('GET', '/apis/apps/v1/namespaces/dyn/replicasets/ver-v000')).spec.replicas).toBe(0);

    const deleted = await bed.runStage({ type: 'deleteManifest', account: 'dev', location: 'dyn', cluster: 'ver', kind: 'replicaSet', criteria: 'oldest' });
    expect(deleted.execution.status).toBe('SUCCEEDED');
    expect(deleted.stage.outputs['outputs.manifestNamesByNamespace']).toEqual({ dyn: ['replicaSet ver-v000'] });

    const failing = await clusterSize('>=', 3);
    expect(failing.execution.status).toBe('TERMINAL');
    expect(JSON.stringify(failing.stage.exception)).toContain('cluster replicaSet ver in dyn (account dev) has 2 server groups; expected >= 3');
    expect((await clusterSize('<', "${2 + 1}")).execution.status).toBe('SUCCEEDED');

    const unknownAccount = await bed.runStage({
      type: 'checkClusterPreconditions',
      preconditions: [{ type: 'clusterSize', context: { credentials: 'nope', cluster: 'replicaSet ver', comparison: '==', expected: 1 } }],
    });
    expect(JSON.stringify(unknownAccount.stage.exception)).toContain("no Kubernetes account 'nope'");
  });

  it('fails clearly when no server group matches', async () => {
    const { execution, stage } = await bed.runStage({ type: 'scaleManifest', account: 'dev', location: 'dyn', cluster: 'replicaSet none', criteria: 'second_newest', replicas: 1 });
    expect(execution.status).toBe('TERMINAL');
    expect(JSON.stringify(stage.exception)).toContain("no second_newest server group in cluster 'replicaSet none' in dyn (account dev): it has 0");
  });

  it('validates targets and clusterSize with field paths', () => {
    const stages = kubernetesStages({ clients: new KubernetesClientFactory([]) });
    const scale = stages.find(s => s.type === 'scaleManifest')!;
    expect(scale.validate!({ refId: '1', type: 'scaleManifest', account: 'dev', cluster: 'replicaSet x', criteria: 'biggest', replicas: 1 } as any, 's')).toEqual([
      { path: 's.criteria', message: 'must be one of newest, second_newest, oldest, largest, smallest' },
    ]);
    const check = checkPreconditionsStage([clusterSizePrecondition({ clients: new KubernetesClientFactory([]) })]);
    expect(check.validate!({ refId: '1', type: 'checkPreconditions', preconditions: [{ type: 'clusterSize', context: { comparison: '!=', expected: -1 } }] } as any, 's')).toEqual([
      { path: 's.preconditions[0].context.credentials', message: 'is required (the account)' },
      { path: 's.preconditions[0].context.cluster', message: 'is required ("replicaSet my-app")' },
      { path: 's.preconditions[0].context.comparison', message: 'must be one of == < <= > >=' },
      { path: 's.preconditions[0].context.expected', message: 'must be a whole number of at least 0' },
    ]);
  });
});
