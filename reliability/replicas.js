// Replicas: three backends on one PostgreSQL database; one is SIGKILLed while
// pipelines run. All executions must finish, no stage may run on two replicas
// at once (the receiver sees overlapping requests for one stage), and the
// survivors must take the dead replica's work over within the lease time.
const { withEnvironment } = require('./lib/env');
const { Failures, waitForFinal } = require('./lib/checks');
const { names } = require('./lib/pipelines');
const { zombies } = require('./lib/db');
const { sleep, waitUntil } = require('./lib/proc');

const LEASE_SECONDS = 5;

async function run({ replicas, pipelines: count }) {
  return withEnvironment({ name: 'replicas', replicas, postgres: true, leaseSeconds: LEASE_SECONDS }, async env => {
    env.log(`${replicas} replicas on PostgreSQL, ${count} pipelines, lease ${LEASE_SECONDS} s`);
    const pipeline = await env.api.pipelineByName(names.webhookChain);
    const apis = env.backends.map(b => env.api.at(b.url));
    const ids = [];
    // Started round-robin: each replica's lanes pick up what it started first, so every replica has work.
    for (let i = 0; i < count; i++) ids.push((await apis[i % replicas].startPipeline(pipeline.id, { n: `r${i}` })).id);
    const victim = env.backends[1];
    await waitUntil(() => env.receiver.requests.filter(r => r.end === undefined).length >= Math.min(3, count), {
      timeoutMs: 60_000,
      message: 'no webhook requests in flight',
    });
    await sleep(700);
    const killedAt = Date.now();
    await victim.kill();
    env.log(`killed ${victim.name} with ${env.receiver.requests.filter(r => r.end === undefined).length} requests in flight`);
    const survivors = () => apis[0];
    const final = await waitForFinal(survivors, ids, { timeoutMs: 60_000 + count * 10_000 });

    const f = new Failures();
    for (const id of ids) {
      const e = final.get(id);
      f.check(e?.status === 'SUCCEEDED', `${id} ended ${e?.status ?? 'unknown'}, expected SUCCEEDED`);
    }
    for (const o of env.receiver.overlaps()) {
      f.check(false, `stage attempt ${o.stage} ran twice at once: ${o.a.key} ${o.a.start}-${o.a.end} and ${o.b.key} ${o.b.start}-${o.b.end}`);
    }
    // Takeover: a request cut off by the kill is repeated (same key) by a survivor once the lease expires.
    const takeovers = [];
    for (const deliveries of env.receiver.byKey().values()) {
      const before = deliveries.filter(d => d.start < killedAt);
      const after = deliveries.filter(d => d.start >= killedAt);
      if (before.length > 0 && after.length > 0) takeovers.push(after[0].start - killedAt);
    }
    const limitMs = LEASE_SECONDS * 1000 + 3000; // the lease, plus a poll and a heartbeat's slack
    f.check(takeovers.length > 0, `no work of ${victim.name} was taken over (nothing was repeated after the kill)`);
    const slowest = Math.max(...takeovers);
    f.check(slowest <= limitMs, `takeover took ${slowest} ms, more than the lease (${LEASE_SECONDS} s) + 3 s`);
    const hung = await zombies(env.db);
    f.check(hung.length === 0, `executions RUNNING with nothing queued: ${hung.join(', ')}`);
    f.throwIfAny('replicas');
    return `${ids.length} executions on ${replicas} replicas finished after one was killed; ${takeovers.length} task(s) taken over in ${Math.min(...takeovers)}-${slowest} ms (lease ${LEASE_SECONDS} s); no stage ran on two replicas at once`;
  });
}

module.exports = { name: 'replicas', run };

if (require.main === module) {
  const { SIZES } = require('./lib/sizes');
  run(SIZES[process.argv.includes('--full') ? 'full' : 'bounded'].replicas).then(
    summary => console.log(`replicas: PASS ${summary}`),
    e => {
      console.error(`replicas: FAIL ${e.message}`);
      process.exitCode = 1;
    },
  ).finally(() => require('./lib/proc').killAllNow());
}
