// Starting and stopping the portal's processes for the demo and the
// end-to-end tests.
const { spawn } = require('node:child_process');
const http = require('node:http');
const net = require('node:net');
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
    for (const line of String(chunk).split('\n'))
      if (line) log.write(prefix + line + '\n');
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
      if (Date.now() > deadline)
        reject(new Error(`${url} did not answer within ${timeoutMs} ms`));
      else setTimeout(attempt, 1000);
    };
    attempt();
  });
}

/** Ends a process group started with `detached: true` (SIGTERM, SIGKILL 5 s later). */
function stopGroup(child) {
  void stopGroupAndWait(child);
}

const signalGroup = (child, signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
};

/**
 * Ends a detached process group and resolves once its leader has exited:
 * SIGTERM, then SIGKILL to the whole group after `graceMs`.
 */
function stopGroupAndWait(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise(resolve => {
    const kill = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    const done = setTimeout(resolve, graceMs + 2000); // a leader that never reports its exit
    child.once('exit', () => {
      clearTimeout(kill);
      clearTimeout(done);
      // Whatever the leader left behind in its group goes too.
      signalGroup(child, 'SIGKILL');
      resolve();
    });
    signalGroup(child, 'SIGTERM');
  });
}

/** A free TCP port on 127.0.0.1 (the kernel's choice). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

module.exports = {
  root,
  startPackage,
  waitForHttp,
  stopGroup,
  stopGroupAndWait,
  freePort,
};
