/*
 * A backend replica for the durability test: runs the engine's workers on a
 * SQLite file until it is killed. Started as
 *   node -r @backstage/cli/config/nodeTransform.cjs durabilityWorker.ts <sqlite file>
 * It prints "ready" once its workers run, and one line per task run.
 */
import knexFactory from 'knex';
import { createHarness } from './harness';

async function main() {
  const filename = process.argv[2];
  if (!filename) throw new Error('usage: durabilityWorker.ts <sqlite file>');
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
  await knex.raw('PRAGMA busy_timeout = 5000');
  const h = await createHarness(knex, { worker: { leaseMs: 1500, pollMs: 100, concurrency: 2 } });
  h.engine.addListener({
    onExecutionEvent: e => void process.stdout.write(`event ${e.type} ${e.stageName ?? ''}\n`),
  });
  const logger = h.logger;
  const original = logger.lines.push.bind(logger.lines);
  logger.lines.push = (...lines: string[]) => {
    for (const l of lines) process.stdout.write(`log ${l}\n`);
    return original(...lines);
  };
  process.stdout.write('ready\n');
}

main().catch(err => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
