import * as fs from 'fs';
import * as path from 'path';
import { MannWhitneyClassifier } from './classifier';
import type { MannWhitneyClassifierOptions } from './classifier';
import { JavaRandom } from './random';
import type { MetricClassificationLabel, MetricDirection, NanStrategy } from './types';

interface KayentaCase {
  name: string;
  canary: number[];
  baseline: number[];
  options: MannWhitneyClassifierOptions;
  input: { direction: MetricDirection; nanStrategy?: NanStrategy; isCritical?: boolean };
  expect: {
    classification?: MetricClassificationLabel;
    critical?: boolean;
    deviationIsNaN?: boolean;
    deviation?: number;
    hasReason?: boolean;
  };
}

const { cases }: { cases: KayentaCase[] } = JSON.parse(
  fs.readFileSync(path.join(__dirname, '__fixtures__', 'kayentaClassifierSuite.json'), 'utf8'),
);

describe("MannWhitneyClassifier on Kayenta's ClassifierSuite", () => {
  it('has all the cases', () => {
    expect(cases).toHaveLength(34);
  });

  it.each(cases.map(c => [c.name, c] as const))('%s', (_name, testCase) => {
    const classifier = new MannWhitneyClassifier({
      ...testCase.options,
      random: new JavaRandom(12345),
    });
    const result = classifier.classify({
      metricName: 'test-metric',
      control: testCase.baseline,
      experiment: testCase.canary,
      ...testCase.input,
    });
    const expected = testCase.expect;
    // Each case states only what Kayenta's suite asserts; compare just those fields.
    const actual = {
      ...(expected.classification ? { classification: result.classification } : {}),
      ...(expected.critical !== undefined ? { critical: result.critical } : {}),
      ...(expected.deviationIsNaN ? { deviationIsNaN: Number.isNaN(result.deviation) } : {}),
      ...(expected.deviation !== undefined ? { deviation: result.deviation } : {}),
      ...(expected.hasReason ? { hasReason: Boolean(result.reason) } : {}),
    };
    expect(actual).toEqual(expected);
  });
});

describe('MannWhitneyClassifier details', () => {
  const high = { experiment: [20, 22, 21, 25, 30], control: [1, 2.2, 1.1, 2.5, 3] };

  it('uses Kayenta reason strings', () => {
    const classifier = new MannWhitneyClassifier({ tolerance: 0.1 });
    expect(classifier.classify({ metricName: 'latency', ...high }).reason).toBe(
      'latency was classified as High',
    );
    expect(
      classifier.classify({ metricName: 'latency', ...high, isCritical: true }).reason,
    ).toBe('The metric latency was classified as High (Critical)');
    expect(
      classifier.classify({ metricName: 'latency', experiment: [], control: [1] }).reason,
    ).toBe('Missing data for latency');
    expect(
      classifier.classify({ metricName: 'latency', experiment: [1, 2], control: [2, 1] }).reason,
    ).toBe('The Canary and Baseline data are identical');
  });

  it('fails a metric without data when data is required, unless it is critical', () => {
    const classifier = new MannWhitneyClassifier();
    const missing = { metricName: 'errors', experiment: [], control: [1, 2] };
    expect(classifier.classify({ ...missing, isDataRequired: true })).toMatchObject({
      classification: 'NodataFailMetric',
      critical: false,
    });
    expect(
      classifier.classify({ ...missing, isDataRequired: true, isCritical: true }),
    ).toMatchObject({ classification: 'Nodata', critical: true });
    expect(classifier.classify(missing)).toMatchObject({ classification: 'Nodata', critical: false });
  });

  it('ignores a decrease when only increases count, and the reverse', () => {
    const classifier = new MannWhitneyClassifier({ tolerance: 0.1 });
    const low = { metricName: 'm', experiment: high.control, control: high.experiment };
    expect(classifier.classify({ ...low, direction: 'increase' }).classification).toBe('Pass');
    expect(classifier.classify({ ...low, direction: 'decrease' }).classification).toBe('Low');
    expect(classifier.classify({ metricName: 'm', ...high, direction: 'decrease' }).classification).toBe(
      'Pass',
    );
  });

  it('compares the interval with the tolerance band around the estimate', () => {
    const classifier = new MannWhitneyClassifier({ tolerance: 0.25, confidenceLevel: 0.98 });
    const result = classifier.classify({ metricName: 'm', ...high });
    const details = result.details!;
    expect(details.upperBound).toBeCloseTo(0.25 * Math.abs(details.test.estimate), 12);
    expect(details.lowerBound).toBe(-details.upperBound);
    expect(details.test.lowerConfidence).toBeGreaterThan(details.upperBound);
    expect(result.deviation).toBeCloseTo(23.6 / 1.96, 12);
  });

  it('keeps a metric Pass when the shift is inside the tolerance band', () => {
    // A shift of 1 on values around 100 with a wide spread: the interval reaches below 0.25·|estimate|.
    const baseline = Array.from({ length: 40 }, (_, i) => 100 + ((i * 37) % 41) - 20);
    const canary = baseline.map(v => v + 1);
    const result = new MannWhitneyClassifier({ confidenceLevel: 0.98 }).classify({
      metricName: 'm',
      control: baseline,
      experiment: canary,
    });
    expect(result.classification).toBe('Pass');
    expect(result.details!.test.lowerConfidence).toBeLessThanOrEqual(result.details!.upperBound);
  });

  it('adds seeded noise to constant samples, so the verdict is reproducible', () => {
    const input = { metricName: 'm', experiment: [10, 10, 10, 10, 10], control: [1, 1, 1, 1, 1] };
    const first = new MannWhitneyClassifier({ random: new JavaRandom(7) }).classify(input);
    const second = new MannWhitneyClassifier({ random: new JavaRandom(7) }).classify(input);
    expect(first.classification).toBe('High');
    expect(first.details!.noiseAdded).toBe(true);
    expect(first.details!.test).toEqual(second.details!.test);
    expect(first.deviation).not.toBe(10); // the ratio is taken on the noisy samples, as Kayenta does
    expect(first.deviation).toBeCloseTo(10, 3);
  });

  it('uses the common language effect size when asked', () => {
    const classifier = new MannWhitneyClassifier({
      effectSizeMeasure: 'cles',
      effectSizeThresholds: { decrease: 0.5, increase: 0.5 },
    });
    const result = classifier.classify({ metricName: 'm', ...high });
    expect(result.details!.effectSize).toBe(1);
    expect(result.details!.effectSizeMeasure).toBe('cles');
  });
});
