import { replicaSet, useTestbed } from './__testUtils__/testbed';

jest.setTimeout(120_000);

const bed = useTestbed({ namespace: 'strat' });
const deploy = (manifests: unknown, extra: Record<string, unknown> = {}) =>
  bed.runStage({ type: 'deployManifest', account: 'dev', namespaceOverride: 'strat', manifests, ...extra });
const get = (path: string) => bed.kube('GET', `/apis/apps/v1/namespaces/strat/${path}`);

describe('deployManifest strategy and artifact annotations', () => {
  it('takes a YAML string, binds the versioned ConfigMap into the workload and adds artifact annotations', async () => {
    const yaml = `
apiVersion: v1
kind: ConfigMap
metadata: { name: settings }
data: { mode: fast }
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: app }
spec:
  replicas: 1
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec:
      containers:
        - name: main
          image: ghcr.io/acme/app:1.0.0
          envFrom: [{ configMapRef: { name: settings } }]
`;
    const { execution, stage } = await deploy(yaml, {
      requiredArtifacts: [{ artifact: { type: 'docker/image', name: 'ghcr.io/acme/app', reference: 'ghcr.io/acme/app:2.0.0' } }],
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(stage.outputs['outputs.manifestNamesByNamespace']).toEqual({ strat: ['configMap settings-v000', 'replicaSet app-v000'] });
    const rs = await get('replicasets/app-v000');
    expect(rs.spec.template.spec.containers[0].envFrom[0].configMapRef.name).toBe('settings-v000');
    expect(rs.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/app:2.0.0');
    expect(rs.metadata.annotations).toMatchObject({
      'artifact.spinnaker.io/type': 'kubernetes/replicaSet',
      'artifact.spinnaker.io/name': 'app',
      'artifact.spinnaker.io/location': 'strat',
      'artifact.spinnaker.io/version': 'v000',
    });
    expect(stage.outputs['outputs.createdArtifacts']).toEqual([
      { type: 'kubernetes/configMap', name: 'settings', reference: 'settings-v000', location: 'strat', version: 'v000', metadata: { account: 'dev' } },
      { type: 'kubernetes/replicaSet', name: 'app', reference: 'app-v000', location: 'strat', version: 'v000', metadata: { account: 'dev' } },
    ]);
    expect(stage.outputs['outputs.boundArtifacts']).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: 'docker/image', reference: 'ghcr.io/acme/app:2.0.0' }),
      { type: 'kubernetes/configMap', name: 'settings', reference: 'settings-v000' },
    ]));
  });

  it('keeps only max-version-history versions and takes the live capacity with use-source-capacity', async () => {
    const annotations = { 'strategy.spinnaker.io/max-version-history': '2', 'strategy.spinnaker.io/use-source-capacity': 'true' };
    for (const tag of ['1', '2']) {
      const r = await deploy([replicaSet('hist', 1, { annotations, image: `pause:${tag}` })]);
      expect(r.execution.status).toBe('SUCCEEDED');
    }
    // Someone scaled the current version by hand: the next version starts with that capacity.
    await bed.kube('PATCH', '/apis/apps/v1/namespaces/strat/replicasets/hist-v001/scale', { spec: { replicas: 3 } }, 'application/merge-patch+json');
    const third = await deploy([replicaSet('hist', 1, { annotations, image: 'pause:3' })]);
    expect(third.execution.status).toBe('SUCCEEDED');
    expect(third.stage.outputs['outputs.prunedVersions']).toEqual(['replicaSet hist-v000']);
    expect((await get('replicasets/hist-v002')).spec.replicas).toBe(3);
    await expect(get('replicasets/hist-v000')).rejects.toThrow(/404/);
    expect((await get('replicasets/hist-v001')).metadata.name).toBe('hist-v001');
  });

  it('recreates an object with the recreate strategy and replaces it with the replace strategy', async () => {
    const cm = (data: Record<string, string>, annotations: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'flags', annotations: { 'strategy.spinnaker.io/versioned': 'false', ...annotations } },
      data,
    });
    const path = '/api/v1/namespaces/strat/configmaps/flags';
    expect((await deploy([cm({ a: '1' }, {})])).execution.status).toBe('SUCCEEDED');
    const firstUid = (await bed.kube('GET', path)).metadata.uid;

    expect((await deploy([cm({ a: '2' }, { 'strategy.spinnaker.io/recreate': 'true' })])).execution.status).toBe('SUCCEEDED');
    const recreated = await bed.kube('GET', path);
    expect(recreated.metadata.uid).not.toBe(firstUid);
    expect(recreated.data).toEqual({ a: '2' });

    // replace: the whole object is written, so a key added outside the pipeline is gone afterwards.
    await bed.kube('PATCH', path, { data: { extra: 'x' } }, 'application/merge-patch+json');
    expect((await deploy([cm({ b: '3' }, { 'strategy.spinnaker.io/replace': 'true' })])).execution.status).toBe('SUCCEEDED');
    const replaced = await bed.kube('GET', path);
    expect(replaced.metadata.uid).toBe(recreated.metadata.uid);
    expect(replaced.data).toEqual({ b: '3' });
  });

  it('deploys an inline embedded/base64 manifest artifact, evaluating its expressions against the trigger', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: from-artifact }\ndata: { env: "${parameters.env}" }\n';
    const execution = await bed.runStages([{
      refId: '1',
      name: 'k8s',
      type: 'deployManifest',
      account: 'dev',
      namespaceOverride: 'strat',
      source: 'artifact',
      manifestArtifact: { type: 'embedded/base64', name: 'inline', reference: Buffer.from(yaml).toString('base64') },
    }], { env: 'prod' });
    expect(execution.status).toBe('SUCCEEDED');
    expect((await bed.kube('GET', '/api/v1/namespaces/strat/configmaps/from-artifact-v000')).data).toEqual({ env: 'prod' });
  });

  it('reports why a manifest cannot be deployed', async () => {
    const bad = await deploy('kind: ${parameters.kind ?: "[unclosed"}');
    expect(bad.execution.status).toBe('TERMINAL');
    expect(JSON.stringify(bad.stage.exception)).toContain('stage.manifests: YAML document 1');
    const missing = await bed.runStage({ type: 'deployManifest', account: 'dev', source: 'artifact', manifestArtifactId: 'nope' });
    expect(missing.execution.status).toBe('TERMINAL');
    expect(JSON.stringify(missing.stage.exception)).toContain('no artifact id \\"nope\\" was produced');
  });
});
