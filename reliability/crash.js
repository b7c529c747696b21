// Crash: SIGKILL the backend at random moments while pipelines run, restart
// it each time, then check every execution ended right, no side effect
// happened twice for one attempt (webhook receiver and cluster), and nothing
// is left RUNNING with nothing queued.
const { withEnvironment } = require('./lib/env');
const { Failures, waitForFinal, stageByName } = require('./lib/checks');
const { names, NAMESPACE } = require('./lib/pipelines');
const { zombies } = require('./lib/db');
const { sleep } = require('./lib/proc');

const DEPLOY_KEY = 'cd.backstage.io/deploy-key';

async function run({ pipelines: count, kills, seed = Date.now() }) {
  let random = seed >>> 0;
  const rand = () => {
    // xorshift: the kill moments are reproducible from the printed seed
    random ^= random << 13;
    random ^= random >>> 17;
    random ^= random << 5;
    return (random >>> 0) / 4294967296;
  };
  return withEnvironment({ name: 'crash', leaseSeconds: 5 }, async env => {
    const backend = env.backends[0];
    env.log(`${count} pipelines, ${kills} kills, seed ${seed}`);
    const deployPipeline = await env.api.pipelineByName(names.deployAndNotify);
    const refusedPipeline = await env.api.pipelineByName(names.refusedWebhook);
    const expected = new Map(); // execution id → { status, n, kind }
    const killTimes = [];
    const waves = kills + 1;
    let started = 0;
    const startWave = async wave => {
      const size = Math.ceil((count - started) / (waves - wave));
      for (let i = 0; i < size; i++, started++) {
        const n = `c${started}`;
        const refused = started % 5 === 4; // one in five must end TERMINAL
        const pipeline = refused ? refusedPipeline : deployPipeline;
        const execution = await env.api.startPipeline(pipeline.id, { n });
        expected.set(execution.id, { status: refused ? 'TERMINAL' : 'SUCCEEDED', n, kind: refused ? 'refused' : 'deploy' });
      }
    };
    for (let wave = 0; wave < waves; wave++) {
      await startWave(wave);
      if (wave === kills) break;
      await sleep(500 + rand() * 5000);
      killTimes.push(Date.now());
      await backend.kill();
      await backend.start();
      env.log(`kill ${wave + 1}/${kills}: restarted in ${backend.lastStartMs} ms`);
    }
    const ids = [...expected.keys()];
    const final = await waitForFinal(() => env.api, ids, { timeoutMs: 120_000 + count * 3000 });

    const f = new Failures();
    const byKey = env.receiver.byKey();
    for (const [id, want] of expected) {
      const e = final.get(id);
      if (!f.check(e && e.status === want.status, `${want.n} (${id}) ended ${e?.status ?? 'unknown'}, expected ${want.status}`)) continue;
      for (const stage of e.stages.filter(s => s.type === 'webhook')) {
        const key = `${stage.id}:${stage.attempt ?? 1}:0`;
        const deliveries = byKey.get(key) ?? [];
        f.check(deliveries.length >= 1, `${want.n} stage ${stage.name}: the receiver never got key ${key}`);
        // A repeat with the same key is allowed only after a crash cut the first one off.
        for (let i = 1; i < deliveries.length; i++) {
          const crashBetween = killTimes.some(t => t >= deliveries[i - 1].start && t <= deliveries[i].start);
          f.check(crashBetween, `${want.n} stage ${stage.name}: key ${key} delivered ${deliveries.length} times without a crash in between`);
        }
        const otherKeys = [...byKey.keys()].filter(k => k.startsWith(`${stage.id}:`) && k !== key);
        f.check(otherKeys.length === 0, `${want.n} stage ${stage.name}: side effects under other keys ${otherKeys.join(', ')}`);
      }
      if (want.kind !== 'deploy') continue;
      const deploy = stageByName(e, 'deploy');
      const maps = await env.cluster.kube('GET', `/api/v1/namespaces/${NAMESPACE}/configmaps`);
      const versions = maps.body.items.filter(m => m.metadata.name.startsWith(`rel-${want.n}-v`));
      f.check(versions.length === 1, `${want.n}: ${versions.length} ConfigMap versions (${versions.map(v => v.metadata.name).join(', ')}), expected exactly one`);
      f.check(versions[0]?.metadata.annotations?.[DEPLOY_KEY] === `${deploy.id}:${deploy.attempt ?? 1}:0`,
        `${want.n}: ConfigMap ${versions[0]?.metadata.name} was created by ${versions[0]?.metadata.annotations?.[DEPLOY_KEY]}, not the deploy stage's key`);
      const dep = (await env.cluster.kube('GET', `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/rel-${want.n}`)).body;
      // created (generation 1), scaled once (2): a repeated apply or scale of the same values changes nothing
      f.check(dep?.metadata?.generation === 2 && dep?.spec?.replicas === 2,
        `${want.n}: Deployment generation ${dep?.metadata?.generation} replicas ${dep?.spec?.replicas}, expected 2 and 2`);
    }
    const hung = await zombies(env.db);
    f.check(hung.length === 0, `executions RUNNING with nothing queued: ${hung.join(', ')}`);
    const repeated = [...byKey.values()].filter(d => d.length > 1).length;
    f.throwIfAny('crash');
    return `${ids.length} executions right after ${kills} SIGKILLs (restart ${backend.lastStartMs} ms); ${env.receiver.requests.length} webhook deliveries, ${repeated} repeated with the same key after a crash; no zombies`;
  });
}

module.exports = { name: 'crash', run };

if (require.main === module) {
  const { SIZES } = require('./lib/sizes');
  run(SIZES[process.argv.includes('--full') ? 'full' : 'bounded'].crash).then(
    summary => console.log(`crash: PASS ${summary}`),
    e => {
      console.error(`crash: FAIL ${e.message}`);
      process.exitCode = 1;
    },
  ).finally(() => require('./lib/proc').killAllNow());
}
