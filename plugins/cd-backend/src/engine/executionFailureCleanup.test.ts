import { TestDatabases } from '@backstage/backend-test-utils';
import type { StageDefinition } from '@internal/plugin-cd-node';
import { createHarness, Harness } from './testing/harness';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** A stage that "sets something up" and undoes it when the execution fails. */
function undoable(undone: string[]): StageDefinition {
  return {
    type: 'undoable',
    tasks: [{ name: 'setUp', run: async () => ({ status: 'SUCCEEDED', outputs: { setUp: true } }) }],
    async onExecutionFailure(ctx) {
      undone.push(ctx.stage.name);
      if (ctx.stage.context.explode) throw new Error('cluster unreachable');
      return { rolledBack: true };
    },
  };
}

describe('onExecutionFailure hooks', () => {
  let h: Harness;
  const undone: string[] = [];

  beforeAll(async () => {
    h = await createHarness(await databases.init('SQLITE_3'), { stages: [undoable(undone)] });
  });
  afterAll(() => h?.stop());
  beforeEach(() => {
    undone.length = 0;
  });

  it('run for every started stage, newest first, when a later stage fails; their outputs are recorded', async () => {
    const started = await h.run({
      stages: [
        { refId: '1', type: 'undoable', name: 'first' },
        { refId: '2', type: 'undoable', name: 'second', requisiteStageRefIds: ['1'] },
        { refId: '3', type: 'fail', name: 'analysis', requisiteStageRefIds: ['2'] },
        { refId: '4', type: 'undoable', name: 'never started', requisiteStageRefIds: ['3'] },
      ],
    });
    await h.waitFor(started.id);
    const done = await h.waitFor(started.id, e => e.stages.find(s => s.name === 'first')?.outputs.rolledBack === true);
    expect(done.status).toBe('TERMINAL');
    expect(undone).toEqual(['second', 'first']);
    expect(h.stage(done, 'second').outputs).toMatchObject({ setUp: true, rolledBack: true });
    expect(h.stage(done, 'never started').outputs).toEqual({});
    expect(await h.zombies()).toEqual([]);
  });

  it('do not run when the execution succeeds', async () => {
    const started = await h.run({ stages: [{ refId: '1', type: 'undoable', name: 'only' }] });
    const done = await h.waitFor(started.id);
    expect(done.status).toBe('SUCCEEDED');
    await new Promise(r => setTimeout(r, 300));
    expect(undone).toEqual([]);
  });

  it('run when the stage itself is the one failing, and a failing hook is recorded, not fatal', async () => {
    const started = await h.run({
      stages: [
        { refId: '1', type: 'undoable', name: 'exploding', explode: true },
        { refId: '2', type: 'fail', name: 'boom', requisiteStageRefIds: ['1'] },
      ],
    });
    const done = await h.waitFor(started.id, e => e.stages.find(s => s.name === 'exploding')?.outputs.cleanupError !== undefined);
    expect(done.status).toBe('TERMINAL');
    expect(h.stage(done, 'exploding').outputs.cleanupError).toBe('cluster unreachable');
    expect(undone).toEqual(['exploding']);
  });

  it('run when a user cancels the execution', async () => {
    const started = await h.run({
      stages: [
        { refId: '1', type: 'undoable', name: 'deployed' },
        { refId: '2', type: 'slow', name: 'analysing', ms: 10_000, requisiteStageRefIds: ['1'] },
      ],
    });
    await h.waitFor(started.id, e => e.stages.find(s => s.name === 'analysing')?.status === 'RUNNING');
    await h.engine.cancel(started.id, 'user:default/tester', 'enough');
    const done = await h.waitFor(started.id, e => e.stages.find(s => s.name === 'deployed')?.outputs.rolledBack === true);
    expect(done.status).toBe('CANCELED');
    expect(undone).toEqual(['deployed']);
  });
});
