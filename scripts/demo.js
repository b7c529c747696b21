#!/usr/bin/env node
// Starts the demo portal on embedded defaults: the local cluster (a child
// process reached over HTTP through its kubeconfig, like any real cluster),
// then the backend (SQLite under data/) and the frontend, and keeps real
// traffic flowing to demo-app once it is deployed (for canary analysis).
const fs = require('node:fs');
const path = require('node:path');
const { root, startPackage, waitForHttp, stopGroup } = require('./lib/processes');
const { startLocalClusterProcess } = require('./lib/localCluster');
const { startTrafficLoop } = require('../examples/demo-app/trafficLoop');

async function main() {
  const dataDir = path.resolve(process.env.CD_DATA_DIR ?? path.join(root, 'data'));
  fs.mkdirSync(dataDir, { recursive: true });

  const cluster = await startLocalClusterProcess({ dataDir, port: 6443 });
  console.log(`local cluster: ${cluster.url} (kubeconfig ${cluster.kubeconfigPath})`);

  // Real requests to demo-app, so canary analyses have metrics to judge.
  const traffic = startTrafficLoop({ clusterUrl: cluster.url, rate: Number(process.env.CD_DEMO_TRAFFIC_RATE ?? 30) });

  const env = { CD_DATA_DIR: dataDir, CD_LOCAL_KUBECONFIG: cluster.kubeconfigPath };
  const backend = startPackage('packages/backend', { env });
  const app = startPackage('packages/app', { env });
  const stopAll = () => {
    void traffic.stop();
    stopGroup(app);
    stopGroup(backend);
    cluster.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      stopAll();
      process.exit(0);
    });
  }
  await waitForHttp('http://localhost:7007/api/cd/health', 600_000);
  await waitForHttp('http://localhost:3000', 600_000);
  console.log('\nThe portal is up: http://localhost:3000 (backend http://localhost:7007)\n');
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
