import { JUDGE_NAME, classifyMetric, judge, resolveAnalysisSettings } from './judge';
import { JavaRandom } from './random';
import type { CanaryConfig, CanaryMetricConfig, MetricSetPair } from './types';

const thresholds = { pass: 95, marginal: 75 };

function metricConfig(
  name: string,
  groups: string[],
  canary: NonNullable<CanaryMetricConfig['analysisConfigurations']['canary']> = {},
): CanaryMetricConfig {
  return {
    name,
    query: { type: 'prometheus', metricName: name },
    groups,
    analysisConfigurations: { canary },
    scopeName: 'default',
  };
}

/** Deterministic normal samples: mean + sd·N(0, 1). */
function normalSample(seed: number, n: number, mean: number, sd: number): number[] {
  const random = new JavaRandom(seed);
  return Array.from({ length: n }, () => mean + sd * random.nextGaussian());
}

function pair(name: string, control: (number | null)[], experiment: (number | null)[]): MetricSetPair {
  return { name, id: `id-${name}`, tags: { app: 'demo' }, values: { control, experiment } };
}

const config: CanaryConfig = {
  name: 'demo-app golden signals',
  judge: { name: JUDGE_NAME, judgeConfigurations: {} },
  metrics: [
    metricConfig('latency p50', ['latency'], { direction: 'increase' }),
    metricConfig('latency p99', ['latency'], {
      direction: 'increase',
      outliers: { strategy: 'remove', outlierFactor: 3 },
    }),
    metricConfig('error rate', ['errors'], {
      direction: 'increase',
      critical: true,
      nanStrategy: 'replace',
      effectSize: { criticalIncrease: 2 },
    }),
    metricConfig('requests', ['traffic'], { direction: 'decrease', mustHaveData: true }),
    metricConfig('cpu', ['saturation'], { muted: true }),
  ],
  classifier: { groupWeights: { latency: 40, errors: 40 }, scoreThresholds: thresholds },
};

function healthyPairs(): MetricSetPair[] {
  return [
    pair('latency p50', normalSample(1, 60, 120, 10), normalSample(2, 60, 120, 10)),
    pair('latency p99', normalSample(3, 60, 300, 30), normalSample(4, 60, 300, 30)),
    pair('error rate', normalSample(5, 60, 0.02, 0.005), normalSample(6, 60, 0.02, 0.005)),
    pair('requests', normalSample(7, 60, 500, 20), normalSample(8, 60, 500, 20)),
    pair('cpu', normalSample(9, 60, 0.5, 0.05), normalSample(10, 60, 0.5, 0.05)),
  ];
}

describe('judge', () => {
  it('passes a canary that behaves like the baseline', () => {
    const result = judge(config, healthyPairs(), thresholds);
    expect(result.judgeName).toBe('NetflixACAJudge-v1.0');
    expect(result.results.map(r => r.classification)).toEqual(['Pass', 'Pass', 'Pass', 'Pass', 'Pass']);
    expect(result.score).toEqual({ score: 100, classification: 'Pass', classificationReason: '' });
    expect(result.groupScores.map(g => g.name)).toEqual(['latency', 'errors', 'traffic']);
  });

  it('fails the whole canary when a critical metric rises beyond criticalIncrease', () => {
    const pairs = healthyPairs();
    pairs[2] = pair('error rate', normalSample(5, 60, 0.02, 0.005), normalSample(6, 60, 0.2, 0.05));
    const result = judge(config, pairs, thresholds);
    const errorRate = result.results[2];
    expect(errorRate.classification).toBe('High');
    expect(errorRate.critical).toBe(true);
    expect(errorRate.classificationReason).toBe('The metric error rate was classified as High (Critical)');
    expect(errorRate.resultMetadata.ratio).toBeGreaterThan(5);
    expect(result.score).toEqual({
      score: 0,
      classification: 'Fail',
      classificationReason: 'Canary Failed: The metric error rate was classified as High (Critical)',
    });
  });

  it('weights the groups: a latency regression costs its group weight', () => {
    const pairs = healthyPairs();
    pairs[0] = pair('latency p50', normalSample(1, 60, 120, 10), normalSample(2, 60, 180, 10));
    const result = judge(config, pairs, thresholds);
    expect(result.results[0]).toMatchObject({
      classification: 'High',
      classificationReason: 'latency p50 was classified as High',
      critical: false,
    });
    // latency 50 × 0.40 + errors 100 × 0.40 + traffic 100 × 0.20 (the unweighted remainder)
    expect(result.score.score).toBe(80);
    expect(result.score.classification).toBe('Marginal');
    expect(result.groupScores.find(g => g.name === 'latency')?.score).toBe(50);
  });

  it('ignores an increase of a metric judged on decreases, and mutes muted metrics', () => {
    const pairs = healthyPairs();
    pairs[3] = pair('requests', normalSample(7, 60, 500, 20), normalSample(8, 60, 900, 20));
    pairs[4] = pair('cpu', normalSample(9, 60, 0.5, 0.05), normalSample(10, 60, 0.9, 0.05));
    const result = judge(config, pairs, thresholds);
    expect(result.results[3].classification).toBe('Pass');
    expect(result.results[4]).toMatchObject({ classification: 'High', muted: true });
    expect(result.score.score).toBe(100);
    expect(result.groupScores.map(g => g.name)).not.toContain('saturation');
  });

  it('fails a metric that must have data but has none', () => {
    const pairs = healthyPairs();
    pairs[3] = pair('requests', normalSample(7, 60, 500, 20), [NaN, null, NaN]);
    const result = judge(config, pairs, thresholds);
    expect(result.results[3]).toMatchObject({
      classification: 'NodataFailMetric',
      classificationReason: 'Missing data for requests',
      critical: false,
      experimentMetadata: { stats: { count: 0, mean: 0, min: 0, max: 0, std: 0 } },
    });
    // traffic 0 × 0.20 + 100 × 0.80
    expect(result.score.score).toBe(80);
  });

  it('replaces missing points by 0 when the metric says so', () => {
    const pairs = healthyPairs();
    pairs[2] = pair('error rate', [0, 0, null, 0], [0, NaN, 0, 0]);
    const result = judge(config, pairs, thresholds);
    expect(result.results[2]).toMatchObject({
      classification: 'Pass',
      classificationReason: 'The Canary and Baseline data are identical',
      controlMetadata: { stats: { count: 4, mean: 0 } },
    });
  });

  it('describes each side after cleaning, outliers removed', () => {
    const pairs = healthyPairs();
    const baseline = [...normalSample(3, 200, 300, 30), 100000];
    pairs[1] = pair('latency p99', baseline, normalSample(4, 200, 300, 30));
    const result = judge(config, pairs, thresholds);
    const stats = result.results[1].controlMetadata.stats;
    expect(stats.count).toBe(200);
    expect(stats.max).toBeLessThan(1000);
    expect(result.results[1].resultMetadata).toMatchObject({
      ratio: expect.any(Number),
      lowerConfidence: expect.any(Number),
      upperConfidence: expect.any(Number),
      estimate: expect.any(Number),
      pValue: expect.any(Number),
      effectSizeMeasure: 'meanRatio',
      noiseAdded: false,
    });
  });

  it('reports a metric whose test cannot run as Error without stopping', () => {
    const pairs = healthyPairs();
    pairs[0] = pair('latency p50', [1, 2, Infinity], [1, 2, 3]);
    const result = judge(config, pairs, thresholds);
    expect(result.results[0]).toMatchObject({
      classification: 'Error',
      classificationReason: 'Metric Classification Failed',
      critical: false,
    });
  });

  it('gives the same verdict for the same data (seeded noise)', () => {
    const constant = [pair('latency p50', [100, 100, 100], [130, 130, 130])];
    const first = judge(config, constant, thresholds);
    const second = judge(config, constant, thresholds);
    expect(first).toEqual(second);
    expect(first.results[0].resultMetadata.noiseAdded).toBe(true);
    expect(judge(config, constant, thresholds, { noiseSeed: 99 }).results[0].resultMetadata.estimate).not.toBe(
      first.results[0].resultMetadata.estimate,
    );
  });

  it('refuses a metric the config does not describe', () => {
    expect(() => judge(config, [pair('unknown', [1], [2])], thresholds)).toThrow(
      'Could not find metric config for unknown',
    );
  });

  it('keeps results JSON-safe: a ratio against a zero mean is null', () => {
    const zeroBaseline = [pair('latency p50', [0, 0, 0, 0, 0], [54.9, 54.5, 55.1, 55.6, 57.4])];
    const result = classifyMetric(config, zeroBaseline[0], new JavaRandom(1));
    expect(result.classification).toBe('High');
    expect(result.resultMetadata.ratio).toBeNull();
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});

describe('resolveAnalysisSettings', () => {
  it("applies Kayenta's defaults", () => {
    expect(resolveAnalysisSettings(metricConfig('m', ['g']))).toEqual({
      direction: 'either',
      nanStrategy: 'remove',
      outliers: { strategy: 'keep', outlierFactor: 3, method: 'iqr' },
      critical: false,
      mustHaveData: false,
      muted: false,
      effectSizeMeasure: 'meanRatio',
      allowedIncrease: 1,
      allowedDecrease: 1,
      criticalIncrease: 1,
      criticalDecrease: 1,
    });
  });

  it('defaults CLES thresholds to 0.5', () => {
    const settings = resolveAnalysisSettings(
      metricConfig('m', ['g'], { effectSize: { measure: 'cles', allowedIncrease: 0.7 } }),
    );
    expect(settings).toMatchObject({
      effectSizeMeasure: 'cles',
      allowedIncrease: 0.7,
      allowedDecrease: 0.5,
      criticalIncrease: 0.5,
      criticalDecrease: 0.5,
    });
  });
});
