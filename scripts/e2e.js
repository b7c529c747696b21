#!/usr/bin/env node
/*
 * End-to-end tests: starts what the demo starts — the local cluster, traffic
 * to demo-app, the backend (serving the app's production bundle) — on free
 * ports and a fresh data folder, then runs Playwright (Debian's Chromium)
 * against it, and stops every process group at the end, pass or fail.
 *
 *   node scripts/e2e.js [--dev] [playwright test arguments, e.g. release-flow]
 *
 * --dev serves the app with the webpack dev server instead of the bundle.
 * --keep leaves the data folder (SQLite, the cluster's state and logs).
 * Logs: e2e-results/servers.log; screenshots: e2e-results/screenshots/.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { root, freePort } = require('./lib/processes');
const { startDemoStack } = require('./lib/demoStack');

const OWN_FLAGS = new Set(['--dev', '--keep']);

/** Runs Playwright without blocking this process (the traffic loop lives here). */
function runPlaywright(args, env) {
  return new Promise(resolve => {
    const child = spawn(
      'npx',
      ['playwright', 'test', '--config', 'e2e/playwright.config.ts', ...args],
      { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } },
    );
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const argv = process.argv.slice(2);
  const dev = argv.includes('--dev');
  const playwrightArgs = argv.filter(a => !OWN_FLAGS.has(a));
  const results = path.join(root, 'e2e-results');
  fs.mkdirSync(path.join(results, 'screenshots'), { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-e2e-'));
  const log = fs.createWriteStream(path.join(results, 'servers.log'));
  const started = Date.now();
  const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;

  let stop = async () => undefined;
  process.on('SIGINT', () => stop().finally(() => process.exit(130)));
  process.on('SIGTERM', () => stop().finally(() => process.exit(143)));
  try {
    const stack = await startDemoStack({
      dataDir,
      ports: {
        cluster: await freePort(),
        backend: await freePort(),
        app: await freePort(),
      },
      appMode: dev ? 'dev' : 'build',
      log,
      onStop: s => (stop = s),
    });
    console.log(`portal up after ${seconds()}: ${stack.appUrl}`);
    process.exitCode = await runPlaywright(playwrightArgs, {
      PLAYWRIGHT_URL: stack.appUrl,
      CD_E2E_BACKEND_URL: stack.backendUrl,
      CD_E2E_CLUSTER_URL: stack.clusterUrl,
    });
  } catch (e) {
    console.error(String(e && e.stack ? e.stack : e));
    process.exitCode = 1;
  } finally {
    await stop();
    if (process.exitCode)
      console.error(
        `server logs: e2e-results/servers.log, cluster log: ${dataDir}/cluster/cluster.log`,
      );
    if (argv.includes('--keep') || process.exitCode)
      console.log(`data folder kept: ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
    console.log(`end-to-end run: ${seconds()}`);
  }
}

main();
