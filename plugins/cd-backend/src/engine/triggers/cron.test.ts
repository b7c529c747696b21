import { TestDatabases } from '@backstage/backend-test-utils';
import { createHarness, Harness } from '../testing/harness';
import { nextCronTime, runCronTriggers } from './cron';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('cron triggers', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness(await databases.init('SQLITE_3'), { startWorkers: false });
  });

  it('reads Quartz and Unix expressions', () => {
    const from = new Date('2026-01-01T10:02:30Z');
    expect(nextCronTime('0 0/5 * * * ?', from).toISOString()).toBe('2026-01-01T10:05:00.000Z');
    expect(nextCronTime('*/10 * * * *', from).toISOString()).toBe('2026-01-01T10:10:00.000Z');
  });

  it('fires a pipeline once per due occurrence, starting from when it was first seen', async () => {
    const p = await h.savePipeline({
      triggers: [{ type: 'cron', cronExpression: '0 0/5 * * * ?', enabled: true }],
      parameterConfig: [{ name: 'env', default: 'staging' }],
      stages: [{ refId: '1', type: 'noop', name: 'n' }],
    });
    await h.savePipeline({
      triggers: [{ type: 'cron', cronExpression: '0 0/5 * * * ?', enabled: false }],
      stages: [{ refId: '1', type: 'noop', name: 'n' }],
    });
    const deps = { engine: h.engine, pipelines: h.pipelines, knex: h.knex };
    expect((await runCronTriggers(deps, new Date('2026-01-01T10:02:00Z'))).fired).toEqual([]);
    expect((await runCronTriggers(deps, new Date('2026-01-01T10:04:59Z'))).fired).toEqual([]);
    const fired = await runCronTriggers(deps, new Date('2026-01-01T10:05:01Z'));
    expect(fired.fired).toEqual([
      { pipelineId: p.id, executionId: expect.any(String), scheduledFor: Date.parse('2026-01-01T10:05:00Z') },
    ]);
    expect((await runCronTriggers(deps, new Date('2026-01-01T10:06:00Z'))).fired).toEqual([]);
    const execution = (await h.engine.get(fired.fired[0].executionId))!;
    expect(execution.trigger).toMatchObject({ type: 'cron', parameters: { env: 'staging' } });
  });
});
