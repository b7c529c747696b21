import * as fs from 'fs';
import * as path from 'path';
import { MannWhitneyError, mannWhitneyTest, shiftedRankStatistic, wilcoxonDiff } from './mannWhitney';
import { qnorm } from './normal';
import { zeroin } from './zeroin';

interface SamplePair {
  canary: number[];
  baseline: number[];
}
const suite: Record<string, SamplePair> = JSON.parse(
  fs.readFileSync(path.join(__dirname, '__fixtures__', 'kayentaMannWhitneySuite.json'), 'utf8'),
);

// Where the reference numbers come from:
// [R]  wilcox.test(canary, baseline, exact = FALSE, correct = TRUE, conf.int = TRUE,
//      conf.level = ...) in R 4.2.2 (Debian r-base-core 4.2.2.20221110-2), printed with
//      sprintf("%.17g"). R drops the continuity correction before its estimate search,
//      so R's estimate is compared with estimateMethod: 'r'.
// [RK] R's own uniroot(tol = 1e-4) over Kayenta's continuity-corrected statistic, i.e.
//      Kayenta's estimate computed by R.
// [K]  expected values asserted by Kayenta's MannWhitneySuite.scala.

// The example of R's ?wilcox.test (Hollander & Wolfe 1973, p. 69).
const rDocX = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
const rDocY = [1.15, 0.88, 0.9, 0.74, 1.21];

describe('mannWhitneyTest against R', () => {
  it('reproduces the ?wilcox.test example at 95%', () => {
    const result = mannWhitneyTest(rDocX, rDocY, { confidenceLevel: 0.95 });
    expect(result.statistic).toBe(35); // [R] W = 35
    expect(result.pValue).toBeCloseTo(0.24462360512698336, 14); // [R]
    expect(result.lowerConfidence).toBeCloseTo(-0.15001483719908448, 12); // [R]
    expect(result.upperConfidence).toBeCloseTo(0.75994276532229388, 12); // [R]
    expect(result.estimate).toBeCloseTo(0.30014867694941327, 12); // [RK]
    const rEstimate = mannWhitneyTest(rDocX, rDocY, { estimateMethod: 'r' }).estimate;
    expect(rEstimate).toBeCloseTo(0.30250833904157232, 12); // [R]
  });

  it('reproduces the ?wilcox.test example at 98% (the judge level)', () => {
    const result = mannWhitneyTest(rDocX, rDocY, { confidenceLevel: 0.98 });
    expect(result.lowerConfidence).toBeCloseTo(-0.31999721322183022, 12); // [R]
    expect(result.upperConfidence).toBeCloseTo(0.98994618206203366, 12); // [R]
  });

  it('reproduces R with the samples swapped', () => {
    const result = mannWhitneyTest(rDocY, rDocX, { confidenceLevel: 0.98 });
    expect(result.statistic).toBe(15); // [R]
    expect(result.pValue).toBeCloseTo(0.24462360512698336, 14); // [R]
    expect(result.lowerConfidence).toBeCloseTo(-0.98994618206203366, 12); // [R]
    expect(result.upperConfidence).toBeCloseTo(0.31999721322183022, 12); // [R]
    expect(result.estimate).toBeCloseTo(-0.30049401625352223, 12); // [RK]
    expect(mannWhitneyTest(rDocY, rDocX, { estimateMethod: 'r' }).estimate).toBeCloseTo(
      -0.30386732787983589, // [R]
      12,
    );
  });

  it('handles ties with average ranks and the tie-corrected variance', () => {
    const x = [1, 2, 2, 3, 3, 3, 4, 5];
    const y = [2, 3, 3, 4, 6, 6, 7];
    const at98 = mannWhitneyTest(x, y, { confidenceLevel: 0.98 });
    expect(at98.statistic).toBe(14.5); // [R]
    expect(at98.pValue).toBeCloseTo(0.12340253854336257, 14); // [R]
    expect(at98.lowerConfidence).toBeCloseTo(-4.0000294303661583, 12); // [R]
    expect(at98.upperConfidence).toBeCloseTo(0.99999958990333837, 12); // [R]
    expect(at98.estimate).toBeCloseTo(-1.000043334923673, 12); // [RK]
    expect(mannWhitneyTest(x, y, { estimateMethod: 'r' }).estimate).toBeCloseTo(
      -1.0000160691689346, // [R]
      12,
    );
    const at95 = mannWhitneyTest(x, y, { confidenceLevel: 0.95 });
    expect(at95.lowerConfidence).toBeCloseTo(-3.999964826476726, 12); // [R]
    expect(at95.upperConfidence).toBeCloseTo(3.1215692888012176e-5, 12); // [R]
  });

  it('clamps interval ends to the range of differences when the samples do not overlap', () => {
    const result = mannWhitneyTest([1, 2, 3], [10, 11, 12, 13], { confidenceLevel: 0.98 });
    expect(result.statistic).toBe(0); // [R]
    expect(result.pValue).toBeCloseTo(0.051829927217909674, 14); // [R]
    expect(result.lowerConfidence).toBe(-12); // [R]
    expect(result.upperConfidence).toBe(-7); // [R]
    expect(result.estimate).toBe(-9.5); // [R]
  });

  it('matches a small shifted example from Kayenta and R', () => {
    const result = mannWhitneyTest([10, 20, 30, 40], [1, 2, 3, 4]);
    expect(result.lowerConfidence).toBeCloseTo(6, 6); // [K] [R]
    expect(result.upperConfidence).toBeCloseTo(39, 6); // [K] [R]
    expect(result.estimate).toBeCloseTo(22.5, 6); // [K] [R]
    expect(result.pValue).toBeCloseTo(0.030382821976577493, 14); // [R]
  });
});

describe('mannWhitneyTest against Kayenta MannWhitneySuite data', () => {
  it('Tie out with R Version (confidence 0.95)', () => {
    const { canary, baseline } = suite.tieOutWithR;
    const result = mannWhitneyTest(canary, baseline);
    expect(result.lowerConfidence).toBeCloseTo(-0.500002521696696, 12); // [K] [R]
    expect(result.upperConfidence).toBeCloseTo(-3.486287505871302e-5, 12); // [K] [R]
    expect(result.estimate).toBeCloseTo(-0.49999710874607201, 12); // [RK]
    expect(Math.abs(result.estimate - -0.4999393907180323)).toBeLessThan(1e-4); // [K] tolerance
    expect(result.pValue).toBeCloseTo(0.040972234992844123, 14); // [R]
    expect(result.statistic).toBe(3344); // [R]
    expect(mannWhitneyTest(canary, baseline, { estimateMethod: 'r' }).estimate).toBeCloseTo(
      -0.49993939071803228, // [R]
      12,
    );
  });

  it('Tie out with R Version (Large, confidence 0.98)', () => {
    const { canary, baseline } = suite.tieOutWithRLarge;
    const result = mannWhitneyTest(canary, baseline, { confidenceLevel: 0.98 });
    expect(result.lowerConfidence).toBeCloseTo(-0.4999173250549087, 12); // [K] [R]
    expect(result.upperConfidence).toBeCloseTo(-6.912685789769486e-6, 12); // [K] [R]
    expect(result.estimate).toBeCloseTo(-2.4019458720601938e-7, 12); // [RK]
    expect(Math.abs(result.estimate - -3.45044082729315e-5)).toBeLessThan(1e-4); // [K]
    expect(result.pValue).toBeCloseTo(0.0026248528367564935, 14); // [R]
  });

  it('Problem Case (confidence 0.98)', () => {
    const { canary, baseline } = suite.problemCase;
    const result = mannWhitneyTest(canary, baseline, { confidenceLevel: 0.98 });
    expect(result.lowerConfidence).toBeCloseTo(-1.4808028936386108e-5, 15); // [K] [R]
    expect(result.upperConfidence).toBeCloseTo(1.808255910873413e-5, 15); // [K] [R]
    expect(result.estimate).toBeCloseTo(1.808255910873413e-5, 15); // [K] [RK]
    expect(result.pValue).toBeCloseTo(0.21891569688556359, 14); // [R]
  });

  it('Wilcoxon Diff Function', () => {
    const { canary, baseline } = suite.problemCase;
    expect(wilcoxonDiff(0, 0, canary, baseline)).toBeCloseTo(-1.229416, 6); // [K]
    expect(wilcoxonDiff(5, 0, canary, baseline)).toBeCloseTo(-35.80606, 5); // [K]
  });

  it('Intermediate Values / Variables (confidence 0.95)', () => {
    const { canary: x, baseline: y } = suite.intermediateValues;
    const muMin = Math.min(...x) - Math.max(...y);
    const muMax = Math.max(...x) - Math.min(...y);
    expect(muMin).toBeCloseTo(-3.124999999999986, 12); // [K]
    expect(muMax).toBeCloseTo(5.555555555555557, 12); // [K]
    const zqLower = -qnorm(0.025);
    const zqUpper = qnorm(0.025);
    expect(zqLower).toBeCloseTo(1.9599639845400536, 12); // [K]
    const f = (d: number, zq: number) => wilcoxonDiff(d, zq, x, y);
    expect(f(muMin, zqLower)).toBeCloseTo(17.090968923762254, 10); // [K]
    expect(f(muMax, zqLower)).toBeCloseTo(-20.997687930433106, 10); // [K]
    expect(f(muMin, zqUpper)).toBeCloseTo(21.01089689284236, 10); // [K]
    expect(f(muMax, zqUpper)).toBeCloseTo(-17.077759961353, 10); // [K]
    // Kayenta calls the solver directly here, without the clamping of findRoot.
    const solve = (zq: number) => zeroin(muMin, muMax, f(muMin, zq), f(muMax, zq), d => f(d, zq));
    expect(solve(zqLower)).toBeCloseTo(3.521755377702165e-5, 15); // [K] [R]
    expect(solve(zqUpper)).toBeCloseTo(2.02456461662334e-5, 15); // [K] [R]
    expect(solve(0)).toBeCloseTo(2.6279243045155653e-5, 15); // [K] [RK]

    const result = mannWhitneyTest(x, y);
    expect(result.lowerConfidence).toBeCloseTo(3.5217553777021647e-5, 15); // [R]
    expect(result.upperConfidence).toBeCloseTo(2.0245646166233401e-5, 15); // [R]
    expect(result.estimate).toBeCloseTo(2.6279243045155653e-5, 15); // [K]
    expect(result.pValue).toBeCloseTo(2.833448233359801e-9, 20); // [R]
    expect(mannWhitneyTest(x, y, { estimateMethod: 'r' }).estimate).toBeCloseTo(
      1.515181852089427e-5, // [R]
      15,
    );
  });
});

describe('mannWhitneyTest input checks', () => {
  it('refuses samples whose observations are all tied, as Kayenta does', () => {
    expect(() => mannWhitneyTest([1, 1, 1], [1, 1])).toThrow(
      new MannWhitneyError('cannot compute confidence interval when all observations are tied'),
    );
  });

  it('cannot test two constant samples, such as one point against one point', () => {
    // At the end of the search range the shifted canary ties with the baseline everywhere.
    expect(() => mannWhitneyTest([0], [1])).toThrow(MannWhitneyError);
    expect(() => mannWhitneyTest([5, 5, 5], [7, 7])).toThrow(MannWhitneyError);
    expect(() => mannWhitneyTest([5, 5, 6], [7, 7])).not.toThrow();
  });

  it('refuses empty samples, non-finite values and bad confidence levels', () => {
    expect(() => mannWhitneyTest([], [1])).toThrow(/not enough canary/);
    expect(() => mannWhitneyTest([1], [])).toThrow(/not enough baseline/);
    expect(() => mannWhitneyTest([1, NaN], [1])).toThrow(/non-finite/);
    expect(() => mannWhitneyTest([1, 2], [3], { confidenceLevel: 1 })).toThrow(/confidenceLevel/);
  });

  it('does not modify its inputs', () => {
    const x = [3, 1, 2];
    const y = [6, 4, 5];
    mannWhitneyTest(x, y);
    expect(x).toEqual([3, 1, 2]);
    expect(y).toEqual([6, 4, 5]);
  });
});

describe('shiftedRankStatistic', () => {
  it('gives tied values their average rank', () => {
    // (x - 0) ∪ y = 1 2 2 3 | 2 3 4 → sorted 1 2 2 2 3 3 4: ranks 1, 3, 3, 3, 5.5, 5.5, 7
    const { rankSumX, tieTerm } = shiftedRankStatistic(
      Float64Array.from([1, 2, 2, 3]),
      Float64Array.from([2, 3, 4]),
      0,
    );
    expect(rankSumX).toBe(1 + 3 + 3 + 5.5);
    expect(tieTerm).toBe(3 ** 3 - 3 + (2 ** 3 - 2));
  });
});
