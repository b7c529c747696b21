import { TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { createHarness, Harness, sleep } from './testing/harness';
import { TEST_DATABASE_IDS } from './testing/databases';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: TEST_DATABASE_IDS });

describe.each(databases.eachSupportedId())('ExecutionEngine on %p', databaseId => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness(await databases.init(databaseId));
  });

  afterEach(async () => {
    await h.stop();
    // The "no zombie" invariant holds at rest in every test.
    // The "no zombie" invariant holds at rest after every test.
    const zombies = await h.zombies();
    if (zombies.length > 0) throw new Error(`zombie executions: ${JSON.stringify(zombies)}`);
  });

  it('runs parallel branches and starts a join only when all requisites succeeded', async () => {
    const e = await h.run({
      stages: [
        { refId: '1', type: 'noop', name: 'start' },
        { refId: '2a', type: 'slow', name: 'left', ms: 150, requisiteStageRefIds: ['1'] },
        { refId: '2b', type: 'slow', name: 'right', ms: 300, requisiteStageRefIds: ['1'] },
        { refId: '3', type: 'noop', name: 'join', requisiteStageRefIds: ['2a', '2b'] },
      ],
    });
    const done = await h.waitFor(e.id);
    expect(done.status).toBe('SUCCEEDED');
    const [left, right, join] = ['left', 'right', 'join'].map(n => h.stage(done, n));
    // Both branches ran at the same time, and the join waited for the slower one.
    expect(left.startTime! < right.endTime!).toBe(true);
    expect(right.startTime! < left.endTime!).toBe(true);
    expect(join.startTime!).toBeGreaterThanOrEqual(right.endTime!);
    expect(h.events.map(ev => ev.type)).toEqual(
      expect.arrayContaining(['pipeline.starting', 'stage.starting', 'stage.complete', 'pipeline.complete']),
    );
  });

  it('fails the pipeline (TERMINAL) by default, stops downstream and cancels the other branch with cleanup', async () => {
    const e = await h.run({
      stages: [
        { refId: '1', type: 'fail', name: 'broken' },
        { refId: '2', type: 'noop', name: 'after broken', requisiteStageRefIds: ['1'] },
        { refId: '3', type: 'slow', name: 'other branch', ms: 5000 },
      ],
    });
    const done = await h.waitFor(e.id);
    expect(done.status).toBe('TERMINAL');
    expect(h.stage(done, 'broken').status).toBe('TERMINAL');
    expect(h.stage(done, 'broken').exception?.details.error).toBe('failed on purpose');
    expect(h.stage(done, 'after broken').status).toBe('NOT_STARTED');
    expect(h.stage(done, 'other branch').status).toBe('CANCELED');
    await h.waitFor(e.id, () => h.cleanups.includes('other branch'));
  });

  it('continuePipeline: FAILED_CONTINUE and downstream still runs', async () => {
    const e = await h.run({
      stages: [
        { refId: '1', type: 'fail', name: 'soft', continuePipeline: true, failPipeline: false },
        { refId: '2', type: 'noop', name: 'next', requisiteStageRefIds: ['1'] },
      ],
    });
    const done = await h.waitFor(e.id);
    expect(h.stage(done, 'soft').status).toBe('FAILED_CONTINUE');
    expect(h.stage(done, 'next').status).toBe('SUCCEEDED');
    expect(done.status).toBe('SUCCEEDED');
  });

  it('failPipeline false: the branch STOPS, other branches finish, the pipeline SUCCEEDS', async () => {
    const e = await h.run({
      stages: [
        { refId: '1', type: 'fail', name: 'stopper', failPipeline: false },
        { refId: '2', type: 'noop', name: 'behind stopper', requisiteStageRefIds: ['1'] },
        { refId: '3', type: 'slow', name: 'other', ms: 200 },
      ],
    });
    const done = await h.waitFor(e.id);
    expect(h.stage(done, 'stopper').status).toBe('STOPPED');
    expect(h.stage(done, 'behind stopper').status).toBe('NOT_STARTED');
    expect(h.stage(done, 'other').status).toBe('SUCCEEDED');
    expect(done.status).toBe('SUCCEEDED');
  });

  it('completeOtherBranchesThenFail: other branches finish, then the pipeline is TERMINAL', async () => {
    const e = await h.run({
      stages: [
        { refId: '1', type: 'fail', name: 'fails', failPipeline: false, completeOtherBranchesThenFail: true },
        { refId: '3', type: 'slow', name: 'other', ms: 200 },
      ],
    });
    const done = await h.waitFor(e.id);
    expect(h.stage(done, 'fails').status).toBe('STOPPED');
    expect(h.stage(done, 'other').status).toBe('SUCCEEDED');
    expect(done.status).toBe('TERMINAL');
  });

  it('skips a stage whose stageEnabled expression is false and evaluates its context when it starts', async () => {
    const e = await h.run(
      {
        stages: [
          { refId: '1', type: 'noop', name: 'maybe', stageEnabled: { type: 'expression', expression: "parameters.deploy == 'yes'" } },
          { refId: '2', type: 'noop', name: 'uses params', requisiteStageRefIds: ['1'], greeting: 'hello ${parameters.who}', count: '${ 1 + 2 }' },
        ],
      },
      { deploy: 'no', who: 'world' },
    );
    const done = await h.waitFor(e.id);
    expect(h.stage(done, 'maybe').status).toBe('SKIPPED');
    const uses = h.stage(done, 'uses params');
    expect(uses.status).toBe('SUCCEEDED');
    expect(uses.context.greeting).toBe('hello world');
    expect(uses.context.count).toBe(3); // a whole-string expression keeps its type
    expect(done.status).toBe('SUCCEEDED');
  });

  it('records failed expressions, and failOnFailedExpressions fails the stage', async () => {
    const e = await h.run({
      stages: [
        { refId: '1', type: 'noop', name: 'lenient', value: '${ #nope() }' },
        { refId: '2', type: 'noop', name: 'strict', value: '${ #nope() }', failOnFailedExpressions: true, requisiteStageRefIds: ['1'] },
      ],
    });
    const done = await h.waitFor(e.id);
    const lenient = h.stage(done, 'lenient');
    expect(lenient.status).toBe('SUCCEEDED');
    expect(lenient.context.value).toBe('${ #nope() }');
    expect(Object.keys(lenient.context.expressionEvaluationSummary as object).length).toBe(1);
    expect(h.stage(done, 'strict').status).toBe('TERMINAL');
    expect(h.stage(done, 'strict').exception?.details.error).toMatch(/Failed to evaluate expressions/);
    expect(done.status).toBe('TERMINAL');
  });

  it('runs synthetic before-stages, then the stage tasks, then after-stages', async () => {
    const e = await h.run({ stages: [{ refId: '1', type: 'wrapped', name: 'parent' }] });
    const done = await h.waitFor(e.id);
    expect(done.status).toBe('SUCCEEDED');
    const parent = h.stage(done, 'parent');
    const [b1, b2, after] = ['before 1', 'before 2', 'after'].map(n => h.stage(done, n));
    expect([b1, b2, after].map(s => [s.parentStageId, s.syntheticStageOwner])).toEqual([
      [parent.id, 'STAGE_BEFORE'],
      [parent.id, 'STAGE_BEFORE'],
      [parent.id, 'STAGE_AFTER'],
    ]);
    expect(b1.refId).toBe('1<1');
    expect(b2.requisiteStageRefIds).toEqual(['1<1']);
    const order = h.runs.map(r => r.stageName);
    expect(order).toEqual(['before 1', 'before 2', 'parent', 'after']);
    expect(parent.endTime!).toBeGreaterThanOrEqual(after.endTime!);
  });

  it('times a stage out after stageTimeoutMs', async () => {
    const e = await h.run({ stages: [{ refId: '1', type: 'wait', name: 'long wait', waitTime: 60, stageTimeoutMs: 300 }] });
    const done = await h.waitFor(e.id);
    expect(done.status).toBe('TERMINAL');
    expect(h.stage(done, 'long wait').exception?.details.error).toMatch(/timed out after 300 ms/);
  });

  it('pauses and resumes; paused time does not count against the timeout', async () => {
    const e = await h.run({ stages: [{ refId: '1', type: 'wait', name: 'w', waitTime: 1, stageTimeoutMs: 1600 }] });
    await h.waitFor(e.id, x => x.stages[0].status === 'RUNNING');
    await sleep(300);
    await h.engine.pause(e.id, 'user:default/ops');
    await expect(h.engine.pause(e.id, 'user:default/ops')).rejects.toThrow(ConflictError);
    const paused = await h.waitFor(e.id, x => x.status === 'PAUSED');
    expect(paused.stages[0].status).toBe('PAUSED');
    await sleep(1200);
    expect((await h.engine.get(e.id))!.status).toBe('PAUSED');
    await h.engine.resume(e.id, 'user:default/ops');
    await expect(h.engine.resume(e.id, 'user:default/ops')).rejects.toThrow(ConflictError);
    const done = await h.waitFor(e.id);
    // 1.5 s+ of wall time but ~1 s unpaused: the wait succeeded within its 1.6 s timeout.
    expect(done.status).toBe('SUCCEEDED');
    expect(done.stages[0].pausedMs!).toBeGreaterThanOrEqual(1100);
    expect(done.paused).toMatchObject({ pausedBy: 'user:default/ops', resumedBy: 'user:default/ops' });
  });

  it('cancels a running execution: the running task ends CANCELED and the cleanup hook runs', async () => {
    const e = await h.run({
      stages: [
        { refId: '1', type: 'slow', name: 'long', ms: 10_000 },
        { refId: '2', type: 'noop', name: 'never', requisiteStageRefIds: ['1'] },
      ],
    });
    await h.waitFor(e.id, x => x.stages[0].status === 'RUNNING' && h.runs.length > 0);
    await h.engine.cancel(e.id, 'user:default/ops', 'wrong version');
    const done = await h.waitFor(e.id);
    expect(done).toMatchObject({ status: 'CANCELED', canceled: true, canceledBy: 'user:default/ops', cancellationReason: 'wrong version' });
    expect(h.stage(done, 'long').status).toBe('CANCELED');
    expect(h.stage(done, 'long').tasks[0].status).toBe('CANCELED');
    expect(h.stage(done, 'never').status).toBe('NOT_STARTED');
    expect(h.cleanups).toEqual(['long']);
    await expect(h.engine.cancel(e.id, 'user:default/ops')).rejects.toThrow(ConflictError);
  });

  it('restarts a failed stage and everything downstream, recording who and why', async () => {
    const e = await h.run({
      stages: [
        { refId: '1', type: 'noop', name: 'first' },
        { refId: '2', type: 'fail', name: 'flaky', succeedOnAttempt: 2, requisiteStageRefIds: ['1'] },
        { refId: '3', type: 'noop', name: 'last', requisiteStageRefIds: ['2'] },
      ],
    });
    const failed = await h.waitFor(e.id);
    expect(failed.status).toBe('TERMINAL');
    const flaky = h.stage(failed, 'flaky');
    await h.engine.restartStage(e.id, flaky.id, 'user:default/ops', 'fixed the config');
    const done = await h.waitFor(e.id, x => x.status === 'SUCCEEDED');
    const restarted = h.stage(done, 'flaky');
    expect(restarted.attempt).toBe(2);
    expect(restarted.restartDetails).toMatchObject({
      restartedBy: 'user:default/ops',
      reason: 'fixed the config',
      previousException: { details: { error: 'failed on purpose' } },
    });
    expect(h.stage(done, 'last').status).toBe('SUCCEEDED');
    expect(h.stage(done, 'first').attempt).toBe(1);
    // New attempt, new idempotency key.
    expect(h.runs.filter(r => r.stageName === 'flaky').map(r => r.key)).toEqual([
      `${flaky.id}:1:0`,
      `${flaky.id}:2:0`,
    ]);
  });

  it('refuses to restart a running stage (409)', async () => {
    const e = await h.run({ stages: [{ refId: '1', type: 'wait', name: 'w', waitTime: 30 }] });
    const running = await h.waitFor(e.id, x => x.stages[0].status === 'RUNNING');
    await expect(h.engine.restartStage(e.id, running.stages[0].id, 'u', 'r')).rejects.toThrow(ConflictError);
    await h.engine.cancel(e.id, 'u');
    await h.waitFor(e.id);
  });

  it('waits for a manual judgment and continues or stops on it', async () => {
    const e = await h.run({
      stages: [
        { refId: '1', type: 'manualJudgment', name: 'approve', instructions: 'ship it?', judgmentInputs: [{ value: 'yes' }] },
        { refId: '2', type: 'noop', name: 'ship', requisiteStageRefIds: ['1'] },
      ],
    });
    const waiting = await h.waitFor(e.id, x => x.stages[0].status === 'RUNNING');
    await sleep(100);
    expect(h.events.some(ev => ev.type === 'manualJudgment' && ev.stageName === 'approve')).toBe(true);
    await h.engine.submitJudgment(e.id, waiting.stages[0].id, { judgmentStatus: 'continue', input: 'yes' }, 'user:default/lead');
    await expect(
      h.engine.submitJudgment(e.id, waiting.stages[0].id, { judgmentStatus: 'stop' }, 'user:default/lead'),
    ).rejects.toThrow(ConflictError);
    const done = await h.waitFor(e.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.stages[0].context).toMatchObject({ judgmentStatus: 'continue', judgmentInput: 'yes', lastModifiedBy: 'user:default/lead' });

    const e2 = await h.run({ stages: [{ refId: '1', type: 'manualJudgment', name: 'approve' }] });
    const w2 = await h.waitFor(e2.id, x => x.stages[0].status === 'RUNNING');
    await h.engine.submitJudgment(e2.id, w2.stages[0].id, { judgmentStatus: 'stop' }, 'user:default/lead');
    const stopped = await h.waitFor(e2.id);
    expect(stopped.status).toBe('TERMINAL');
    expect(stopped.stages[0].exception?.details.error).toBe('Stopped by user:default/lead');
  });

  it('skips the remaining wait on request', async () => {
    const e = await h.run({ stages: [{ refId: '1', type: 'wait', name: 'w', waitTime: 600 }] });
    const running = await h.waitFor(e.id, x => x.stages[0].status === 'RUNNING');
    const t0 = Date.now();
    await h.engine.skipWait(e.id, running.stages[0].id, 'user:default/ops');
    const done = await h.waitFor(e.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('limitConcurrent: a second execution waits (BUFFERED) until the first ends', async () => {
    const pipeline = await h.savePipeline({
      limitConcurrent: true,
      keepWaitingPipelines: true,
      stages: [{ refId: '1', type: 'slow', name: 's', ms: 400 }],
    });
    const trigger = { type: 'manual', user: 'u', parameters: {} };
    const a = await h.engine.start(pipeline, trigger);
    await h.waitFor(a.id, x => x.status === 'RUNNING');
    const b = await h.engine.start(pipeline, trigger);
    await h.waitFor(b.id, x => x.status === 'BUFFERED');
    const aDone = await h.waitFor(a.id);
    const bDone = await h.waitFor(b.id);
    expect(bDone.status).toBe('SUCCEEDED');
    expect(bDone.startTime!).toBeGreaterThanOrEqual(aDone.endTime!);
  });

  it('keepWaitingPipelines false: only the newest waiting execution is kept', async () => {
    const pipeline = await h.savePipeline({
      limitConcurrent: true,
      keepWaitingPipelines: false,
      stages: [{ refId: '1', type: 'slow', name: 's', ms: 500 }],
    });
    const trigger = { type: 'manual', user: 'u', parameters: {} };
    const a = await h.engine.start(pipeline, trigger);
    await h.waitFor(a.id, x => x.status === 'RUNNING');
    const b = await h.engine.start(pipeline, trigger);
    await h.waitFor(b.id, x => x.status === 'BUFFERED');
    await sleep(5);
    const c = await h.engine.start(pipeline, trigger);
    const bDone = await h.waitFor(b.id);
    expect(bDone.status).toBe('CANCELED');
    expect(bDone.cancellationReason).toMatch(/superseded/);
    expect((await h.waitFor(c.id)).status).toBe('SUCCEEDED');
    expect((await h.waitFor(a.id)).status).toBe('SUCCEEDED');
  });

  it('evaluateVariables: each variable sees the previous ones; later stages see the outputs', async () => {
    const e = await h.run(
      {
        stages: [
          {
            refId: '1',
            type: 'evaluateVariables',
            name: 'vars',
            variables: [
              { key: 'base', value: '${ parameters.version }' },
              { key: 'tag', value: 'v${ base }-${ #alphanumerical("x.y") }' },
            ],
          },
          { refId: '2', type: 'noop', name: 'use', requisiteStageRefIds: ['1'], image: 'app:${ tag }' },
        ],
      },
      { version: '1.2' },
    );
    const done = await h.waitFor(e.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(h.stage(done, 'vars').outputs).toEqual({ base: '1.2', tag: 'v1.2-xy' });
    expect(h.stage(done, 'use').context.image).toBe('app:v1.2-xy');
  });

  it('checkPreconditions: a false expression fails the stage with a message', async () => {
    const e = await h.run(
      {
        stages: [
          {
            refId: '1',
            type: 'checkPreconditions',
            name: 'check',
            preconditions: [
              { type: 'expression', context: { expression: "${ parameters.env == 'prod' }" } },
              { type: 'expression', context: { expression: 'parameters.env.startsWith("st")' } },
            ],
          },
        ],
      },
      { env: 'staging' },
    );
    const done = await h.waitFor(e.id);
    expect(done.status).toBe('TERMINAL');
    expect(done.stages[0].exception?.details.error).toMatch(/Precondition failed/);
    expect(done.stages[0].context.preconditionResults).toEqual([
      expect.objectContaining({ ok: false }),
      expect.objectContaining({ ok: true }),
    ]);
  });

  it('pipeline stage: runs a child execution linked both ways and waits for it', async () => {
    const child = await h.savePipeline({
      parameterConfig: [{ name: 'who', required: true }],
      stages: [{ refId: '1', type: 'slow', name: 'child work', ms: 200, who: '${parameters.who}' }],
    });
    const e = await h.run({
      stages: [
        { refId: '1', type: 'pipeline', name: 'run child', pipeline: child.id, pipelineParameters: { who: 'parent' } },
        { refId: '2', type: 'noop', name: 'after child', requisiteStageRefIds: ['1'] },
      ],
    });
    const done = await h.waitFor(e.id);
    expect(done.status).toBe('SUCCEEDED');
    const stage = h.stage(done, 'run child');
    const childExecution = (await h.engine.get(String(stage.context.executionId)))!;
    expect(childExecution.status).toBe('SUCCEEDED');
    expect(childExecution.parentExecution).toEqual({ executionId: e.id, stageId: stage.id });
    expect(childExecution.stages[0].context.who).toBe('parent');
    expect(h.stage(done, 'after child').startTime!).toBeGreaterThanOrEqual(childExecution.endTime!);
  });

  it('pipeline-completed trigger: starts a downstream pipeline once when its upstream succeeds', async () => {
    const upstream = await h.savePipeline({ stages: [{ refId: '1', type: 'noop', name: 'up' }] });
    const downstream = await h.savePipeline({
      triggers: [{ type: 'pipeline', application: 'demo', pipeline: upstream.id, status: ['successful'], enabled: true }],
      stages: [{ refId: '1', type: 'noop', name: 'down' }],
    });
    const e = await h.engine.start(upstream, { type: 'manual', user: 'u', parameters: {} });
    await h.waitFor(e.id);
    let page = await h.engine.list({ pipelineConfigId: downstream.id });
    for (let i = 0; i < 100 && page.items.length === 0; i++) {
      await sleep(50);
      page = await h.engine.list({ pipelineConfigId: downstream.id });
    }
    expect(page.items).toHaveLength(1);
    const triggered = await h.waitFor(page.items[0].id);
    expect(triggered.status).toBe('SUCCEEDED');
    expect(triggered.trigger).toMatchObject({ type: 'pipeline', parentExecution: { id: e.id } });
  });

  it('lists executions newest first with a cursor', async () => {
    const pipeline = await h.savePipeline({ stages: [{ refId: '1', type: 'noop', name: 'n' }] });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await h.engine.start(pipeline, { type: 'manual', user: 'u', parameters: {} })).id);
      await sleep(3);
    }
    for (const id of ids) await h.waitFor(id);
    const first = await h.engine.list({ application: 'demo', pipelineConfigId: pipeline.id, limit: 2 });
    expect(first.items.map(i => i.id)).toEqual([ids[4], ids[3]]);
    expect(first.items[0].stageCounts).toEqual({ SUCCEEDED: 1 });
    const second = await h.engine.list({ pipelineConfigId: pipeline.id, limit: 2, cursor: first.nextCursor });
    expect(second.items.map(i => i.id)).toEqual([ids[2], ids[1]]);
    const third = await h.engine.list({ pipelineConfigId: pipeline.id, limit: 2, cursor: second.nextCursor });
    expect(third.items.map(i => i.id)).toEqual([ids[0]]);
    expect(third.nextCursor).toBeUndefined();
    const failedOnly = await h.engine.list({ pipelineConfigId: pipeline.id, statuses: ['TERMINAL'] });
    expect(failedOnly.items).toEqual([]);
  });
});
