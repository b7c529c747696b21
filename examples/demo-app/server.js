#!/usr/bin/env node
'use strict';

/*
 * The demo application: a tiny HTTP service whose behaviour depends on its version (see behaviour.js).
 * Version: --version <v>, else APP_VERSION, else IMAGE_TAG (set by the local cluster from the image
 * tag), else 1.0.0. Listens on HOST:PORT (the local cluster sets both; defaults 0.0.0.0:8080).
 *   GET /          JSON greeting with version and pod
 *   GET /healthz   readiness/liveness: 200 once started (after READY_DELAY_MS), 503 while draining
 *   GET /metrics   Prometheus text: requests by code, latency histogram
 */
const http = require('node:http');
const os = require('node:os');
const { behaviourFor } = require('./behaviour');

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const version =
  argValue('--version') ||
  process.env.APP_VERSION ||
  process.env.IMAGE_TAG ||
  '1.0.0';
const port = Number(argValue('--port') || process.env.PORT || 8080);
const host = process.env.HOST || '0.0.0.0';
const pod = process.env.POD_NAME || os.hostname();
const behaviour = behaviourFor(version);
const readyAt = Date.now() + Number(process.env.READY_DELAY_MS || 0);
const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const counts = new Map();
const histogram = { buckets: buckets.map(() => 0), sum: 0, count: 0 };
let draining = false;

function observe(code, seconds) {
  counts.set(code, (counts.get(code) || 0) + 1);
  buckets.forEach((le, i) => {
    if (seconds <= le) histogram.buckets[i]++;
  });
  histogram.sum += seconds;
  histogram.count++;
}

function metricsText() {
  const lines = [
    '# HELP demo_requests_total Requests served, by status code.',
    '# TYPE demo_requests_total counter',
    ...[...counts].map(
      ([code, n]) =>
        `demo_requests_total{version="${version}",code="${code}"} ${n}`,
    ),
    '# HELP demo_request_duration_seconds Request latency.',
    '# TYPE demo_request_duration_seconds histogram',
    ...buckets.map(
      (le, i) =>
        `demo_request_duration_seconds_bucket{version="${version}",le="${le}"} ${histogram.buckets[i]}`,
    ),
    `demo_request_duration_seconds_bucket{version="${version}",le="+Inf"} ${histogram.count}`,
    `demo_request_duration_seconds_sum{version="${version}"} ${histogram.sum}`,
    `demo_request_duration_seconds_count{version="${version}"} ${histogram.count}`,
  ];
  return `${lines.join('\n')}\n`;
}

function send(res, code, body, type = 'application/json') {
  res.writeHead(code, { 'content-type': type, 'x-demo-version': version });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const path = (req.url || '/').split('?')[0];
  if (path === '/healthz' || path === '/livez' || path === '/readyz') {
    const ready = !draining && Date.now() >= readyAt;
    send(res, ready ? 200 : 503, {
      status: ready ? 'ok' : 'starting',
      version,
    });
    return;
  }
  if (path === '/metrics') {
    send(res, 200, metricsText(), 'text/plain; version=0.0.4');
    return;
  }
  const started = process.hrtime.bigint();
  const delay =
    behaviour.baseLatencyMs +
    Math.random() * behaviour.jitterMs +
    behaviour.extraLatencyMs;
  setTimeout(() => {
    const failed = Math.random() < behaviour.errorRate;
    const code = failed ? 500 : 200;
    send(
      res,
      code,
      failed
        ? { error: 'internal error', version, pod }
        : { message: 'hello from demo-app', version, pod },
    );
    observe(code, Number(process.hrtime.bigint() - started) / 1e9);
  }, delay);
});

server.listen(port, host, () => {
  console.log(
    `demo-app ${version} listening on ${host}:${port} (latency +${behaviour.extraLatencyMs} ms, error rate ${behaviour.errorRate})`,
  );
});

function shutdown(signal) {
  console.log(`demo-app ${version} received ${signal}, draining`);
  draining = true;
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
