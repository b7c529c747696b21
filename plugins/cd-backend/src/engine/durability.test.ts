import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import knexFactory, { Knex } from 'knex';
import { createHarness, Harness, sleep } from './testing/harness';
import { startTestServer, TestServer } from './testing/httpServer';

jest.setTimeout(300_000);

const HOOK = require.resolve('@backstage/cli/config/nodeTransform.cjs');
const WORKER = path.join(__dirname, 'testing', 'durabilityWorker.ts');

/** Starts a replica process on the database file and waits until its workers run. */
async function startReplica(dbFile: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', HOOK, WORKER, dbFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test' },
  });
  let stderr = '';
  child.stderr!.on('data', d => (stderr += d));
  if (process.env.CD_DURABILITY_LOG) {
    const log = fs.createWriteStream(process.env.CD_DURABILITY_LOG, { flags: 'a' });
    child.stdout!.on('data', d => log.write(`${Date.now()} ${child.pid} ${d}`));
    child.stderr!.on('data', d => log.write(`${Date.now()} ${child.pid} ERR ${d}`));
  }
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', d => {
      if (String(d).includes('ready')) resolve();
    });
    child.on('exit', code => reject(new Error(`replica exited with ${code}: ${stderr}`)));
  });
  return child;
}

async function kill(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('durability: a replica killed with SIGKILL mid-execution', () => {
  let dir: string;
  let knex: Knex;
  let h: Harness;
  let server: TestServer;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-durability-'));
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(dir, 'cd.sqlite') },
      useNullAsDefault: true,
    });
    await knex.raw('PRAGMA busy_timeout = 5000');
    // This process only creates the execution and inspects the file: it runs no workers.
    h = await createHarness(knex, { startWorkers: false });
    server = await startTestServer();
  });

  afterEach(async () => {
    for (const c of children) await kill(c);
    await server.close();
    await knex.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('continues after kills during a wait stage and during a webhook task, performing each side effect once', async () => {
    // The first webhook call hangs long enough to kill the replica while the task runs.
    server.on('/deploy', { status: 200, body: { deployed: true }, delayMs: 5000 }, { status: 200, body: { deployed: true } });
    const execution = await h.run({
      stages: [
        { refId: '1', type: 'noop', name: 'prepare' },
        { refId: '2', type: 'wait', name: 'soak', waitTime: 2, requisiteStageRefIds: ['1'] },
        { refId: '3', type: 'webhook', name: 'deploy', url: `${server.url}/deploy`, payload: { v: 1 }, requisiteStageRefIds: ['2'] },
        { refId: '4', type: 'noop', name: 'verify', requisiteStageRefIds: ['3'] },
      ],
    });
    const dbFile = path.join(dir, 'cd.sqlite');

    // 1. Kill during the wait stage.
    let replica = await startReplica(dbFile);
    children.push(replica);
    await h.waitFor(execution.id, e => h.stage(e, 'soak').status === 'RUNNING');
    await kill(replica);
    expect(await h.zombies()).toEqual([]);
    expect((await h.engine.get(execution.id))!.status).toBe('RUNNING');

    // 2. Restart; kill while the webhook task waits for its (slow) response.
    replica = await startReplica(dbFile);
    children.push(replica);
    await h.waitFor(execution.id, () => server.requestsTo('/deploy').length === 1, 20_000);
    await kill(replica);
    expect(await h.zombies()).toEqual([]);
    const midway = (await h.engine.get(execution.id))!;
    expect(h.stage(midway, 'soak').status).toBe('SUCCEEDED');
    expect(h.stage(midway, 'deploy').status).toBe('RUNNING');

    // 3. Restart: after the dead replica's lease expires, the task runs again with the same key.
    replica = await startReplica(dbFile);
    children.push(replica);
    const done = await h.waitFor(execution.id, undefined, 30_000);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.stages.map(s => s.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    const deployId = h.stage(done, 'deploy').id;
    const calls = server.requestsTo('/deploy');
    expect(calls.length).toBe(2);
    expect(calls.map(c => c.headers['idempotency-key'])).toEqual([`${deployId}:1:0`, `${deployId}:1:0`]);
    // One side effect for the one attempt.
    expect([...server.effects.keys()]).toEqual([`${deployId}:1:0`]);
    expect(await h.zombies()).toEqual([]);
    // The follow-up work of the completion (triggers) drains too.
    const queued = async () => Number((await knex('cd_queue').where({ execution_id: execution.id }).count({ n: '*' }))[0].n);
    for (let i = 0; i < 100 && (await queued()) > 0; i++) await sleep(100);
    expect(await queued()).toBe(0);
    await kill(replica);
    await sleep(10);
  });
});
