/*
 * Properties of the Mann-Whitney test, checked against a brute-force O(n·m)
 * evaluation of the same statistic (pairwise comparisons instead of ranks).
 *
 * The interval ends and the estimate come from a root search with absolute
 * tolerance 1e-4 on a step function, so they are exact only up to that
 * tolerance: R itself gives 0.3001 and -0.3005 for the estimate of its
 * ?wilcox.test example and of the swapped samples. The properties therefore
 * say where the true crossing lies: within SLACK of the returned value.
 */
import fc from 'fast-check';
import { mannWhitneyTest } from './mannWhitney';
import { qnorm } from './normal';

const SLACK = 2e-4;

/** Brute-force dz(d) = U(d) - n·m/2 with U counting ties as one half. */
function bruteDz(x: readonly number[], y: readonly number[], d: number): number {
  let u = 0;
  for (const xi of x) {
    const shifted = xi - d;
    for (const yj of y) {
      if (shifted > yj) u += 1;
      else if (shifted === yj) u += 0.5;
    }
  }
  return u - (x.length * y.length) / 2;
}

/** Brute-force continuity-corrected z(d), ties counted with a Map. */
function bruteZ(x: readonly number[], y: readonly number[], d: number): number {
  const counts = new Map<number, number>();
  for (const v of [...x.map(xi => xi - d), ...y]) counts.set(v, (counts.get(v) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of counts.values()) tieTerm += t ** 3 - t;
  const n = x.length;
  const m = y.length;
  const sigma = Math.sqrt(((n * m) / 12) * (n + m + 1 - tieTerm / ((n + m) * (n + m - 1))));
  const dz = bruteDz(x, y, d);
  return (dz - Math.sign(dz) * 0.5) / sigma;
}

const integerSample = fc.array(fc.integer({ min: -40, max: 40 }), { minLength: 1, maxLength: 30 });
// Decimal values with three places. Arbitrary doubles would include samples such
// as [0, 5e-324], whose values become equal once shifted by d (x - d rounds), so
// the shifted sample is constant: a floating-point degeneracy that R and Kayenta
// share and that no metric produces.
const realSample = fc.array(
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(k => k / 1000),
  { minLength: 1, maxLength: 30 },
);
const sample = fc.oneof(integerSample, realSample);

const isConstant = (values: number[]) => values.every(v => v === values[0]);

/**
 * Pairs that can be tested. Two constant samples cannot: at the ends of the
 * search range every shifted observation ties (Kayenta throws; its classifier
 * adds noise first, which cannot help one point against one point).
 */
const testablePair = fc
  .tuple(sample, sample)
  .filter(([x, y]) => !(isConstant(x) && isConstant(y)));

const confidence = fc.constantFrom(0.9, 0.95, 0.98, 0.99);

describe('mannWhitneyTest properties', () => {
  it('gives a p-value in [0, 1]', () => {
    fc.assert(
      fc.property(testablePair, ([x, y]) => {
        const { pValue } = mannWhitneyTest(x, y);
        return pValue >= 0 && pValue <= 1;
      }),
    );
  });

  it('returns interval ends and estimate inside [min(x) - max(y), max(x) - min(y)]', () => {
    fc.assert(
      fc.property(testablePair, confidence, ([x, y], level) => {
        const r = mannWhitneyTest(x, y, { confidenceLevel: level });
        const lo = Math.min(...x) - Math.max(...y);
        const hi = Math.max(...x) - Math.min(...y);
        return [r.lowerConfidence, r.upperConfidence, r.estimate].every(
          v => v >= lo - SLACK && v <= hi + SLACK,
        );
      }),
    );
  });

  it('has lower <= upper and the estimate inside the interval (up to the search tolerance)', () => {
    fc.assert(
      fc.property(testablePair, confidence, ([x, y], level) => {
        const r = mannWhitneyTest(x, y, { confidenceLevel: level });
        return (
          r.lowerConfidence <= r.upperConfidence + SLACK &&
          r.lowerConfidence <= r.estimate + SLACK &&
          r.estimate <= r.upperConfidence + SLACK
        );
      }),
    );
  });

  it('places the estimate where the brute-force statistic crosses zero', () => {
    fc.assert(
      fc.property(testablePair, ([x, y]) => {
        const { estimate } = mannWhitneyTest(x, y);
        // Zero of (dz - sign(dz)/2) means |dz| <= 1/2 there; dz is non-increasing in d.
        return bruteDz(x, y, estimate - SLACK) >= -0.5 && bruteDz(x, y, estimate + SLACK) <= 0.5;
      }),
    );
  });

  it('places the interval ends where the brute-force z crosses the quantiles', () => {
    fc.assert(
      fc.property(testablePair, confidence, ([x, y], level) => {
        const r = mannWhitneyTest(x, y, { confidenceLevel: level });
        const z = -qnorm((1 - level) / 2);
        const lo = Math.min(...x) - Math.max(...y);
        const hi = Math.max(...x) - Math.min(...y);
        // z(d) is a non-increasing step function; a crossing may sit on a range end
        // (a jump exactly there), so the probes stay inside [lo, hi].
        const crosses = (at: number, zLevel: number) =>
          bruteZ(x, y, Math.max(lo, at - SLACK)) >= zLevel &&
          bruteZ(x, y, Math.min(hi, at + SLACK)) <= zLevel;
        // Or the search was skipped: the level lies beyond z at a range end.
        const rootOk = (at: number, zLevel: number) =>
          (at === lo && bruteZ(x, y, lo) <= zLevel) ||
          (at === hi && bruteZ(x, y, hi) >= zLevel) ||
          crosses(at, zLevel);
        return rootOk(r.lowerConfidence, z) && rootOk(r.upperConfidence, -z);
      }),
    );
  });

  it('negates the interval and the estimate when the samples are swapped', () => {
    fc.assert(
      fc.property(testablePair, ([x, y]) => {
        const forward = mannWhitneyTest(x, y, { confidenceLevel: 0.98 });
        const swapped = mannWhitneyTest(y, x, { confidenceLevel: 0.98 });
        const negatedEstimate = -swapped.estimate;
        return (
          Math.abs(swapped.lowerConfidence + forward.upperConfidence) <= SLACK &&
          Math.abs(swapped.upperConfidence + forward.lowerConfidence) <= SLACK &&
          swapped.pValue === forward.pValue &&
          bruteDz(x, y, negatedEstimate - SLACK) >= -0.5 &&
          bruteDz(x, y, negatedEstimate + SLACK) <= 0.5
        );
      }),
    );
  });

  it('shifts the estimate and the interval by c when the canary is shifted by c', () => {
    fc.assert(
      fc.property(
        integerSample,
        integerSample,
        fc.integer({ min: -100, max: 100 }),
        (x, y, c) => {
          fc.pre(!(isConstant(x) && isConstant(y)));
          const plain = mannWhitneyTest(x, y, { confidenceLevel: 0.98 });
          const shifted = mannWhitneyTest(
            x.map(v => v + c),
            y,
            { confidenceLevel: 0.98 },
          );
          const back = shifted.estimate - c;
          return (
            Math.abs(shifted.lowerConfidence - c - plain.lowerConfidence) <= SLACK &&
            Math.abs(shifted.upperConfidence - c - plain.upperConfidence) <= SLACK &&
            bruteDz(x, y, back - SLACK) >= -0.5 &&
            bruteDz(x, y, back + SLACK) <= 0.5
          );
        },
      ),
    );
  });

  it('does not depend on the order of the observations', () => {
    fc.assert(
      fc.property(
        testablePair.chain(([x, y]) =>
          fc.tuple(
            fc.constant(x),
            fc.constant(y),
            fc.shuffledSubarray(x, { minLength: x.length, maxLength: x.length }),
            fc.shuffledSubarray(y, { minLength: y.length, maxLength: y.length }),
          ),
        ),
        ([x, y, xs, ys]) => {
          expect(mannWhitneyTest(xs, ys)).toEqual(mannWhitneyTest(x, y));
        },
      ),
    );
  });

  it('computes the p-value the way the brute-force statistic does', () => {
    fc.assert(
      fc.property(testablePair, ([x, y]) => {
        const { pValue, statistic } = mannWhitneyTest(x, y);
        const z = bruteZ(x, y, 0);
        expect(statistic).toBe(bruteDz(x, y, 0) + (x.length * y.length) / 2);
        // Two-sided p from the same z, via the tail below -|z|.
        const expected = 2 * Math.min(tail(z), tail(-z));
        expect(pValue).toBeCloseTo(expected, 9);
      }),
    );
  });
});

/** P(Z <= z) by a different route than Cody's pnorm: erfc from series / continued fraction. */
function tail(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Complementary error function: Taylor series of erf below 3, Lentz continued fraction above. */
function erfc(x: number): number {
  if (Math.abs(x) < 3) {
    let sum = x;
    let term = x;
    const xx = x * x;
    for (let k = 1; k < 200; k++) {
      term *= -xx / k;
      const add = term / (2 * k + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (x < 0) return 2 - erfc(-x);
  // Lentz continued fraction for erfc(x), x >= 3.
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 200; k++) {
    const a = k / 2;
    d = x + a * d;
    d = 1 / d;
    c = x + a / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
}
