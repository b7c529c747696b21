import { TestDatabases } from '@backstage/backend-test-utils';
import type { CanaryReport } from '@internal/plugin-cd-common';
import type { MetricFetchRequest, MetricSource } from '@internal/plugin-cd-node';
import { createHarness, type Harness } from '../../engine/testing/harness';
import { DatabaseCanaryConfigStore } from '../configs';
import { MetricSourceRegistry } from '../metrics';
import { kayentaCanaryStage } from './kayentaCanary';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/**
 * A metric source serving the values written in the metric's query, per
 * side (`control`, `experiment`), whatever the range: the judge's input is
 * then known exactly.
 */
class ScriptedMetricSource implements MetricSource {
  readonly type = 'scripted';
  readonly requests: MetricFetchRequest[] = [];
  async fetch(request: MetricFetchRequest) {
    this.requests.push(request);
    const side = request.scope.serverGroup.endsWith('canary') ? 'experiment' : 'control';
    return { startTimeMillis: request.startTimeMillis, stepMillis: request.stepMillis, values: request.metric.query[side] as number[] };
  }
}

const config = {
  name: 'scripted',
  metrics: [
    {
      name: 'latency',
      query: { type: 'scripted', control: [10, 11, 12, 10, 11, 12, 10, 11], experiment: [10, 12, 11, 11, 10, 12, 11, 10] },
      groups: ['latency'],
      analysisConfigurations: { canary: { direction: 'increase' } },
    },
    {
      name: 'errors',
      query: { type: 'scripted', control: [0, 0, 0, 0, 0, 0, 0, 0], experiment: [0, 0, 0, 0, 0, 0, 0, 0] },
      groups: ['errors'],
      analysisConfigurations: { canary: { direction: 'increase' } },
    },
  ],
  classifier: { groupWeights: { latency: 50, errors: 50 } },
};

const stage = (canaryConfig: Record<string, unknown>) => ({
  refId: '1',
  type: 'kayentaCanary',
  name: 'analysis',
  canaryConfig: {
    canaryConfigName: 'scripted',
    lifetimeDuration: 'PT2S',
    canaryAnalysisIntervalMins: 1 / 60,
    scopes: [{ controlScope: 'web-baseline', controlLocation: 'shop', experimentScope: 'web-canary', experimentLocation: 'shop', step: 1 }],
    ...canaryConfig,
  },
});

describe('kayentaCanary', () => {
  let knex: Awaited<ReturnType<typeof databases.init>>;
  let h: Harness;
  let source: ScriptedMetricSource;
  let configs: DatabaseCanaryConfigStore;

  const harness = () => createHarness(knex, { stages: [kayentaCanaryStage({ configs, metrics: new MetricSourceRegistry([source]) })] });

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    source = new ScriptedMetricSource();
    configs = new DatabaseCanaryConfigStore({ knex });
    h = await harness();
    await configs.create('shop', config, 'user:default/tester');
    const slow = structuredClone(config);
    slow.name = 'slow canary';
    slow.metrics[0].query.experiment = [30, 31, 32, 30, 31, 33, 30, 31];
    await configs.create('shop', slow, 'user:default/tester');
  });
  afterAll(() => h?.stop());

  it('judges each interval and resumes where it was after the engine restarts', async () => {
    const started = await h.run({ application: 'shop', stages: [stage({}) as any] });
    const first = await h.waitFor(started.id, e => ((e.stages[0].outputs.canaryReport as CanaryReport)?.intervals.length ?? 0) >= 1);
    const firstReport = first.stages[0].outputs.canaryReport as CanaryReport;
    // The backend goes away mid-analysis; another one picks the execution up.
    await h.stop();
    h = await harness();
    const done = await h.waitFor(started.id);
    expect(done.status).toBe('SUCCEEDED');
    const report = done.stages[0].outputs.canaryReport as CanaryReport;
    expect(report.intervals.map(i => [i.interval, i.result.score.score])).toEqual([[1, 100], [2, 100]]);
    expect(report.intervals[0].startTime).toBe(firstReport.intervals[0].startTime);
    expect(report.intervals[1].endTime > report.intervals[0].endTime).toBe(true);
    expect(report).toMatchObject({ canaryConfigName: 'scripted', overallResult: 'success', overallScore: 100, scoreThresholds: { pass: 75, marginal: 50 } });
    expect(report.intervals[0].series[0]).toMatchObject({ metric: 'latency', control: config.metrics[0].query.control, stepMillis: 1000 });
    expect(done.stages[0].outputs.canaryScores).toEqual([100, 100]);
    const scopes = source.requests.map(r => `${r.scope.serverGroup}@${r.scope.location}`);
    expect(new Set(scopes)).toEqual(new Set(['web-baseline@shop', 'web-canary@shop']));
    expect(await h.zombies()).toEqual([]);
  });

  it('fails at the first interval at or below marginal, naming the failing metric', async () => {
    const started = await h.run({ application: 'shop', stages: [stage({ canaryConfigName: 'slow canary', lifetimeDuration: 'PT10S', canaryAnalysisIntervalMins: 1 / 60 }) as any] });
    const done = await h.waitFor(started.id);
    expect(done.status).toBe('TERMINAL');
    const report = done.stages[0].outputs.canaryReport as CanaryReport;
    expect(report.intervals).toHaveLength(1);
    expect(report.intervals[0].result.results.find(r => r.name === 'latency')?.classification).toBe('High');
    expect(report.overallResult).toBe('failure');
    expect(report.reason).toBe('interval 1 of 10 scored 50 ≤ marginal 50; failing metrics: latency (High)');
    expect(done.stages[0].exception?.details.error).toBe(`canary analysis failed: ${report.reason}`);
  });

  it('takes the stage thresholds over the configuration and fails a last interval below pass as marginal', async () => {
    const started = await h.run({
      application: 'shop',
      stages: [stage({ canaryConfigName: 'slow canary', lifetimeDuration: 'PT1S', scoreThresholds: { pass: 90, marginal: 40 } }) as any],
    });
    const done = await h.waitFor(started.id);
    const report = done.stages[0].outputs.canaryReport as CanaryReport;
    expect(done.status).toBe('TERMINAL');
    expect(report.overallResult).toBe('marginal');
    expect(report.reason).toMatch(/the last interval \(1\) scored 50: above marginal 40 but below pass 90/);
  });

  it('fails with the field named when the configuration does not exist', async () => {
    const started = await h.run({ application: 'shop', stages: [stage({ canaryConfigName: 'nope' }) as any] });
    const done = await h.waitFor(started.id);
    expect(done.status).toBe('TERMINAL');
    expect(done.stages[0].exception?.details.error).toBe(
      'canaryConfig.canaryConfigName: application shop has no canary configuration named "nope"',
    );
  });

  it('refuses a stage without a lifetime when the pipeline is saved', async () => {
    await expect(
      h.savePipeline({ application: 'shop', stages: [{ ...stage({}), canaryConfig: { ...stage({}).canaryConfig, lifetimeDuration: 'ten minutes' } } as any] }),
    ).rejects.toThrow(/stages\[0\]\.canaryConfig\.lifetimeDuration: must be an ISO-8601 duration/);
  });
});
