/*
 * Brent's root finder as R's zeroin2 (used by uniroot) and Kayenta's BrentSolver
 * implement it: bisection, secant and inverse quadratic interpolation, with the
 * caller supplying the function values at both ends of the bracket.
 *
 * Kept step-for-step equivalent on purpose: the Mann-Whitney statistic is a step
 * function, so which point of a flat stretch the search lands on depends on the
 * exact sequence of trial points, and matching R's numbers needs the same sequence.
 */

const EPSILON = 2.220446049250313e-16;
export const ZEROIN_TOLERANCE = 1e-4;
export const ZEROIN_MAX_ITERATIONS = 1000;

/** True when v is zero to within one unit in the last place (Kayenta's Precision.equals(v, 0)). */
function isZero(v: number): boolean {
  return Math.abs(v) <= Number.MIN_VALUE;
}

/**
 * A root of f inside [ax, bx], given fa = f(ax) and fb = f(bx) of opposite signs.
 * Returns the last iterate if the iteration budget runs out (as Kayenta does).
 */
export function zeroin(
  ax: number,
  bx: number,
  faIn: number,
  fbIn: number,
  f: (x: number) => number,
  tolerance: number = ZEROIN_TOLERANCE,
  maxIterations: number = ZEROIN_MAX_ITERATIONS,
): number {
  let a = ax;
  let b = bx;
  let fa = faIn;
  let fb = fbIn;
  let c = a;
  let fc = fa;

  if (isZero(fa)) return a;
  if (isZero(fb)) return b;

  for (let iteration = 0; iteration <= maxIterations; iteration++) {
    const previousStep = b - a;

    // Keep b the best approximation: |f(b)| <= |f(c)|.
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const actualTolerance = 2 * EPSILON * Math.abs(b) + tolerance / 2;
    let newStep = (c - b) / 2;

    if (Math.abs(newStep) <= actualTolerance || isZero(fb)) {
      return b;
    }

    // Try interpolation when the previous step was large enough and went the right way.
    if (Math.abs(previousStep) >= actualTolerance && Math.abs(fa) > Math.abs(fb)) {
      const cb = c - b;
      let p: number;
      let q: number;
      if (a === c) {
        // Secant (linear interpolation).
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        // Inverse quadratic interpolation.
        const qa = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1));
        q = (qa - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;

      if (
        p < 0.75 * cb * q - Math.abs(actualTolerance * q) / 2 &&
        p < Math.abs((previousStep * q) / 2)
      ) {
        newStep = p / q;
      }
    }

    // Never step by less than the tolerance.
    if (Math.abs(newStep) < actualTolerance) {
      newStep = newStep > 0 ? actualTolerance : -actualTolerance;
    }

    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return b;
}
