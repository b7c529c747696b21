#!/usr/bin/env node
// Backend memory: the resident set (RSS) of the real backend process (all
// of Backstage plus the cd plugin, SQLite, local cluster account) idle and
// while API clients load it and pipelines run, beside Spinnaker's documented
// minimum of 18 GB RAM for a Kubernetes install.
//   node reliability/memory.bench.js [--full]   (bounded: 20 clients × 15 s; full: 100 clients × 60 s)
const { withEnvironment } = require('./lib/env');
const { measure, mb } = require('./load');
const { SIZES } = require('./lib/sizes');
const { killAllNow } = require('./lib/proc');

const SPINNAKER_MINIMUM_BYTES = 18 * 1024 ** 3;

async function main() {
  const full = process.argv.includes('--full');
  const sizes = SIZES[full ? 'full' : 'bounded'].load;
  const m = await withEnvironment({ name: 'memory' }, env => measure(env, sizes));
  const ratio = bytes => (SPINNAKER_MINIMUM_BYTES / bytes).toFixed(0);
  console.log(`backend RSS idle: ${mb(m.idleRss)} (Spinnaker's minimum 18 GB is ${ratio(m.idleRss)}× more)`);
  console.log(`backend RSS under load (${m.clients} clients × ${m.seconds} s, ${sizes.pipelines} pipelines): peak ${mb(m.loadRss)}, mean ${mb(m.loadMeanRss)} (18 GB is ${ratio(m.loadRss)}× more)`);
  console.log(`requests: ${m.requests} (${m.perSecond.toFixed(0)}/s), errors ${m.errors.length}, p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms`);
  console.log(`RESULT ${JSON.stringify({ sizes: full ? 'full' : 'bounded', ...m, errors: m.errors.length, unfinished: m.unfinished.length, spinnakerMinimumBytes: SPINNAKER_MINIMUM_BYTES })}`);
  return m.errors.length === 0 ? 0 : 1;
}

main().then(
  code => {
    killAllNow();
    process.exit(code);
  },
  e => {
    console.error(e);
    killAllNow();
    process.exit(1);
  },
);
