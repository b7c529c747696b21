#!/usr/bin/env node
'use strict';

/*
 * A bounded traffic generator: sends GET requests to a URL at a fixed rate for a fixed duration,
 * then stops and prints a JSON summary (count, status codes, latency percentiles).
 *
 *   node traffic.js --url http://127.0.0.1:31000/ [--rate 20] [--duration 30] [--header 'x-canary: 1']...
 *
 * Also usable as a module: `await generateTraffic({ url, rate, durationSeconds, headers })`.
 */
const http = require('node:http');
const https = require('node:https');

const MAX_IN_FLIGHT = 200;
const MAX_DURATION_SECONDS = 3600;
const MAX_RATE = 2000;

function validate({ url, rate, durationSeconds }) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--url: "${url}" is not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error(
      `--url: only http and https are supported, got ${parsed.protocol}`,
    );
  if (!(rate > 0 && rate <= MAX_RATE))
    throw new Error(
      `--rate: must be between 0 and ${MAX_RATE} requests per second, got ${rate}`,
    );
  if (!(durationSeconds > 0 && durationSeconds <= MAX_DURATION_SECONDS))
    throw new Error(
      `--duration: must be between 0 and ${MAX_DURATION_SECONDS} seconds, got ${durationSeconds}`,
    );
  return parsed;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

/** Sends `rate` requests per second for `durationSeconds`; resolves with a summary once all answered. */
function generateTraffic({
  url,
  rate = 10,
  durationSeconds = 10,
  headers = {},
  timeoutMs = 10000,
}) {
  const target = validate({ url, rate, durationSeconds });
  const client = target.protocol === 'https:' ? https : http;
  const agent = new client.Agent({
    keepAlive: true,
    maxSockets: MAX_IN_FLIGHT,
  });
  const total = Math.round(rate * durationSeconds);
  const codes = {};
  const latencies = [];
  let sent = 0;
  let done = 0;
  let inFlight = 0;
  let skipped = 0;
  const started = Date.now();

  return new Promise(resolve => {
    const finishIfDone = () => {
      if (done + skipped < total) return;
      agent.destroy();
      latencies.sort((a, b) => a - b);
      const errors = Object.entries(codes)
        .filter(([c]) => c === 'error' || Number(c) >= 500)
        .reduce((s, [, n]) => s + n, 0);
      resolve({
        url,
        requests: done,
        skipped,
        seconds: (Date.now() - started) / 1000,
        codes,
        errorRate: done ? errors / done : 0,
        latencyMs: {
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
        },
      });
    };
    const fire = () => {
      if (inFlight >= MAX_IN_FLIGHT) {
        // the target is too slow for the rate: drop rather than pile up unbounded requests
        skipped++;
        finishIfDone();
        return;
      }
      inFlight++;
      const t0 = process.hrtime.bigint();
      const req = client.request(
        target,
        { method: 'GET', headers, agent, timeout: timeoutMs },
        res => {
          res.resume();
          res.on('end', () => {
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            codes[res.statusCode] = (codes[res.statusCode] || 0) + 1;
            inFlight--;
            done++;
            finishIfDone();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        codes.error = (codes.error || 0) + 1;
        inFlight--;
        done++;
        finishIfDone();
      });
      req.end();
    };
    const interval = 1000 / rate;
    const tick = () => {
      // catch up on the schedule so the rate holds even when timers fire late
      const due = Math.min(
        total,
        Math.floor((Date.now() - started) / interval) + 1,
      );
      while (sent < due) {
        sent++;
        fire();
      }
      if (sent < total) setTimeout(tick, Math.max(1, interval));
    };
    tick();
  });
}

function parseArgs(argv) {
  const opts = { headers: {}, rate: 10, durationSeconds: 10 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg}: missing value`);
      return argv[++i];
    };
    if (arg === '--url') opts.url = next();
    else if (arg === '--rate') opts.rate = Number(next());
    else if (arg === '--duration') opts.durationSeconds = Number(next());
    else if (arg === '--header' || arg === '-H') {
      const header = next();
      const colon = header.indexOf(':');
      if (colon <= 0)
        throw new Error(`--header: "${header}" must look like "Name: value"`);
      opts.headers[header.slice(0, colon).trim()] = header
        .slice(colon + 1)
        .trim();
    } else if (arg === '--help' || arg === '-h') {
      opts.help = true;
    } else throw new Error(`unknown argument ${arg}`);
  }
  return opts;
}

if (require.main === module) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
    if (opts.help) {
      console.log(
        'usage: traffic.js --url URL [--rate N per second] [--duration SECONDS] [--header "Name: value"]...',
      );
      process.exit(0);
    }
    if (!opts.url) throw new Error('--url is required');
  } catch (error) {
    console.error(`traffic: ${error.message}`);
    process.exit(2);
  }
  generateTraffic(opts)
    .then(summary => console.log(JSON.stringify(summary, null, 2)))
    .catch(error => {
      console.error(`traffic: ${error.message}`);
      process.exit(2);
    });
}

module.exports = { generateTraffic, parseArgs };
