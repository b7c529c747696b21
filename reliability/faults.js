// Faults at the cluster: the local cluster answers 500s, 429s with
// Retry-After, 409 conflicts, gateway timeouts, dropped connections and cut
// watches for a while. Stages must retry with backoff and succeed once it
// recovers, or fail with a clear message when it never does; the inventory
// must recover by itself.
const { withEnvironment } = require('./lib/env');
const { Failures, waitForFinal, stageByName } = require('./lib/checks');
const { names } = require('./lib/pipelines');
const { sleep, waitUntil } = require('./lib/proc');

const deployments = name => `/deployments/rel-f-${name}`;

async function run({ outageMs }) {
  return withEnvironment({ name: 'faults' }, async env => {
    const pipeline = await env.api.pipelineByName(names.deploy);
    const since = Date.now();
    // Each case targets its own Deployment, so they run side by side.
    await env.cluster.faults.set([
      { code: 500, pathIncludes: deployments('a500'), methods: ['PATCH'], durationMs: outageMs },
      { code: 429, retryAfterSeconds: 2, pathIncludes: deployments('b429'), methods: ['PATCH'], count: 3 },
      { code: 409, message: 'Operation cannot be fulfilled: the object has been modified', pathIncludes: deployments('c409'), methods: ['PATCH'], count: 2 },
      { code: 504, pathIncludes: deployments('d504'), count: 2 },
      { drop: true, pathIncludes: deployments('d504'), count: 2 },
      { code: 500, message: 'etcd cluster is unavailable', pathIncludes: deployments('e500') },
      { delayMs: 3000, pathIncludes: deployments('h-slow'), count: 2 },
      { code: 500, watch: true, durationMs: outageMs },
    ]);
    env.log(`faults set for ${outageMs} ms`);
    const cases = { a500: 'SUCCEEDED', b429: 'SUCCEEDED', c409: 'SUCCEEDED', d504: 'SUCCEEDED', e500: 'TERMINAL', 'h-slow': 'SUCCEEDED' };
    const ids = {};
    for (const n of Object.keys(cases)) ids[n] = (await env.api.startPipeline(pipeline.id, { n })).id;
    // Watches are cut over and over during the outage, and new ones refused.
    let cuts = 0;
    const cutter = (async () => {
      while (Date.now() - since < outageMs) {
        cuts += await env.cluster.faults.dropWatches();
        await sleep(1000);
      }
    })();
    // Deployed while the inventory cannot watch: it must show up once watches recover.
    const unwatched = (await env.api.startPipeline(pipeline.id, { n: 'g-unwatched' })).id;
    await cutter;

    const final = await waitForFinal(() => env.api, [...Object.values(ids), unwatched], { timeoutMs: 180_000 });
    const f = new Failures();
    for (const [n, want] of Object.entries(cases)) {
      const e = final.get(ids[n]);
      f.check(e?.status === want, `${n}: ended ${e?.status ?? 'unknown'}, expected ${want}${e ? ` (${String(stageByName(e, 'deploy')?.exception?.details?.error ?? '').slice(0, 300)})` : ''}`);
    }
    f.check(final.get(unwatched)?.status === 'SUCCEEDED', `g-unwatched: ended ${final.get(unwatched)?.status ?? 'unknown'}, expected SUCCEEDED`);
    const failed = final.get(ids.e500);
    const message = String((failed && stageByName(failed, 'deploy')?.exception?.details?.error) ?? '');
    f.check(message.includes('etcd cluster is unavailable') && message.includes('gave up after'),
      `e500: the failed stage does not say the cluster kept refusing ("etcd cluster is unavailable", "gave up after …"): ${message.slice(0, 400)}`);

    const hits = await env.cluster.faults.hits(since);
    const gaps = path => {
      const times = hits.filter(h => h.path.includes(path) && h.method === 'PATCH').map(h => h.at);
      return times.slice(1).map((t, i) => t - times[i]);
    };
    const a = gaps(deployments('a500'));
    f.check(a.length >= 2, `a500: only ${a.length + 1} refused attempts during a ${outageMs} ms outage`);
    f.check(a.every((g, i) => i === 0 || g >= a[i - 1] * 1.1 || g >= 7000), `a500: waits between attempts do not grow: ${a.join(', ')} ms`);
    const b = gaps(deployments('b429'));
    f.check(b.length === 2 && b.every(g => g >= 1900), `b429: waits ${b.join(', ')} ms do not honour Retry-After: 2`);
    f.check(cuts > 0, 'no watch was open to cut: the inventory did not watch the cluster');

    // The inventory recovers by itself: what was deployed while it could not watch shows up.
    const inventoryStarted = Date.now();
    const shown = ['g-unwatched', ...Object.keys(cases).filter(n => final.get(ids[n])?.status === 'SUCCEEDED')].map(n => `rel-f-${n}`);
    let missing = shown;
    await waitUntil(
      async () => {
        const r = await env.api.get('/applications/demo-app/clusters');
        const text = JSON.stringify(r.body);
        missing = shown.filter(name => !text.includes(name));
        return r.status === 200 && missing.length === 0;
      },
      { timeoutMs: 60_000, intervalMs: 500, message: () => `the inventory did not show ${missing.join(', ')} after watches recovered` },
    ).catch(e => f.check(false, e.message));
    f.throwIfAny('faults');
    return `5 fault kinds survived with backoff (500 waits ${a.join('/')} ms, 429 waits ${b.join('/')} ms), a permanent 500 failed with a clear message, ${cuts} watches cut; inventory caught up ${Date.now() - inventoryStarted} ms after the outage`;
  });
}

module.exports = { name: 'faults', run };

if (require.main === module) {
  const { SIZES } = require('./lib/sizes');
  run(SIZES[process.argv.includes('--full') ? 'full' : 'bounded'].faults).then(
    summary => console.log(`faults: PASS ${summary}`),
    e => {
      console.error(`faults: FAIL ${e.message}`);
      process.exitCode = 1;
    },
  ).finally(() => require('./lib/proc').killAllNow());
}
