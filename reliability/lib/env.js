// One scenario's world: a temp folder, the local cluster, the webhook
// receiver, the pipelines file and N backend replicas on one database.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { CdApi } = require('./api');
const { Backend, writeBackendConfig } = require('./backend');
const { startCluster } = require('./cluster');
const { cdDatabase, dropPostgresDatabases } = require('./db');
const { writePipelines } = require('./pipelines');
const { freePort, waitUntil } = require('./proc');
const { startReceiver } = require('./receiver');

const POSTGRES = process.env.RELIABILITY_POSTGRES ?? 'postgresql://postgres:postgres@127.0.0.1:5432';

/**
 * Waits until the catalog has processed the demo entities: the permission
 * policy decides from guest's groups and demo-app's owner, so until then the
 * guest may not deploy demo-app.
 */
async function waitForCatalog(backend, token) {
  const baseUrl = backend.url;
  const entity = ref => fetch(`${baseUrl}/api/catalog/entities/by-name/${ref}`, { headers: { authorization: `Bearer ${token}` } })
    .then(r => (r.ok ? r.json() : undefined));
  await waitUntil(
    async () => {
      backend.assertHealthy();
      const [guest, app] = await Promise.all([entity('user/default/guest'), entity('component/default/demo-app')]);
      const has = (e, type) => (e?.relations ?? []).some(r => r.type === type);
      return has(guest, 'memberOf') && has(app, 'ownedBy');
    },
    { timeoutMs: 120_000, intervalMs: 500, message: 'the catalog did not process user guest and component demo-app', stopOn: e => e.fatal },
  );
}

/**
 * Runs `fn(env)` with everything started, and always tears it down.
 * `replicas` backends share one database: PostgreSQL when `postgres`, else one SQLite folder (1 replica only).
 */
async function withEnvironment({ name, replicas = 1, postgres = false, leaseSeconds = 5, cluster: wantCluster = true, logLevel }, fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cd-reliability-${name}-`));
  const logDir = path.join(dir, 'logs');
  fs.mkdirSync(logDir);
  const env = { dir, logDir, backends: [] };
  const prefix = `cd_rel_${crypto.randomBytes(4).toString('hex')}_`;
  try {
    env.receiver = await startReceiver();
    if (wantCluster) {
      env.cluster = await startCluster({ dataDir: path.join(dir, 'cluster'), logFile: path.join(logDir, 'cluster.log') });
    }
    const pipelinesFile = writePipelines(path.join(dir, 'pipelines.yaml'), env.receiver.url);
    env.database = postgres
      ? { client: 'pg', connection: POSTGRES, prefix, ensureExists: true }
      : { client: 'better-sqlite3', connection: { directory: path.join(dir, 'sqlite') } };
    for (let i = 0; i < replicas; i++) {
      const port = await freePort();
      const configFile = writeBackendConfig(path.join(dir, `backend-${i}.yaml`), {
        port,
        database: env.database,
        kubeconfig: env.cluster?.kubeconfigPath ?? '',
        pipelinesFile,
        leaseSeconds,
      });
      env.backends.push(new Backend({ name: `backend-${i}`, port, configFile, logFile: path.join(logDir, `backend-${i}.log`), logLevel }));
    }
    // One at a time: the first one migrates the database and seeds the pipelines.
    for (const b of env.backends) await b.start();
    env.api = await CdApi.signIn(env.backends[0].url);
    await waitForCatalog(env.backends[0], env.api.token);
    // again: the token carries guest's group memberships as they were at sign-in
    env.api = await CdApi.signIn(env.backends[0].url);
    env.db = cdDatabase(env.database);
    env.log = (...args) => console.log(`  [${name}]`, ...args);
    const result = await fn(env);
    env.passed = true;
    return result;
  } catch (e) {
    e.message += ` (logs in ${logDir})`;
    throw e;
  } finally {
    await Promise.all(env.backends.map(b => b.stop().catch(() => undefined)));
    await env.db?.destroy().catch(() => undefined);
    await env.cluster?.stop().catch(() => undefined);
    await env.receiver?.close().catch(() => undefined);
    if (postgres) await dropPostgresDatabases(POSTGRES, prefix).catch(e => console.warn(`could not drop ${prefix}* databases: ${e.message}`));
    // a failed scenario keeps its folder: the logs say what happened
    if (env.passed && !process.env.RELIABILITY_KEEP) fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { withEnvironment, POSTGRES };
