import { endpointPods, podsOf, replicaSet, service, useTestbed, waitFor } from './__testUtils__/testbed';

jest.setTimeout(120_000);

const bed = useTestbed({ namespace: 'traffic' });

const deployWeb = (strategy: string, tag: string, name = 'web') => ({
  type: 'deployManifest',
  account: 'dev',
  namespaceOverride: 'traffic',
  manifests: [replicaSet(name, 2, { image: `pause:${tag}` })],
  trafficManagement: { enabled: true, options: { enableTraffic: true, namespace: 'traffic', services: [`service ${name}`], strategy } },
});

const podNames = async (rs: string) => (await podsOf(bed, rs)).map(p => p.metadata.name).sort();

/** Waits until the Service's endpoints are exactly the pods of these ReplicaSets. */
async function expectTrafficTo(serviceName: string, ...replicaSets: string[]) {
  let expected: string[] = [];
  await waitFor(async () => {
    expected = (await Promise.all(replicaSets.map(podNames))).flat().sort();
    const actual = await endpointPods(bed, serviceName);
    return expected.length > 0 && JSON.stringify(actual) === JSON.stringify(expected);
  }, `endpoints of ${serviceName} to be the pods of ${replicaSets.join(', ')}`);
  return expected;
}

const rsPath = (name: string) => `/apis/apps/v1/namespaces/traffic/replicasets/${name}`;

describe('traffic management through Service selector labels', () => {
  beforeAll(async () => {
    await bed.kube('POST', '/api/v1/namespaces/traffic/services', service('web', { serving: 'web' }));
    await bed.kube('POST', '/api/v1/namespaces/traffic/services', service('api', { serving: 'api' }));
  });

  it('red/black: the new version takes the traffic, the old one is disabled and keeps running; rollback and enable/disable move it', async () => {
    const first = await bed.runStage(deployWeb('redblack', '1'));
    expect(first.execution.status).toBe('SUCCEEDED');
    const v0 = await bed.kube('GET', rsPath('web-v000'));
    expect(v0.metadata.annotations['traffic.spinnaker.io/load-balancers']).toBe('["service web"]');
    expect(v0.spec.template.metadata.labels.serving).toBe('web');
    expect(v0.spec.selector.matchLabels).toEqual({ app: 'web' });
    await expectTrafficTo('web', 'web-v000');

    const second = await bed.runStage(deployWeb('redblack', '2'));
    expect(second.execution.status).toBe('SUCCEEDED');
    expect(second.stage.outputs['outputs.manifestNamesByNamespace']).toEqual({ traffic: ['replicaSet web-v001'] });
    expect(second.stage.outputs['outputs.disabledServerGroups']).toEqual(['replicaSet web-v000']);
    await expectTrafficTo('web', 'web-v001');

    // The old version is disabled, not gone: its pods run without the Service's label.
    const old = await bed.kube('GET', rsPath('web-v000'));
    expect(old.spec.template.metadata.labels.serving).toBeUndefined();
    expect(old.status.readyReplicas).toBe(2);
    const oldPods = await podsOf(bed, 'web-v000');
    expect(oldPods).toHaveLength(2);
    expect(oldPods.every(p => p.metadata.labels.serving === undefined && p.status.phase === 'Running')).toBe(true);

    // Rollback: traffic goes back to v000, v001 is disabled and keeps running.
    const undo = await bed.runStage({ type: 'undoRolloutManifest', account: 'dev', location: 'traffic', manifestName: 'replicaSet web-v001', numRevisionsBack: 1 });
    expect(undo.execution.status).toBe('SUCCEEDED');
    expect(undo.stage.outputs.rolledBackTo).toEqual({ serverGroup: 'replicaSet web-v000' });
    await expectTrafficTo('web', 'web-v000');
    expect(await podNames('web-v001')).toHaveLength(2);

    // enableManifest / disableManifest, by static name and by dynamic target.
    const enable = await bed.runStage({ type: 'enableManifest', account: 'dev', location: 'traffic', manifestName: 'replicaSet web-v001' });
    expect(enable.execution.status).toBe('SUCCEEDED');
    await expectTrafficTo('web', 'web-v000', 'web-v001');
    const disable = await bed.runStage({ type: 'disableManifest', account: 'dev', location: 'traffic', cluster: 'replicaSet web', criteria: 'oldest' });
    expect(disable.execution.status).toBe('SUCCEEDED');
    expect(disable.stage.context.manifestName).toBe('replicaSet web-v000');
    await expectTrafficTo('web', 'web-v001');
  });

  it('highlander: older versions are disabled, then deleted', async () => {
    expect((await bed.runStage(deployWeb('highlander', '1', 'api'))).execution.status).toBe('SUCCEEDED');
    await expectTrafficTo('api', 'api-v000');
    const second = await bed.runStage(deployWeb('highlander', '2', 'api'));
    expect(second.execution.status).toBe('SUCCEEDED');
    expect(second.stage.outputs['outputs.deletedServerGroups']).toEqual(['replicaSet api-v000']);
    await expect(bed.kube('GET', rsPath('api-v000'))).rejects.toThrow(/404/);
    await expectTrafficTo('api', 'api-v001');
    await waitFor(async () => (await podNames('api-v000')).length === 0, 'the old pods to be gone');
  });

  it('attaches workloads named by the traffic.spinnaker.io/load-balancers annotation, and refuses overlapping selectors', async () => {
    await bed.kube('POST', '/api/v1/namespaces/traffic/services', service('batch', { serving: 'batch' }));
    const annotated = replicaSet('batch', 1, { annotations: { 'traffic.spinnaker.io/load-balancers': '["service batch"]' } });
    const ok = await bed.runStage({ type: 'deployManifest', account: 'dev', namespaceOverride: 'traffic', manifests: [annotated] });
    expect(ok.execution.status).toBe('SUCCEEDED');
    await expectTrafficTo('batch', 'batch-v000');

    await bed.kube('POST', '/api/v1/namespaces/traffic/services', service('clash', { app: 'clash' }));
    const clash = await bed.runStage({ ...deployWeb('redblack', '1', 'clash') });
    expect(clash.execution.status).toBe('TERMINAL');
    expect(JSON.stringify(clash.stage.exception)).toContain("service clash's selector shares label app with ReplicaSet clash's selector");
  });

  it('fails clearly when a strategy is used without a versioned workload, or a server group names no load balancers', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'dep' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'dep' } }, template: { metadata: { labels: { app: 'dep' } }, spec: { containers: [{ name: 'main', image: 'pause' }] } } },
    };
    const strategy = await bed.runStage({ ...deployWeb('redblack', '1'), manifests: [deployment] });
    expect(strategy.execution.status).toBe('TERMINAL');
    expect(JSON.stringify(strategy.stage.exception)).toContain('needs a versioned workload');

    await bed.runStage({ type: 'deployManifest', account: 'dev', namespaceOverride: 'traffic', manifests: [replicaSet('plain', 1)] });
    const disable = await bed.runStage({ type: 'disableManifest', account: 'dev', location: 'traffic', manifestName: 'replicaSet plain-v000' });
    expect(disable.execution.status).toBe('TERMINAL');
    expect(JSON.stringify(disable.stage.exception)).toContain('names no load balancers');
  });
});
