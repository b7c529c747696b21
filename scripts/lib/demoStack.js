// The demo portal as processes: the local cluster (a child process reached
// over HTTP through its kubeconfig, like any real cluster), real traffic to
// demo-app once it is deployed (canary analyses judge its metrics), the
// backend (SQLite under the data folder) and the app — either the webpack dev
// server or the production bundle served by the backend itself.
const fs = require('node:fs');
const path = require('node:path');
const { startPackage, waitForHttp, stopGroupAndWait } = require('./processes');
const { startLocalClusterProcess } = require('./localCluster');
const { ensureAppBuild } = require('./appBuild');
const { cdClient, until } = require('./cdApi');
const { warmUpSignals } = require('./signalsWarmup');
const { startTrafficLoop } = require('../../examples/demo-app/trafficLoop');

const DEFAULT_PORTS = { cluster: 6443, backend: 7007, app: 3000 };

/**
 * Config overrides (APP_CONFIG_*) when the ports are not app-config.yaml's;
 * with the production bundle, app and backend share the backend's origin.
 */
function portEnv({ backend, app }, appMode) {
  const appPort = appMode === 'build' ? backend : app;
  if (backend === DEFAULT_PORTS.backend && appPort === DEFAULT_PORTS.app)
    return {};
  const backendUrl = `http://localhost:${backend}`;
  const appUrl = `http://localhost:${appPort}`;
  return {
    APP_CONFIG_backend_listen_port: String(backend),
    APP_CONFIG_backend_baseUrl: backendUrl,
    APP_CONFIG_backend_cors_origin: appUrl,
    APP_CONFIG_app_baseUrl: appUrl,
    APP_CONFIG_app_listen_port: String(appPort),
  };
}

/**
 * Starts everything; resolves once the portal answers and demo-app's entity
 * and pipelines are loaded. `stop()` ends every process group (in reverse
 * order) and resolves when they are gone; call it even when this rejects
 * (`onStop` receives it before anything can fail).
 */
async function startDemoStack({
  dataDir,
  ports = DEFAULT_PORTS,
  appMode = 'dev',
  log = process.stdout,
  trafficRate = 30,
  onStop = () => undefined,
  say = message => console.log(message),
}) {
  fs.mkdirSync(dataDir, { recursive: true });
  const stops = [];
  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      for (const s of stops.reverse()) await s().catch(() => undefined);
    })();
    return stopping;
  };
  onStop(stop);

  if (appMode === 'build') ensureAppBuild({ log: say });
  const cluster = await startLocalClusterProcess({
    dataDir,
    port: ports.cluster,
  });
  stops.push(cluster.stop);
  say(`local cluster: ${cluster.url} (kubeconfig ${cluster.kubeconfigPath})`);

  const traffic = startTrafficLoop({
    clusterUrl: cluster.url,
    rate: trafficRate,
    log: message => log.write(`[traffic] ${message}\n`),
  });
  stops.push(() => traffic.stop());

  const env = {
    CD_DATA_DIR: dataDir,
    CD_LOCAL_KUBECONFIG: cluster.kubeconfigPath,
    ...portEnv(ports, appMode),
  };
  const backend = startPackage('packages/backend', { env, log });
  stops.push(() => stopGroupAndWait(backend));
  const backendUrl = `http://localhost:${ports.backend}`;
  let appUrl = backendUrl;
  if (appMode === 'dev') {
    const app = startPackage('packages/app', {
      env: { ...env, BROWSER: 'none' },
      log,
    });
    stops.push(() => stopGroupAndWait(app));
    appUrl = `http://localhost:${ports.app}`;
  }

  await waitForHttp(`${backendUrl}/api/cd/health`, 600_000);
  say(`backend: ${backendUrl}`);
  await waitForHttp(appUrl, 900_000);
  await until("demo-app's entity and pipelines", 180_000, async () => {
    const api = await cdClient(backendUrl);
    await fetch(
      `${backendUrl}/api/catalog/entities/by-name/component/default/demo-app`,
      {
        headers: { authorization: `Bearer ${api.token}` },
      },
    ).then(r =>
      r.ok ? undefined : Promise.reject(new Error(`catalog: ${r.status}`)),
    );
    const pipelines = await api.pipelines('demo-app');
    return pipelines.length > 0 || 'no pipeline yet';
  });
  await warmUpSignals(backendUrl, (await cdClient(backendUrl)).token);
  return {
    clusterUrl: cluster.url,
    kubeconfigPath: cluster.kubeconfigPath,
    clusterLog: cluster.logPath,
    backendUrl,
    appUrl,
    stop,
  };
}

module.exports = { startDemoStack, DEFAULT_PORTS };
