'use strict';

/*
 * Keeps real traffic flowing to demo-app for the demo: finds the host port of the Service's proxy
 * on the local cluster (annotation local-cluster.dev/proxy-port, written by the cluster), sends
 * `rate` requests per second in rounds of `roundSeconds`, and waits for the Service while it does
 * not exist yet (before the first deployment). The canary analysis judges the metrics this traffic
 * produces.
 *
 *   const loop = startTrafficLoop({ clusterUrl: 'http://127.0.0.1:6443' }); … loop.stop();
 */
const { generateTraffic } = require('./traffic');

const PROXY_PORT_ANNOTATION = 'local-cluster.dev/proxy-port';

async function proxyUrl({ clusterUrl, namespace, service, token }) {
  const response = await fetch(
    `${clusterUrl}/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(service)}`,
    { headers: token ? { Authorization: `Bearer ${token}` } : {} },
  );
  if (!response.ok) return undefined;
  const port = (await response.json()).metadata?.annotations?.[PROXY_PORT_ANNOTATION];
  return port ? `http://127.0.0.1:${port}/` : undefined;
}

function startTrafficLoop({
  clusterUrl,
  namespace = 'default',
  service = 'demo-app',
  token,
  rate = 30,
  roundSeconds = 30,
  log = message => console.log(`[traffic] ${message}`),
}) {
  let stopped = false;
  let announced;
  const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
  const done = (async () => {
    while (!stopped) {
      let url;
      try {
        url = await proxyUrl({ clusterUrl, namespace, service, token });
      } catch {
        url = undefined;
      }
      if (!url) {
        if (announced !== null) log(`waiting for Service ${namespace}/${service} (deploy demo-app to start the traffic)`);
        announced = null;
        await sleep(2000);
        continue;
      }
      if (announced !== url) log(`${rate} requests/s to ${url} (Service ${namespace}/${service})`);
      announced = url;
      const summary = await generateTraffic({ url, rate, durationSeconds: roundSeconds });
      const errors = Math.round(summary.errorRate * 1000) / 10;
      log(`${summary.requests} requests in ${Math.round(summary.seconds)} s, ${errors}% errors, p50 ${Math.round(summary.latencyMs.p50 ?? 0)} ms`);
    }
  })();
  return {
    stop() {
      stopped = true;
      return done;
    },
  };
}

module.exports = { startTrafficLoop, proxyUrl };
