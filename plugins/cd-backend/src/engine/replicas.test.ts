import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import type { StageDefinition } from '@internal/plugin-cd-node';
import { createHarness, Harness, sleep } from './testing/harness';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const postgres = databases.eachSupportedId();

/**
 * Two engine instances with their own connection pools (two replicas)
 * sharing one PostgreSQL database: every stage runs exactly once.
 */
(postgres.length > 0 ? describe : describe.skip)('two replicas on one PostgreSQL database', () => {
  let replicas: Harness[] = [];
  let pools: Knex[] = [];
  const runsByReplica = new Map<string, string[]>();

  function countingStage(replica: string): StageDefinition {
    return {
      type: 'counted',
      tasks: [
        {
          name: 'count',
          run: async ctx => {
            runsByReplica.get(replica)!.push(ctx.idempotencyKey);
            await sleep(30);
            return { status: 'SUCCEEDED' };
          },
        },
      ],
    };
  }

  afterEach(async () => {
    for (const r of replicas) await r.stop();
    for (const p of pools) await p.destroy();
    replicas = [];
    pools = [];
  });

  it('processes 20 executions with no stage run twice and no zombie', async () => {
    const knex = await databases.init(postgres[0][0]);
    // A second pool on the same database: what another replica would have.
    const connection = knex.client.config.connection;
    const other = knexFactory({ client: 'pg', connection, pool: { min: 0, max: 10 } });
    pools.push(other);
    for (const [name, db] of [['a', knex], ['b', other]] as const) {
      runsByReplica.set(name, []);
      replicas.push(
        await createHarness(db, { stages: [countingStage(name)], worker: { concurrency: 4, pollMs: 50, leaseMs: 10_000 } }),
      );
    }
    const [a] = replicas;
    const pipeline = await a.savePipeline({
      stages: [
        { refId: '1', type: 'counted', name: 'one' },
        { refId: '2a', type: 'counted', name: 'two a', requisiteStageRefIds: ['1'] },
        { refId: '2b', type: 'counted', name: 'two b', requisiteStageRefIds: ['1'] },
        { refId: '3', type: 'counted', name: 'three', requisiteStageRefIds: ['2a', '2b'] },
      ],
    });
    const ids = [];
    for (let i = 0; i < 20; i++) {
      ids.push((await replicas[i % 2].engine.start(pipeline, { type: 'manual', user: 'u', parameters: {} })).id);
    }
    for (const id of ids) expect((await a.waitFor(id, undefined, 60_000)).status).toBe('SUCCEEDED');
    const all = [...runsByReplica.get('a')!, ...runsByReplica.get('b')!];
    expect(all).toHaveLength(20 * 4);
    expect(new Set(all).size).toBe(20 * 4);
    // Both replicas took part.
    expect(runsByReplica.get('a')!.length).toBeGreaterThan(0);
    expect(runsByReplica.get('b')!.length).toBeGreaterThan(0);
    expect(await a.zombies()).toEqual([]);
  });

  it('runs a limitConcurrent pipeline one execution at a time across replicas', async () => {
    const knex = await databases.init(postgres[0][0]);
    const other = knexFactory({ client: 'pg', connection: knex.client.config.connection, pool: { min: 0, max: 10 } });
    pools.push(other);
    const intervals: Array<[number, number]> = [];
    const timed: StageDefinition = {
      type: 'timed',
      tasks: [
        {
          name: 'hold',
          run: async () => {
            const start = Date.now();
            await sleep(150);
            intervals.push([start, Date.now()]);
            return { status: 'SUCCEEDED' };
          },
        },
      ],
    };
    for (const db of [knex, other]) {
      replicas.push(await createHarness(db, { stages: [timed], worker: { concurrency: 4, pollMs: 50, leaseMs: 10_000 } }));
    }
    const [a] = replicas;
    const pipeline = await a.savePipeline({
      limitConcurrent: true,
      keepWaitingPipelines: true,
      stages: [{ refId: '1', type: 'timed', name: 'hold' }],
    });
    // Started at the same moment on both replicas.
    const started = await Promise.all(
      [0, 1, 2, 3, 4, 5].map(i =>
        replicas[i % 2].engine.start(pipeline, { type: 'manual', user: 'u', parameters: {} }),
      ),
    );
    for (const e of started) expect((await a.waitFor(e.id, undefined, 60_000)).status).toBe('SUCCEEDED');
    expect(intervals).toHaveLength(6);
    const sorted = [...intervals].sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < sorted.length; i++) {
      // Each execution starts after the previous one ended: never two at once.
      expect(sorted[i][0]).toBeGreaterThanOrEqual(sorted[i - 1][1]);
    }
    expect(await a.zombies()).toEqual([]);
  });
});
