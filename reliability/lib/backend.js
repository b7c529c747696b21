// The real backend (packages/backend) as a child process, on its own port,
// database and config, so the suite can SIGKILL and restart it at will.
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { spawnGroup, killGroup, waitUntil } = require('./proc');

const root = path.resolve(__dirname, '../..');
// Overridable while packages/backend cannot start (e.g. its permission policy module is being replaced).
const ENTRY = process.env.RELIABILITY_BACKEND_ENTRY
  ? path.resolve(root, process.env.RELIABILITY_BACKEND_ENTRY)
  : path.join(root, 'packages/backend/src/index.ts');

/**
 * The override config: its own port and database, the local cluster's
 * kubeconfig, the reliability pipelines, the receiver's host allowed for
 * webhooks, and a short lease so crashed work is taken over quickly.
 */
function writeBackendConfig(file, { port, database, kubeconfig, pipelinesFile, leaseSeconds = 5, pollIntervalMs = 250, extra = {} }) {
  const config = {
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      database,
    },
    cd: {
      ...(kubeconfig ? { localCluster: { kubeconfig } } : {}),
      pipelines: { locations: pipelinesFile ? [pipelinesFile] : [] },
      webhooks: { allowedHosts: ['127.0.0.1', 'localhost'] },
      engine: { leaseSeconds, pollIntervalMs },
      ...extra.cd,
    },
  };
  fs.writeFileSync(file, YAML.stringify(config));
  return file;
}

class Backend {
  /** `name` labels logs; `configFile` from writeBackendConfig; `port` the one in that config. */
  constructor({ name, port, configFile, logFile, logLevel }) {
    this.logLevel = logLevel ?? process.env.RELIABILITY_LOG_LEVEL ?? 'warn';
    this.name = name;
    this.port = port;
    this.url = `http://localhost:${port}`;
    this.configFile = configFile;
    this.logFile = logFile;
    this.child = undefined;
    this.starts = 0;
  }

  /**
   * Starts the process; resolves when /api/cd/health answers 200. A start
   * that fails (e.g. while another job rebuilds packages/app/dist, which the
   * app plugin reads) is retried twice.
   */
  async start({ timeoutMs = 120_000, tries = 3 } = {}) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startOnce(timeoutMs);
      } catch (e) {
        await killGroup(this.child, 'SIGKILL');
        if (!e.fatal || attempt >= tries) throw e;
        fs.appendFileSync(this.logFile, `\n===== start failed (${e.message.slice(0, 200)}); trying again\n`);
        await new Promise(r => setTimeout(r, 3000));
      }
    }
  }

  async startOnce(timeoutMs) {
    this.failure = undefined;
    this.starts++;
    fs.appendFileSync(this.logFile, `\n===== ${this.name} start #${this.starts} at ${new Date().toISOString()}\n`);
    this.child = spawnGroup(
      process.execPath,
      ['-r', '@backstage/cli/config/nodeTransform.cjs', ENTRY, '--config', path.join(root, 'app-config.yaml'), '--config', this.configFile],
      {
        cwd: path.join(root, 'packages/backend'),
        env: { NODE_ENV: 'development', LOG_LEVEL: this.logLevel },
        logFile: this.logFile,
        onLine: line => {
          // Backstage keeps the process up after a failed start: notice it from the log
          if (line.includes('Backend startup failed')) this.failure = line;
        },
      },
    );
    const startedAt = Date.now();
    await waitUntil(
      async () => {
        this.assertHealthy();
        const res = await fetch(`${this.url}/api/cd/health`);
        return res.status === 200;
      },
      { timeoutMs, intervalMs: 200, message: `${this.name} did not become healthy (log: ${this.logFile})`, stopOn: e => e.fatal },
    );
    // other plugins may still fail after the cd plugin is up
    await new Promise(r => setTimeout(r, 1000));
    this.assertHealthy();
    this.lastStartMs = Date.now() - startedAt;
    return this;
  }

  /** Throws (fatal) when the process exited or Backstage reported a failed start. */
  assertHealthy() {
    if (this.failure) throw Object.assign(new Error(`${this.name} failed to start: ${this.failure.slice(0, 500)}`), { fatal: true });
    if (this.child && (this.child.exitCode !== null || this.child.signalCode !== null)) {
      throw Object.assign(new Error(`${this.name} exited (log: ${this.logFile})`), { fatal: true });
    }
  }

  get running() {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  /** SIGKILL: no shutdown hooks, leases left behind, requests cut off. */
  async kill() {
    await killGroup(this.child, 'SIGKILL');
  }

  async stop() {
    await killGroup(this.child, 'SIGTERM', 10_000);
  }

  /** Resident memory of the backend process in bytes (from /proc), or undefined when it is not running. */
  rssBytes() {
    if (!this.running) return undefined;
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
      return Number.isFinite(kb) ? kb * 1024 : undefined;
    } catch {
      return undefined;
    }
  }
}

module.exports = { Backend, writeBackendConfig, ENTRY };
