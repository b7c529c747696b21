import { pnorm, pnormBoth, qnorm } from './normal';

// Reference values printed by R 4.2.2 (Debian r-base-core 4.2.2.20221110-2) with
// sprintf("%.17g", qnorm(p)) / sprintf("%.17g", pnorm(x)).
describe('qnorm', () => {
  it.each([
    [0.01, -2.3263478740408408],
    [0.025, -1.9599639845400538],
    [1e-10, -6.3613409024040557],
    [0.3, -0.52440051270804067],
  ])('qnorm(%p) matches R', (p, expected) => {
    expect(qnorm(p)).toBeCloseTo(expected, 14);
  });

  it('is antisymmetric around 0.5 and handles the ends', () => {
    expect(qnorm(0.5)).toBe(0);
    expect(qnorm(0.99)).toBeCloseTo(2.3263478740408408, 13);
    expect(qnorm(0)).toBe(-Infinity);
    expect(qnorm(1)).toBe(Infinity);
    expect(qnorm(1.5)).toBeNaN();
  });

  it('matches the quantile Kayenta asserts for confidence 0.98', () => {
    // MannWhitneySuite "Test zQuant": inverseCumulativeProbability(0.02 / 2) = -2.326348
    expect(qnorm(0.02 / 2)).toBeCloseTo(-2.326348, 6);
  });
});

describe('pnorm', () => {
  it.each([
    [1.5, 0.93319279873114191],
    [-7.3, 1.4388386381575877e-13],
    [0.2, 0.57925970943910299],
    [-40, 0],
  ])('pnorm(%p) matches R', (x, expected) => {
    const value = pnorm(x);
    // relative error, or exact zero where R underflows to 0
    const error = expected === 0 ? value : Math.abs(value - expected) / expected;
    expect(error).toBeLessThan(expected === 0 ? Number.MIN_VALUE : 1e-14);
  });

  it('keeps the precision of the small tail on both sides', () => {
    const { lower, upper } = pnormBoth(7.3);
    expect(Math.abs(upper - 1.4388386381575877e-13) / 1.4388386381575877e-13).toBeLessThan(1e-14);
    expect(lower).toBeCloseTo(1 - 1.4388386381575877e-13, 15);
  });

  it('inverts qnorm', () => {
    for (const p of [1e-8, 0.001, 0.05, 0.3, 0.5, 0.77, 0.999]) {
      expect(pnorm(qnorm(p))).toBeCloseTo(p, 14);
    }
  });
});
