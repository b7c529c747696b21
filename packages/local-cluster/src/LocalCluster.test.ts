import fs from 'fs';
import os from 'os';
import path from 'path';
import YAML from 'yaml';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startLocalCluster } from './LocalCluster';

describe('startLocalCluster', () => {
  it('writes a kubeconfig, serves /metrics, and keeps objects across stop and start', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cluster-'));
    let cluster = await startLocalCluster({ dataDir, token: 'let-me-in' });
    try {
      const config = YAML.parse(fs.readFileSync(cluster.kubeconfigPath, 'utf8'));
      expect(config['current-context']).toBe('local');
      expect(config.clusters[0].cluster.server).toBe(cluster.url);
      expect(config.users[0].user.token).toBe('let-me-in');

      const kc = new KubeConfig();
      kc.loadFromFile(cluster.kubeconfigPath);
      const core = kc.makeApiClient(CoreV1Api);
      await core.createNamespace({ body: { metadata: { name: 'keep' } } });
      await core.createNamespacedConfigMap({ namespace: 'keep', body: { metadata: { name: 'settings', labels: { a: 'b' } }, data: { k: 'v' } } });
      await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({ namespace: 'keep', body: {
        metadata: { name: 'idle' },
        spec: { replicas: 0, selector: { matchLabels: { app: 'idle' } }, template: { metadata: { labels: { app: 'idle' } }, spec: { containers: [{ name: 'c', image: 'pause' }] } } },
      } });
      const before = await core.readNamespacedConfigMap({ name: 'settings', namespace: 'keep' });

      const metrics = await fetch(`${cluster.url}/metrics`, { headers: { Authorization: 'Bearer let-me-in' } });
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      const denied = await fetch(`${cluster.url}/api/v1/namespaces`);
      expect(denied.status).toBe(401);

      await cluster.stop();
      cluster = await startLocalCluster({ dataDir, token: 'let-me-in' });
      const kc2 = new KubeConfig();
      kc2.loadFromFile(cluster.kubeconfigPath);
      const core2 = kc2.makeApiClient(CoreV1Api);
      const after = await core2.readNamespacedConfigMap({ name: 'settings', namespace: 'keep' });
      expect(after.metadata!.uid).toBe(before.metadata!.uid);
      expect(after.metadata!.resourceVersion).toBe(before.metadata!.resourceVersion);
      expect(after.data).toEqual({ k: 'v' });
      const deployment = await kc2.makeApiClient(AppsV1Api).readNamespacedDeployment({ name: 'idle', namespace: 'keep' });
      expect(deployment.spec!.replicas).toBe(0);
      const namespaces = await core2.listNamespace();
      expect(namespaces.items.map(n => n.metadata!.name)).toEqual(expect.arrayContaining(['default', 'keep', 'kube-system']));
    } finally {
      await cluster.stop();
      fs.rmdirSync(dataDir, { recursive: true });
    }
  });
});
