// Child processes of the reliability suite: each in its own process group, so
// a kill takes its children (pods of the local cluster, workers) with it, and
// every group still alive is ended when the suite exits.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');

const live = new Set();

/** Spawns `command args` detached (own process group), logging stdout/stderr to `logFile`. */
function spawnGroup(command, args, { cwd, env = {}, logFile, onLine } = {}) {
  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', onLine ? 'pipe' : out, onLine ? 'pipe' : out],
  });
  if (onLine) {
    let buffer = '';
    const forward = chunk => {
      buffer += String(chunk);
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) {
        if (logFile) fs.appendFileSync(logFile, `${line}\n`);
        onLine(line);
      }
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
  }
  if (typeof out === 'number') fs.closeSync(out);
  live.add(child);
  child.exited = new Promise(resolve => child.once('exit', (code, signal) => {
    live.delete(child);
    resolve({ code, signal });
  }));
  return child;
}

/** Signals a child's whole process group; resolves when the child has exited. */
async function killGroup(child, signal = 'SIGTERM', graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, graceMs);
  await child.exited;
  clearTimeout(timer);
  // the leader is gone; make sure nothing it started survives
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

function killAllNow() {
  for (const child of live) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}
process.on('exit', killAllNow);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    killAllNow();
    process.exit(130);
  });
}

/** A free TCP port on 127.0.0.1 (outside 3000/6443/7007, which the demo uses). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ([3000, 6443, 7007].includes(port) ? resolve(freePort()) : resolve(port)));
    });
  });
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** Polls `check` until it returns a truthy value; throws `message` after `timeoutMs`. */
async function waitUntil(check, { timeoutMs, intervalMs = 250, message, stopOn }) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      if (stopOn?.(e)) throw e;
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`${typeof message === 'function' ? message() : message} (after ${timeoutMs} ms${lastError ? `; last error: ${lastError.message}` : ''})`);
    }
    await sleep(intervalMs);
  }
}

module.exports = { spawnGroup, killGroup, killAllNow, freePort, sleep, waitUntil };
