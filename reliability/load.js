// Load: concurrent API clients on the read routes while pipelines run. No
// request may fail; p50/p99 latency and the backend's resident memory (idle
// and under load) are reported.
const { withEnvironment } = require('./lib/env');
const { Failures, percentile, waitForFinal } = require('./lib/checks');
const { names } = require('./lib/pipelines');
const { sleep } = require('./lib/proc');

/** Samples the backend's RSS every 250 ms while `work` runs; returns [result, peak bytes, mean bytes]. */
async function sampleRss(backend, work) {
  const samples = [];
  const timer = setInterval(() => {
    const rss = backend.rssBytes();
    if (rss) samples.push(rss);
  }, 250);
  try {
    const result = await work();
    return [result, Math.max(...samples), samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length)];
  } finally {
    clearInterval(timer);
  }
}

async function measure(env, { clients, seconds, pipelines: count }) {
  const backend = env.backends[0];
  const pipeline = await env.api.pipelineByName(names.deployAndNotify);
  // idle: started, pipelines seeded, nothing running
  await sleep(3000);
  const [, idlePeak] = await sampleRss(backend, () => sleep(3000));
  const ids = [];
  for (let i = 0; i < count; i++) ids.push((await env.api.startPipeline(pipeline.id, { n: `l${i}` })).id);
  const routes = [
    '/applications/demo-app/pipelines',
    `/pipelines/${pipeline.id}`,
    '/executions?application=demo-app&limit=20',
    ...ids.slice(0, 5).map(id => `/executions/${id}`),
    '/applications/demo-app/clusters',
    '/accounts',
    '/health',
  ];
  const latencies = [];
  const errors = [];
  const until = Date.now() + seconds * 1000;
  const client = async c => {
    for (let i = c; Date.now() < until; i++) {
      const route = routes[i % routes.length];
      const t0 = performance.now();
      try {
        const r = await env.api.get(route, { timeoutMs: 30_000 });
        if (r.status !== 200) errors.push(`${route}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      } catch (e) {
        errors.push(`${route}: ${e.message}`);
      }
      latencies.push(performance.now() - t0);
    }
  };
  const [, loadPeak, loadMean] = await sampleRss(backend, () => Promise.all(Array.from({ length: clients }, (_, c) => client(c))));
  const final = await waitForFinal(() => env.api, ids, { timeoutMs: 180_000 });
  latencies.sort((a, b) => a - b);
  return {
    clients,
    seconds,
    requests: latencies.length,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    idleRss: idlePeak,
    loadRss: loadPeak,
    loadMeanRss: loadMean,
    unfinished: ids.filter(id => final.get(id)?.status !== 'SUCCEEDED'),
  };
}

const mb = bytes => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function run(sizes) {
  return withEnvironment({ name: 'load' }, async env => {
    env.log(`${sizes.clients} clients for ${sizes.seconds} s while ${sizes.pipelines} pipelines run`);
    const m = await measure(env, sizes);
    const f = new Failures();
    f.check(m.errors.length === 0, `${m.errors.length} failed requests, e.g. ${m.errors.slice(0, 5).join(' | ')}`);
    f.check(m.unfinished.length === 0, `pipelines run under load did not succeed: ${m.unfinished.join(', ')}`);
    f.throwIfAny('load');
    return `${m.requests} requests (${m.perSecond.toFixed(0)}/s) by ${m.clients} clients in ${m.seconds} s, 0 errors; p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms; backend RSS idle ${mb(m.idleRss)}, under load ${mb(m.loadRss)}`;
  });
}

module.exports = { name: 'load', run, measure, mb };

if (require.main === module) {
  const { SIZES } = require('./lib/sizes');
  run(SIZES[process.argv.includes('--full') ? 'full' : 'bounded'].load).then(
    summary => console.log(`load: PASS ${summary}`),
    e => {
      console.error(`load: FAIL ${e.message}`);
      process.exitCode = 1;
    },
  ).finally(() => require('./lib/proc').killAllNow());
}
