/*
 * npm run bench:cluster — the local cluster at scale, in one run:
 *  - time for a ReplicaSet of 1,000 process-less pods to be Ready;
 *  - latency of listing 10,000 pods with a label selector over HTTP
 *    (beside a full unfiltered list of the same 10,000 pods);
 *  - the heap the cluster holds for them.
 */
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import { CoreTypes, startLocalCluster } from '../src';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, res => {
        let bytes = 0;
        res.on('data', c => (bytes += c.length));
        res.on('end', () => resolve(bytes));
      })
      .on('error', reject);
  });
}

async function timeIt(fn: () => Promise<unknown>, runs: number) {
  const samples: number[] = [];
  await fn();
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(runs * 0.5)], p99: samples[Math.min(runs - 1, Math.floor(runs * 0.99))] };
}

function replicaSet(name: string, replicas: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'pause' }] },
      },
    },
  };
}

async function waitReady(cluster: { store: any }, name: string, replicas: number) {
  for (;;) {
    const rs = cluster.store.get(CoreTypes.replicaSet, 'default', name);
    if (rs?.status?.readyReplicas === replicas) return;
    await new Promise(r => setTimeout(r, 20));
  }
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-bench-'));
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const cluster = await startLocalCluster({ dataDir, port: 0 });
  try {
    let t0 = Date.now();
    cluster.store.create(CoreTypes.replicaSet, replicaSet('first', 1000));
    await waitReady(cluster, 'first', 1000);
    const readyMs = Date.now() - t0;

    t0 = Date.now();
    for (let i = 0; i < 9; i++) cluster.store.create(CoreTypes.replicaSet, replicaSet(`more-${i}`, 1000));
    for (let i = 0; i < 9; i++) await waitReady(cluster, `more-${i}`, 1000);
    const nineMoreMs = Date.now() - t0;

    const selected = await timeIt(
      () => get(`${cluster.url}/api/v1/namespaces/default/pods?labelSelector=app%3Dmore-3`),
      50,
    );
    const full = await timeIt(() => get(`${cluster.url}/api/v1/pods`), 10);
    gc();
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;

    console.log(`1,000 process-less pods Ready: ${readyMs} ms (9,000 more: ${nineMoreMs} ms)`);
    console.log(
      `list 10,000 pods, labelSelector (1,000 match) over HTTP: p50 ${selected.p50.toFixed(1)} ms, p99 ${selected.p99.toFixed(1)} ms` +
        ` | beside: full list of 10,000 p50 ${full.p50.toFixed(1)} ms`,
    );
    console.log(`heap held for 10,000 pods and 10 ReplicaSets: ${heapMb.toFixed(0)} MB`);
  } finally {
    await cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
