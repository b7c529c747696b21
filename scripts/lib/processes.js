// Starting and stopping the portal's processes for the demo and the
// end-to-end tests.
const { spawn } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');

/** Starts `backstage-cli package start` in a workspace package, in its own process group. */
function startPackage(pkgDir, { env = {}, log = process.stdout } = {}) {
  const child = spawn('npx', ['backstage-cli', 'package', 'start'], {
    cwd: path.join(root, pkgDir),
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${path.basename(pkgDir)}] `;
  const forward = chunk => {
    for (const line of String(chunk).split('\n')) if (line) log.write(prefix + line + '\n');
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  return child;
}

/** Resolves once `url` answers with a status below 500, or rejects after `timeoutMs`. */
function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const req = http.get(url, res => {
        res.resume();
        if (res.statusCode && res.statusCode < 500) resolve();
        else retry();
      });
      req.on('error', retry);
      req.setTimeout(5000, () => req.destroy());
    };
    const retry = () => {
      if (Date.now() > deadline) reject(new Error(`${url} did not answer within ${timeoutMs} ms`));
      else setTimeout(attempt, 1000);
    };
    attempt();
  });
}

/** Ends a process group started by startPackage. */
function stopGroup(child) {
  if (!child || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, 5000).unref();
}

module.exports = { root, startPackage, waitForHttp, stopGroup };
