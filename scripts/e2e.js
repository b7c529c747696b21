#!/usr/bin/env node
// End-to-end tests: starts the backend and the frontend on a fresh data
// folder, then runs Playwright (Debian's Chromium) against them.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { root, startPackage, waitForHttp, stopGroup } = require('./lib/processes');

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-e2e-'));
  const logFile = fs.createWriteStream(path.join(root, 'e2e-results', 'servers.log'));
  const env = { CD_DATA_DIR: dataDir, NODE_ENV: 'development' };
  const children = [
    startPackage('packages/backend', { env, log: logFile }),
    startPackage('packages/app', { env: { ...env, BROWSER: 'none' }, log: logFile }),
  ];
  const stopAll = () => children.forEach(stopGroup);
  process.on('SIGINT', () => {
    stopAll();
    process.exit(130);
  });
  try {
    await waitForHttp('http://localhost:7007/api/cd/health', 300_000);
    await waitForHttp('http://localhost:3000', 600_000);
    const result = spawnSync(
      'npx',
      ['playwright', 'test', '--config', 'e2e/playwright.config.ts', ...process.argv.slice(2)],
      { cwd: root, stdio: 'inherit' },
    );
    process.exitCode = result.status ?? 1;
  } catch (e) {
    console.error(String(e));
    console.error('server logs: e2e-results/servers.log');
    process.exitCode = 1;
  } finally {
    stopAll();
  }
}

fs.mkdirSync(path.join(root, 'e2e-results'), { recursive: true });
main();
