/*
 * Inventory benchmark: a local cluster with N ReplicaSets × 10 process-less pods spread over three
 * namespaces, each watched as its own account; prints p50/p99 of one application's cluster view,
 * the inventory's heap, and the delay from a change to its appearance.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs plugins/cd-backend/bench/inventory.bench.ts [serverGroups=1000]
 */
import { ConfigReader } from '@backstage/config';
import { startLocalCluster } from '@internal/local-cluster';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { KubernetesInventory } from '../src/inventory';
import { kube, waitFor } from '../src/inventory/testing';
import { loadKubernetesAccounts } from '../src/kubernetes';

const SERVER_GROUPS = Number(process.argv[2] ?? 1000);
const PODS_PER_GROUP = 10;
const NAMESPACES = ['acct-a', 'acct-b', 'acct-c'];
const APPLICATIONS = 100;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const heapMb = () => {
  global.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-inventory-bench-'));
  const cluster = await startLocalCluster({ dataDir });
  try {
    for (const ns of NAMESPACES) await kube(cluster, 'POST', '/api/v1/namespaces', { metadata: { name: ns } });
    const started = Date.now();
    for (let i = 0; i < SERVER_GROUPS; i++) {
      const ns = NAMESPACES[i % NAMESPACES.length];
      const app = `app-${i % APPLICATIONS}`;
      await kube(cluster, 'POST', `/apis/apps/v1/namespaces/${ns}/replicasets`, {
        metadata: { name: `${app}-sg${i}-v001`, annotations: { 'moniker.spinnaker.io/application': app } },
        spec: {
          replicas: PODS_PER_GROUP,
          selector: { matchLabels: { sg: String(i) } },
          template: { metadata: { labels: { sg: String(i), app } }, spec: { containers: [{ name: 'c', image: 'pause' }] } },
        },
      });
    }
    const expectedPods = SERVER_GROUPS * PODS_PER_GROUP;
    await waitFor(async () => {
      const list = await kube(cluster, 'GET', '/api/v1/pods?limit=1');
      const remaining = Number(list.metadata.remainingItemCount ?? 0) + list.items.length;
      return remaining >= expectedPods;
    }, `${expectedPods} pods`, 600_000, 500);
    console.log(`cluster: ${SERVER_GROUPS} ReplicaSets, ${expectedPods} pods in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const { accounts } = await loadKubernetesAccounts(new ConfigReader({
      cd: { accounts: NAMESPACES.map(ns => ({ name: ns, kubeconfig: { path: cluster.kubeconfigPath }, namespaces: [ns] })) },
    }));
    const heapBefore = heapMb();
    const inventory = new KubernetesInventory({ accounts });
    const syncStart = Date.now();
    inventory.start();
    await inventory.waitForSync(600_000);
    const view = () => inventory.applicationClusters('app-7');
    await waitFor(() => view().accounts.reduce((n, a) => n + a.clusters.reduce((m, c) => m + c.serverGroups.reduce((k, s) => k + s.health.up, 0), 0), 0) === (SERVER_GROUPS / APPLICATIONS) * PODS_PER_GROUP,
      'app-7 all up', 600_000, 100);
    const syncMs = Date.now() - syncStart;
    const heapAfter = heapMb();

    const samples: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      const t = process.hrtime.bigint();
      view();
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    samples.sort((a, b) => a - b);

    const delays: number[] = [];
    for (let i = 0; i < 20; i++) {
      const instances = view().accounts.flatMap(a => a.clusters.flatMap(c => c.serverGroups.flatMap(s => s.instances)));
      const { name, namespace: ns } = instances[i % instances.length];
      const t = Date.now();
      await kube(cluster, 'DELETE', `/api/v1/namespaces/${ns}/pods/${name}`);
      await waitFor(() => !view().accounts.some(a => a.clusters.some(c => c.serverGroups.some(s => s.instances.some(p => p.name === name)))), 'deletion visible', 10_000, 1);
      delays.push(Date.now() - t);
    }
    delays.sort((a, b) => a - b);
    const groups = view().accounts.reduce((n, a) => n + a.clusters.reduce((m, c) => m + c.serverGroups.length, 0), 0);
    console.log(`inventory synced in ${syncMs} ms; heap +${(heapAfter - heapBefore).toFixed(1)} MB${global.gc ? '' : ' (run node with --expose-gc for a steadier figure)'}`);
    console.log(`application view (app-7: ${groups} server groups, ${groups * PODS_PER_GROUP} instances): p50 ${percentile(samples, 50).toFixed(3)} ms, p99 ${percentile(samples, 99).toFixed(3)} ms`);
    console.log(`change to visible (pod delete, includes the DELETE call): p50 ${percentile(delays, 50)} ms, p99 ${percentile(delays, 99)} ms`);
    await inventory.stop();
  } finally {
    await cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
