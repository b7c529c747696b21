// The app's production bundle (packages/app/dist), which the backend's app
// plugin serves: rebuilt only when a frontend source is newer than it.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { root } = require('./processes');

const SOURCES = [
  'packages/app/src',
  'plugins/cd-frontend/src',
  'plugins/cd-common/src',
];

/** The newest modification time under a folder (sources), or of a file. */
function newest(p) {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    max = Math.max(max, newest(path.join(p, entry)));
  }
  return max;
}

function ensureAppBuild({ force = false, log = console.log } = {}) {
  const index = path.join(root, 'packages/app/dist/index.html');
  const sources = Math.max(...SOURCES.map(p => newest(path.join(root, p))));
  if (!force && fs.existsSync(index) && fs.statSync(index).mtimeMs > sources) {
    log('app: reusing the production build in packages/app/dist');
    return;
  }
  log('app: building the production bundle…');
  const result = spawnSync('npx', ['backstage-cli', 'package', 'build'], {
    cwd: path.join(root, 'packages/app'),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error('the app build failed');
}

module.exports = { ensureAppBuild };
