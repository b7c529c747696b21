import { ConfigReader } from '@backstage/config';
import { TestDatabases } from '@backstage/backend-test-utils';
import { LocalCluster, startLocalCluster } from '@internal/local-cluster';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createHarness, Harness } from '../../engine/testing/harness';
import { deployment, kube, waitFor } from '../../inventory/testing';
import { KubernetesClientFactory, loadKubernetesAccounts } from '../../kubernetes';
import { kubernetesStages } from '.';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const replicaSet = (name: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'pause' }] } },
  },
});

describe('Kubernetes manifest stages against a local cluster', () => {
  let cluster: LocalCluster;
  let h: Harness;

  beforeAll(async () => {
    cluster = await startLocalCluster({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cd-manifest-stages-')) });
    await kube(cluster, 'POST', '/api/v1/namespaces', { metadata: { name: 'shop' } });
    const { accounts } = await loadKubernetesAccounts(
      new ConfigReader({ cd: { accounts: [{ name: 'dev', kubeconfig: { path: cluster.kubeconfigPath } }] } }),
    );
    const clients = new KubernetesClientFactory(accounts);
    h = await createHarness(await databases.init('SQLITE_3'), { stages: kubernetesStages({ clients }) });
  });

  afterAll(async () => {
    await h?.stop();
    await cluster?.stop();
  });

  async function runStage(stage: Record<string, unknown>) {
    const started = await h.run({ application: 'shop', stages: [{ refId: '1', name: 'k8s', ...stage } as any] });
    const done = await h.waitFor(started.id, undefined, 30_000);
    return { execution: done, stage: h.stage(done, 'k8s') };
  }

  it('versions a ReplicaSet on each deploy, with moniker annotations and the managed-by label', async () => {
    const deploy = { type: 'deployManifest', account: 'dev', namespaceOverride: 'shop', manifests: [replicaSet('demo', 1)] };
    const first = await runStage(deploy);
    expect(first.execution.status).toBe('SUCCEEDED');
    expect(first.stage.outputs['outputs.manifestNamesByNamespace']).toEqual({ shop: ['replicaSet demo-v000'] });
    expect(first.stage.outputs['deploy.server.groups']).toEqual({ shop: ['replicaSet demo-v000'] });

    const changed = { ...deploy, manifests: [{ ...replicaSet('demo', 1), metadata: { name: 'demo', labels: { tier: 'web' } } }] };
    const second = await runStage(changed);
    expect(second.execution.status).toBe('SUCCEEDED');
    expect(second.stage.outputs['outputs.manifestNamesByNamespace']).toEqual({ shop: ['replicaSet demo-v001'] });
    expect(second.stage.context.stableStatus).toBe('stable');

    // The same content again is the same version (Spinnaker versions on change only).
    const again = await runStage(changed);
    expect(again.stage.outputs['outputs.manifestNamesByNamespace']).toEqual({ shop: ['replicaSet demo-v001'] });

    for (const [name, sequence] of [['demo-v000', '0'], ['demo-v001', '1']]) {
      const live = await kube(cluster, 'GET', `/apis/apps/v1/namespaces/shop/replicasets/${name}`);
      expect(live.metadata.annotations).toMatchObject({
        'moniker.spinnaker.io/application': 'shop',
        'moniker.spinnaker.io/cluster': 'replicaSet demo',
        'moniker.spinnaker.io/sequence': sequence,
      });
      expect(live.metadata.labels['app.kubernetes.io/managed-by']).toBe('backstage-cd');
      expect(live.status.readyReplicas).toBe(1);
    }
  });

  it('keeps unversioned kinds under their own name when the versioned strategy is off', async () => {
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'shop', annotations: { 'strategy.spinnaker.io/versioned': 'false' } },
      data: { mode: 'fast' },
    };
    const { execution, stage } = await runStage({ type: 'deployManifest', account: 'dev', manifests: [configMap] });
    expect(execution.status).toBe('SUCCEEDED');
    expect(stage.outputs['outputs.manifestNamesByNamespace']).toEqual({ shop: ['configMap settings'] });
    expect((await kube(cluster, 'GET', '/api/v1/namespaces/shop/configmaps/settings')).data).toEqual({ mode: 'fast' });
  });

  it('deploys a Deployment, waits until it is stable, scales it to 3, then deletes it', async () => {
    const deployed = await runStage({
      type: 'deployManifest',
      account: 'dev',
      namespaceOverride: 'shop',
      manifests: [deployment('web', { replicas: 2 })],
    });
    expect(deployed.execution.status).toBe('SUCCEEDED');
    expect(deployed.stage.context.stableStatus).toBe('stable');
    const web = await kube(cluster, 'GET', '/apis/apps/v1/namespaces/shop/deployments/web');
    expect(web.status).toMatchObject({ availableReplicas: 2, updatedReplicas: 2 });
    expect(web.metadata.annotations['moniker.spinnaker.io/cluster']).toBe('deployment web');

    const scaled = await runStage({ type: 'scaleManifest', account: 'dev', location: 'shop', manifestName: 'deployment web', replicas: 3 });
    expect(scaled.execution.status).toBe('SUCCEEDED');
    expect(scaled.stage.context.stableStatus).toBe('stable');
    const after = await kube(cluster, 'GET', '/apis/apps/v1/namespaces/shop/deployments/web');
    expect(after.spec.replicas).toBe(3);
    expect(after.status.availableReplicas).toBe(3);

    const deleted = await runStage({ type: 'deleteManifest', account: 'dev', location: 'shop', manifestName: 'deployment web' });
    expect(deleted.execution.status).toBe('SUCCEEDED');
    await waitFor(async () => {
      const rs = await kube(cluster, 'GET', '/apis/apps/v1/namespaces/shop/replicasets');
      const owned = rs.items.filter((r: any) => r.metadata.ownerReferences?.some((o: any) => o.name === 'web'));
      return owned.length === 0;
    }, 'the Deployment and its ReplicaSets to be gone');
    await expect(kube(cluster, 'GET', '/apis/apps/v1/namespaces/shop/deployments/web')).rejects.toThrow(/404/);

    // Deleting again is not an error: the object is already gone.
    const again = await runStage({ type: 'deleteManifest', account: 'dev', location: 'shop', manifestName: 'deployment web' });
    expect(again.execution.status).toBe('SUCCEEDED');
  });

  it('fails the stage with the server message when a scale target does not exist', async () => {
    const { execution, stage } = await runStage({
      type: 'scaleManifest', account: 'dev', location: 'shop', manifestName: 'deployment missing', replicas: 1,
    });
    expect(execution.status).toBe('TERMINAL');
    expect(JSON.stringify(stage.exception)).toContain('deployment missing not found in shop');
  });

  it('reports missing fields with their paths when a pipeline is validated', () => {
    const [deploy, scale, del] = kubernetesStages({ clients: new KubernetesClientFactory([]) });
    expect(deploy.validate!({ refId: '1', type: 'deployManifest' } as any, 'stages[0]')).toEqual([
      { path: 'stages[0].account', message: 'is required' },
      { path: 'stages[0].manifests', message: 'is required' },
    ]);
    expect(deploy.validate!({ refId: '1', type: 'deployManifest', account: 'dev', manifests: [{ kind: 'Pod' }] } as any, 's')).toEqual([
      { path: 's.manifests[0].apiVersion', message: 'is required' },
      { path: 's.manifests[0].metadata.name', message: 'is required' },
    ]);
    expect(scale.validate!({ refId: '1', type: 'scaleManifest', account: 'dev' } as any, 's')).toEqual([
      { path: 's.manifestName', message: 'is required' },
      { path: 's.replicas', message: 'is required' },
    ]);
    expect(del.validate!({ refId: '1', type: 'deleteManifest' } as any, 's')).toEqual([
      { path: 's.account', message: 'is required' },
      { path: 's.manifestName', message: 'is required' },
    ]);
  });
});
