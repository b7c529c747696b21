/*
 * Engine benchmark. Run from the repository root:
 *   node -r @backstage/cli/config/nodeTransform.cjs plugins/cd-backend/bench/engine.bench.ts [sqlite|postgres]
 * Prints, in one run and on the same database: the per-stage overhead of a
 * 100-stage sequential no-op pipeline, the throughput of 200 concurrent
 * executions, the cost of the smallest durable write (one knex transaction
 * inserting one row), and the ratio of the first to the last (target ≤ 3).
 * PostgreSQL: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING or
 * postgresql://postgres:postgres@127.0.0.1:5432; a scratch database is
 * created and dropped.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import knexFactory, { Knex } from 'knex';
import type { ExecutionEvent, PipelineConfig } from '@internal/plugin-cd-common';
import type { StageDefinition } from '@internal/plugin-cd-node';
import { ExecutionEngine } from '../src/engine/ExecutionEngine';
import { StageRegistry } from '../src/engine/StageRegistry';
import { ExpressionEvaluator } from '../src/expressions';

const noop: StageDefinition = {
  type: 'noop',
  tasks: [{ name: 'noop', run: async () => ({ status: 'SUCCEEDED' }) }],
};

const quietLogger = { info() {}, warn: (m: string) => console.warn(m), error: (m: string) => console.error(m) };

async function openDatabase(kind: string): Promise<{ knex: Knex; cleanup: () => Promise<void>; label: string }> {
  if (kind === 'postgres') {
    const base =
      process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ?? 'postgresql://postgres:postgres@127.0.0.1:5432';
    const name = `cd_bench_${Date.now()}`;
    const admin = knexFactory({ client: 'pg', connection: `${base}/postgres` });
    await admin.raw(`CREATE DATABASE ${name}`);
    const knex = knexFactory({ client: 'pg', connection: `${base}/${name}`, pool: { min: 1, max: 10 } });
    return {
      knex,
      label: `PostgreSQL (${base.replace(/:[^:@/]*@/, ':***@')})`,
      cleanup: async () => {
        await knex.destroy();
        await admin.raw(`DROP DATABASE ${name}`);
        await admin.destroy();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-bench-'));
  const filename = path.join(dir, 'bench.sqlite');
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
  return {
    knex,
    label: `SQLite file ${filename}`,
    cleanup: async () => {
      await knex.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function smallestDurableWrite(knex: Knex, n: number): Promise<number> {
  await knex.schema.createTable('cd_bench_write', t => {
    t.increments('id');
    t.string('v');
  });
  for (let i = 0; i < 20; i++) await knex.transaction(trx => trx('cd_bench_write').insert({ v: 'warm' }));
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await knex.transaction(trx => trx('cd_bench_write').insert({ v: 'x' }));
  return (performance.now() - t0) / n;
}

function sequential(stages: number): PipelineConfig {
  return {
    application: 'bench',
    name: `sequential-${stages}`,
    stages: Array.from({ length: stages }, (_, i) => ({
      refId: String(i + 1),
      type: 'noop',
      name: `stage ${i + 1}`,
      requisiteStageRefIds: i === 0 ? [] : [String(i)],
    })),
  };
}

async function main() {
  const kind = process.argv[2] ?? 'sqlite';
  if (kind !== 'sqlite' && kind !== 'postgres') throw new Error('usage: engine.bench.ts [sqlite|postgres]');
  const db = await openDatabase(kind);
  try {
    // Only the engine's tables: the benchmark needs nothing else.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await require('../migrations/20261122100000_executions.js').up(db.knex);
    const engine = new ExecutionEngine({
      knex: db.knex,
      registry: new StageRegistry([noop]),
      expressions: new ExpressionEvaluator(),
      logger: quietLogger,
      worker: { concurrency: 8, pollMs: 500, leaseMs: 30_000 },
    });
    const waiters = new Map<string, () => void>();
    const pending = new Map<string, ExecutionEvent>();
    engine.addListener({
      onExecutionEvent: e => {
        if (e.type !== 'pipeline.complete' && e.type !== 'pipeline.failed') return;
        if (e.type === 'pipeline.failed') console.error(`execution ${e.executionId} failed`);
        const w = waiters.get(e.executionId);
        if (w) w();
        else pending.set(e.executionId, e);
      },
    });
    const completion = (id: string) =>
      new Promise<void>(resolve => (pending.has(id) ? resolve() : waiters.set(id, resolve)));
    engine.startWorkers();
    const trigger = { type: 'manual', user: 'bench', parameters: {} };

    // 1. Per-stage overhead: 100 sequential no-op stages (best of 3 after a warm-up).
    const long = { id: 'sequential-100', config: sequential(100) };
    await completion((await engine.start(long, trigger)).id);
    const perStage: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const e = await engine.start(long, trigger);
      await completion(e.id);
      perStage.push((performance.now() - t0) / 100);
    }
    const stageMs = Math.min(...perStage);

    // 2. Throughput: 200 concurrent executions of a 3-stage pipeline.
    const short = { id: 'sequential-3', config: sequential(3) };
    const t1 = performance.now();
    const ids = await Promise.all(Array.from({ length: 200 }, () => engine.start(short, trigger).then(e => e.id)));
    await Promise.all(ids.map(completion));
    const seconds = (performance.now() - t1) / 1000;

    await engine.stop();

    // 3. The smallest durable write on the same database.
    const writeMs = await smallestDurableWrite(db.knex, 300);

    const ratio = stageMs / writeMs;
    console.log(`engine benchmark on ${db.label}`);
    console.log(`  per-stage overhead (100 sequential no-op stages): ${stageMs.toFixed(3)} ms  (runs: ${perStage.map(x => x.toFixed(3)).join(', ')})`);
    console.log(`  throughput (200 concurrent 3-stage executions):   ${(200 / seconds).toFixed(1)} executions/s, ${(600 / seconds).toFixed(1)} stages/s (${seconds.toFixed(2)} s)`);
    console.log(`  smallest durable write (1 transaction, 1 row):    ${writeMs.toFixed(3)} ms`);
    console.log(`  ratio per-stage / smallest write:                 ${ratio.toFixed(2)}× (target ≤ 3×) ${ratio <= 3 ? 'OK' : 'OVER TARGET'}`);
  } finally {
    await db.cleanup();
  }
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
