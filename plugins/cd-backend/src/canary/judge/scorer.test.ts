import fc from 'fast-check';
import type { ScorableResult } from './scorer';
import {
  calculateGroupScores,
  classifyScore,
  roundHalfUp,
  scoreResults,
  weightedSumScore,
} from './scorer';

function metric(
  classification: string,
  groups: string[],
  extra: Partial<ScorableResult> = {},
): ScorableResult {
  return { classification, groups, critical: false, ...extra };
}

// Cases and expected scores from Kayenta's ScorerSuite.scala (spinnaker/kayenta).
describe("WeightedSumScorer on Kayenta's ScorerSuite", () => {
  it('Single Metric Pass', () => {
    expect(weightedSumScore([metric('Pass', ['test-group'])], {}).summaryScore).toBe(100);
  });

  it('Single Metric Fail', () => {
    expect(weightedSumScore([metric('High', ['test-group'])], {}).summaryScore).toBe(0);
  });

  it('Single group Nodata', () => {
    const scores = weightedSumScore([metric('Nodata', ['test-group-nodata'])], {});
    expect(scores.groupScores).toHaveLength(1);
    expect(scores.groupScores[0].score).toBe(0);
    expect(scores.summaryScore).toBe(0);
  });

  it('Two Groups, one Pass, one Nodata', () => {
    const scores = weightedSumScore(
      [
        metric('Pass', ['test-group-pass']),
        metric('Pass', ['test-group-pass']),
        metric('Nodata', ['test-group-nodata']),
      ],
      {},
    );
    expect(scores.groupScores.map(g => g.score).sort((a, b) => a - b)).toEqual([0, 100]);
    expect(scores.summaryScore).toBe(100);
  });

  it('One Group, Two Metrics', () => {
    const results = [metric('Pass', ['test-group']), metric('High', ['test-group'])];
    expect(weightedSumScore(results, {}).summaryScore).toBe(50);
  });

  it('One Group, Three Metrics', () => {
    const results = ['Pass', 'High', 'Low'].map(c => metric(c, ['test-group']));
    expect(weightedSumScore(results, {}).summaryScore).toBe(33.33);
  });

  it('Two Groups, Three Metrics', () => {
    const results = [
      metric('Pass', ['group-1']),
      metric('Pass', ['group-1']),
      metric('High', ['group-2']),
    ];
    expect(weightedSumScore(results, { 'group-1': 75, 'group-2': 25 }).summaryScore).toBe(75);
  });

  it('Two Groups, Three Metrics (Equal Weight)', () => {
    const results = [
      metric('Pass', ['group-1']),
      metric('High', ['group-1']),
      metric('High', ['group-2']),
    ];
    expect(weightedSumScore(results, { 'group-1': 50, 'group-2': 50 }).summaryScore).toBe(25);
  });

  it('Two Groups, Three Metrics (Equal Weight), one NoData', () => {
    const results = [
      metric('Pass', ['group-1']),
      metric('Nodata', ['group-1']),
      metric('High', ['group-2']),
    ];
    expect(weightedSumScore(results, { 'group-1': 50, 'group-2': 50 }).summaryScore).toBe(50);
  });

  it('Two Metrics, one good (normal), one fail (critical)', () => {
    const results = [metric('Pass', ['test-group']), metric('High', ['test-group'], { critical: true })];
    expect(weightedSumScore(results, {}).summaryScore).toBe(0);
  });

  it('Two Metrics, one low (normal), one good (critical)', () => {
    const results = [metric('Low', ['test-group']), metric('Pass', ['test-group'], { critical: true })];
    expect(weightedSumScore(results, {}).summaryScore).toBe(50);
  });

  it('Two Metrics, one good (normal), one nodata (critical)', () => {
    const results = [
      metric('Pass', ['test-group']),
      metric('Nodata', ['test-group'], { critical: true }),
    ];
    expect(weightedSumScore(results, {}).summaryScore).toBe(0);
  });

  it('Two Groups (Unequal Weight), Four Metrics', () => {
    const results = [
      metric('High', ['group1']),
      metric('Low', ['group1']),
      metric('Pass', ['group1']),
      metric('High', ['group2']),
    ];
    expect(weightedSumScore(results, { group1: 15, group2: 85 }).summaryScore).toBe(5);
  });
});

describe('scoring details', () => {
  it('counts NodataFailMetric as a failure and ignores Nodata and Error', () => {
    const [group] = calculateGroupScores([
      metric('Pass', ['g']),
      metric('NodataFailMetric', ['g']),
      metric('Nodata', ['g']),
      metric('Error', ['g']),
    ]);
    expect(group.score).toBe(50);
    expect(group.numMetrics).toBe(4);
    expect(group.labelCounts).toEqual({ Pass: 1, NodataFailMetric: 1, Nodata: 1, Error: 1 });
  });

  it('shares the weight left by the configured groups among the others', () => {
    const results = [metric('Pass', ['a']), metric('High', ['b']), metric('Pass', ['c'])];
    // a = 50 (configured); b and c share the remaining 50: 0·25 + 100·25 → 75.
    expect(weightedSumScore(results, { a: 50 }).summaryScore).toBe(75);
  });

  it('fails the canary when half the metrics have no data', () => {
    const scores = weightedSumScore([metric('Pass', ['a']), metric('Nodata', ['b'])], {});
    expect(scores.summaryScore).toBe(0);
    expect(scores.reason).toBe('Canary Failed: 50% or more metrics returned NODATA');
  });

  it("gives the first critical failure's reason", () => {
    const scores = weightedSumScore(
      [
        metric('High', ['a'], {
          critical: true,
          classificationReason: 'The metric errors was classified as High (Critical)',
        }),
      ],
      {},
    );
    expect(scores.reason).toBe('Canary Failed: The metric errors was classified as High (Critical)');
  });

  it('leaves muted metrics out of the score', () => {
    const scored = scoreResults(
      [metric('Pass', ['a']), metric('High', ['a'], { muted: true, critical: true })],
      {},
      { pass: 95, marginal: 75 },
    );
    expect(scored.score).toEqual({ score: 100, classification: 'Pass', classificationReason: '' });
    expect(scored.groupScores).toEqual([
      { name: 'a', score: 100, classification: '', classificationReason: '' },
    ]);
  });

  it('classifies the summary against pass and marginal', () => {
    const thresholds = { pass: 95, marginal: 75 };
    expect(classifyScore(95, thresholds)).toBe('Pass');
    expect(classifyScore(94.99, thresholds)).toBe('Marginal');
    expect(classifyScore(75, thresholds)).toBe('Marginal');
    expect(classifyScore(74.99, thresholds)).toBe('Fail');
  });

  it('rounds half up on the decimal representation', () => {
    expect(roundHalfUp(33.333333333333336, 2)).toBe(33.33);
    expect(roundHalfUp(66.66666666666667, 2)).toBe(66.67);
    expect(roundHalfUp(1.005, 2)).toBe(1.01); // BigDecimal("1.005") rounds up; 1.005 * 100 would not
    expect(roundHalfUp(2.5, 0)).toBe(3);
    expect(roundHalfUp(-2.345, 2)).toBe(-2.35);
    expect(roundHalfUp(1e-7, 2)).toBe(0);
    expect(roundHalfUp(100, 2)).toBe(100);
  });
});

describe('scorer properties', () => {
  const label = fc.constantFrom('Pass', 'High', 'Low', 'Nodata', 'NodataFailMetric', 'Error');
  const groupName = fc.constantFrom('latency', 'errors', 'saturation', 'traffic');
  const result = fc.record({
    classification: label,
    groups: fc.uniqueArray(groupName, { minLength: 1, maxLength: 3 }),
    critical: fc.boolean(),
    muted: fc.boolean(),
  });
  // Weights for some groups, adding up to at most 100.
  const weights = fc
    .subarray(['latency', 'errors', 'saturation', 'traffic'])
    .chain(groups =>
      fc
        .array(fc.integer({ min: 0, max: 100 }), { minLength: groups.length, maxLength: groups.length })
        .map(raw => {
          const total = raw.reduce((s, w) => s + w, 0);
          const scale = total > 100 ? 100 / total : 1;
          return Object.fromEntries(groups.map((g, i) => [g, raw[i] * scale]));
        }),
    );

  it('keeps group and summary scores within [0, 100]', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 30 }), weights, (results, groupWeights) => {
        const scored = scoreResults(results, groupWeights, { pass: 95, marginal: 75 });
        expect(scored.score.score).toBeGreaterThanOrEqual(0);
        expect(scored.score.score).toBeLessThanOrEqual(100);
        for (const group of scored.groupScores) {
          expect(group.score).toBeGreaterThanOrEqual(0);
          expect(group.score).toBeLessThanOrEqual(100);
        }
      }),
    );
  });

  it('scores 100 when every metric passes', () => {
    fc.assert(
      fc.property(fc.array(result, { minLength: 1, maxLength: 30 }), results => {
        const passing = results.map(r => ({ ...r, classification: 'Pass', muted: false }));
        expect(weightedSumScore(passing, {}).summaryScore).toBe(100);
      }),
    );
  });

  it('scores 0 when an unmuted critical metric does not pass', () => {
    fc.assert(
      fc.property(
        fc.array(result, { maxLength: 30 }),
        fc.constantFrom('High', 'Low', 'Nodata'),
        (results, failing) => {
          const all = [...results, { classification: failing, groups: ['errors'], critical: true }];
          expect(scoreResults(all, {}, { pass: 95, marginal: 75 }).score.score).toBe(0);
        },
      ),
    );
  });
});
