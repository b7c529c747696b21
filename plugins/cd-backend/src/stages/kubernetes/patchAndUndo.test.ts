import { deployment } from '../../inventory/testing';
import { kubernetesStages } from '.';
import { KubernetesClientFactory } from '../../kubernetes';
import { useTestbed, waitFor } from './__testUtils__/testbed';

jest.setTimeout(120_000);

const bed = useTestbed({ namespace: 'pu' });
const getDeployment = () => bed.kube('GET', '/apis/apps/v1/namespaces/pu/deployments/web');
const patch = (mergeStrategy: string, patchBody: unknown, extra: Record<string, unknown> = {}) =>
  bed.runStage({ type: 'patchManifest', account: 'dev', location: 'pu', manifestName: 'deployment web', options: { mergeStrategy, ...extra }, patchBody });

describe('patchManifest and undoRolloutManifest on a Deployment', () => {
  beforeAll(async () => {
    const web = deployment('web', { replicas: 1, image: 'pause:1' });
    (web.spec.template.spec.containers as any[]).push({ name: 'sidecar', image: 'pause:side' });
    const { execution } = await bed.runStage({ type: 'deployManifest', account: 'dev', namespaceOverride: 'pu', manifests: [web] });
    if (execution.status !== 'SUCCEEDED') throw new Error(`setup deploy ended ${execution.status}`);
  });

  it('patches with strategic merge (containers by name), JSON merge and JSON patch, waiting until stable', async () => {
    const strategic = await patch('strategic', { spec: { template: { spec: { containers: [{ name: 'main', image: 'pause:2' }] } } } }, { record: true });
    expect(strategic.execution.status).toBe('SUCCEEDED');
    expect(strategic.stage.context.stableStatus).toBe('stable');
    let live = await getDeployment();
    expect(live.spec.template.spec.containers.map((c: any) => c.image)).toEqual(['pause:2', 'pause:side']);
    expect(live.metadata.annotations['kubernetes.io/change-cause']).toContain('strategic patch by pipeline');

    expect((await patch('merge', { metadata: { labels: { tier: 'front' } } })).execution.status).toBe('SUCCEEDED');
    expect((await getDeployment()).metadata.labels.tier).toBe('front');

    const json = await patch('json', [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'pause:3' }]);
    expect(json.execution.status).toBe('SUCCEEDED');
    live = await getDeployment();
    expect(live.spec.template.spec.containers[0].image).toBe('pause:3');
    await waitFor(async () => (await getDeployment()).metadata.annotations['deployment.kubernetes.io/revision'] === '3', 'revision 3');

    const bad = await patch('json', [{ op: 'replace', path: '/spec/nothing/here', value: 1 }]);
    expect(bad.execution.status).toBe('TERMINAL');
    expect(JSON.stringify(bad.stage.exception)).toMatch(/422/);
  });

  it('rolls back by numRevisionsBack, then to an explicit revision, also when targeted through one of its ReplicaSets', async () => {
    const back = await bed.runStage({ type: 'undoRolloutManifest', account: 'dev', location: 'pu', manifestName: 'deployment web', numRevisionsBack: 1 });
    expect(back.execution.status).toBe('SUCCEEDED');
    expect(back.stage.outputs.rolledBackTo).toMatchObject({ revision: 2 });
    expect((await getDeployment()).spec.template.spec.containers[0].image).toBe('pause:2');

    const sets = await bed.kube('GET', '/apis/apps/v1/namespaces/pu/replicasets');
    const current = sets.items.find((rs: any) => rs.spec.template.spec.containers[0].image === 'pause:2');
    const toFirst = await bed.runStage({ type: 'undoRolloutManifest', account: 'dev', location: 'pu', manifestName: `replicaSet ${current.metadata.name}`, revision: 1 });
    expect(toFirst.execution.status).toBe('SUCCEEDED');
    const live = await getDeployment();
    expect(live.spec.template.spec.containers[0].image).toBe('pause:1');
    expect(live.spec.template.metadata.labels['pod-template-hash']).toBeUndefined();
    expect(live.status.availableReplicas).toBe(1);

    const missing = await bed.runStage({ type: 'undoRolloutManifest', account: 'dev', location: 'pu', manifestName: 'deployment web', revision: 99 });
    expect(missing.execution.status).toBe('TERMINAL');
    expect(JSON.stringify(missing.stage.exception)).toMatch(/deployment web in pu has no revision 99 \(revisions kept: [\d, ]+\)/);
  });

  it('validates patch and undo fields with their paths', () => {
    const stages = kubernetesStages({ clients: new KubernetesClientFactory([]) });
    const patchStage = stages.find(s => s.type === 'patchManifest')!;
    expect(patchStage.validate!({ refId: '1', type: 'patchManifest', account: 'dev', manifestName: 'deployment web', options: { mergeStrategy: 'json' }, patchBody: { a: 1 } } as any, 's')).toEqual([
      { path: 's.patchBody', message: 'must be a list of JSON patch operations with mergeStrategy json' },
    ]);
    expect(patchStage.validate!({ refId: '1', type: 'patchManifest', account: 'dev', manifestName: 'deployment web', options: { mergeStrategy: 'xml' } } as any, 's')).toEqual([
      { path: 's.options.mergeStrategy', message: 'must be one of merge, strategic, json' },
      { path: 's.patchBody', message: 'is required' },
    ]);
    const undo = stages.find(s => s.type === 'undoRolloutManifest')!;
    expect(undo.validate!({ refId: '1', type: 'undoRolloutManifest', account: 'dev', manifestName: 'deployment web', numRevisionsBack: 0 } as any, 's')).toEqual([
      { path: 's.numRevisionsBack', message: 'must be at least 1' },
    ]);
  });
});
