#!/usr/bin/env node
// Starts the demo portal on embedded defaults: the local cluster (a child
// process reached over HTTP through its kubeconfig, like any real cluster),
// then the backend (SQLite under data/) and the frontend, and keeps real
// traffic flowing to demo-app once it is deployed (for canary analysis).
const path = require('node:path');
const { root } = require('./lib/processes');
const { startDemoStack, DEFAULT_PORTS } = require('./lib/demoStack');

async function main() {
  let stop = async () => undefined;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      stop().finally(() => process.exit(0));
    });
  }
  const stack = await startDemoStack({
    dataDir: path.resolve(process.env.CD_DATA_DIR ?? path.join(root, 'data')),
    ports: DEFAULT_PORTS,
    appMode: 'dev',
    trafficRate: Number(process.env.CD_DEMO_TRAFFIC_RATE ?? 30),
    onStop: s => (stop = s),
  }).catch(async e => {
    await stop();
    throw e;
  });
  console.log(
    `\nThe portal is up: ${stack.appUrl} (backend ${stack.backendUrl})\n`,
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
