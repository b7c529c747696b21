/*
 * Two-sample, two-sided Mann-Whitney U test (Wilcoxon rank-sum test) with the
 * location-shift estimate and its confidence interval, computed as Kayenta's
 * MannWhitney does, which is R's
 *   wilcox.test(canary, baseline, exact = FALSE, correct = TRUE, conf.int = TRUE)
 * - normal approximation with average ranks and the tie-corrected variance;
 * - continuity correction sign(dz) * 0.5;
 * - interval ends: roots of wdiff(d, ±z) over [min(x) - max(y), max(x) - min(y)],
 *   clamped to that range, found with zeroin (tolerance 1e-4);
 * - estimate: the root of wdiff(d, 0) — not the median of pairwise differences.
 *   Kayenta keeps the continuity correction in this last search; R switches it
 *   off first (wilcox.test sets correct <- FALSE before its uniroot for the
 *   estimate). The two roots differ by less than the 1e-4 search tolerance on
 *   typical data; Kayenta's is the default, R's is available for comparison.
 *
 * Both samples are sorted once. Shifting the canary by d keeps it sorted, so
 * each evaluation of the statistic at a shift is one linear walk over the two
 * sorted arrays: O(n + m) per root-finding step instead of O(n·m) or a re-sort.
 */
import { pnormBoth, qnorm } from './normal';
import { sortFloat64 } from './sort';
import { zeroin } from './zeroin';

export interface MannWhitneyOptions {
  /** Confidence level of the interval; 0.95 unless given (the judge passes 0.98). */
  confidenceLevel?: number;
  /** Location shift of the null hypothesis, used for the p-value only (as in R). */
  mu?: number;
  /**
   * 'kayenta' (default): the estimate is the root of the continuity-corrected
   * statistic, as Kayenta computes it. 'r': the root of the uncorrected one,
   * as R's wilcox.test reports it.
   */
  estimateMethod?: 'kayenta' | 'r';
}

export interface MannWhitneyResult {
  /** Two-sided p-value of H0: canary - baseline is shifted by mu. */
  pValue: number;
  /** R's W: the canary's rank sum minus n(n+1)/2, at shift mu. */
  statistic: number;
  lowerConfidence: number;
  upperConfidence: number;
  /** Location shift estimate (canary - baseline). */
  estimate: number;
}

export class MannWhitneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MannWhitneyError';
  }
}

export interface RankStatistic {
  /** Sum of the average ranks of the shifted canary values. */
  rankSumX: number;
  /** Σ (t³ - t) over groups of t tied values. */
  tieTerm: number;
}

/**
 * Ranks of (xs - d) ∪ ys with ties given their average rank, for any shift d.
 * xs and ys must be sorted ascending; x - d is monotone in x, so xs - d is too.
 * Ties are exact floating-point equality of the shifted values, as in Kayenta's
 * NaturalRanking and R's rank (two distinct x can tie once shifted, by rounding).
 */
export class ShiftedRankStatistic {
  /** runEnd[j]: index just past the run of values equal to ys[j]. */
  private readonly runEnd: Int32Array;
  /** Σ (t³ - t) over the runs of equal baseline values. */
  private readonly baselineTieTerm: number;

  constructor(
    private readonly xs: Float64Array,
    private readonly ys: Float64Array,
  ) {
    const m = ys.length;
    this.runEnd = new Int32Array(m);
    let ties = 0;
    for (let j = m - 1; j >= 0; j--) {
      this.runEnd[j] = j + 1 < m && ys[j + 1] === ys[j] ? this.runEnd[j + 1] : j + 1;
    }
    for (let j = 0; j < m; j = this.runEnd[j]) {
      const t = this.runEnd[j] - j;
      ties += t * t * t - t;
    }
    this.baselineTieTerm = ties;
  }

  at(d: number): RankStatistic {
    const { xs, ys, runEnd } = this;
    const n = xs.length;
    const m = ys.length;
    // A canary value v = x - d at canary index i, with j baseline values below it
    // and e equal to it, has the average rank i + j + e/2 + (its own tie group's
    // spread, which sums out over the group). Summed over the canary:
    //   rankSum = n(n+1)/2 + Σ (j + e/2); all terms are exact in doubles.
    let twiceBelow = 0;
    let tieTerm = this.baselineTieTerm;
    let j = 0;
    let runValue = NaN; // current group of equal shifted canary values
    let runLength = 0;
    let runFromY = 0;
    for (let i = 0; i < n; i++) {
      const value = xs[i] - d;
      while (j < m && ys[j] < value) j++;
      const fromY = j < m && ys[j] === value ? runEnd[j] - j : 0;
      twiceBelow += 2 * j + fromY;
      if (value === runValue) {
        runLength++;
      } else {
        tieTerm += mergedTieTerm(runLength, runFromY);
        runValue = value;
        runLength = 1;
        runFromY = fromY;
      }
    }
    tieTerm += mergedTieTerm(runLength, runFromY);
    return { rankSumX: (n * (n + 1)) / 2 + twiceBelow / 2, tieTerm };
  }
}

/**
 * Change of Σ(t³ - t) when a group of fromX tied canary values joins the run of
 * fromY equal baseline values (already counted on its own).
 */
function mergedTieTerm(fromX: number, fromY: number): number {
  if (fromX + fromY <= 1) return 0;
  const tied = fromX + fromY;
  return tied * tied * tied - tied - (fromY * fromY * fromY - fromY);
}

/** Rank statistic of xs - d against ys (both sorted ascending). */
export function shiftedRankStatistic(
  xs: Float64Array,
  ys: Float64Array,
  d: number,
): RankStatistic {
  return new ShiftedRankStatistic(xs, ys).at(d);
}

/** A sorted copy of a sample, refusing NaN and infinities. */
export function sortSample(values: ArrayLike<number>, label: string): Float64Array {
  const sorted = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      throw new MannWhitneyError(`${label} contains a non-finite value (${v})`);
    }
    sorted[i] = v;
  }
  return sortFloat64(sorted);
}

interface CentredStatistic {
  w: number;
  dz: number;
  sigma: number;
}

/** The normal-approximation statistic of a sample pair, as a function of the shift d. */
class ShiftedWilcoxon {
  private readonly nx: number;
  private readonly ny: number;
  private readonly ranks: ShiftedRankStatistic;

  constructor(xs: Float64Array, ys: Float64Array) {
    this.nx = xs.length;
    this.ny = ys.length;
    this.ranks = new ShiftedRankStatistic(xs, ys);
  }

  /** dz: the rank sum's distance from its null mean, at shift d, and its standard deviation. */
  centred(d: number): CentredStatistic {
    const { nx, ny } = this;
    const { rankSumX, tieTerm } = this.ranks.at(d);
    const dz = rankSumX - (nx * (nx + 1)) / 2 - (nx * ny) / 2;
    const sigma = Math.sqrt(
      ((nx * ny) / 12) * (nx + ny + 1 - tieTerm / ((nx + ny) * (nx + ny - 1))),
    );
    return { w: rankSumX - (nx * (nx + 1)) / 2, dz, sigma };
  }

  /** R's W(d): z at shift d, continuity-corrected unless told otherwise. */
  z(at: CentredStatistic, corrected: boolean): number {
    if (at.sigma === 0) {
      throw new MannWhitneyError(
        'cannot compute confidence interval when all observations are tied',
      );
    }
    const correction = corrected ? Math.sign(at.dz) * 0.5 : 0;
    return (at.dz - correction) / at.sigma;
  }

  /** R's wdiff(d, zq) = W(d) - zq. */
  wdiff(d: number, zq: number, corrected = true): number {
    return this.z(this.centred(d), corrected) - zq;
  }
}

/**
 * Mann-Whitney U test of canary against baseline (x = canary, y = baseline, as
 * Kayenta calls it with experiment and control).
 */
export function mannWhitneyTest(
  canary: ArrayLike<number>,
  baseline: ArrayLike<number>,
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  return mannWhitneyTestSorted(
    sortSample(canary, 'canary'),
    sortSample(baseline, 'baseline'),
    options,
  );
}

/** mannWhitneyTest on samples already sorted ascending (from sortSample). */
export function mannWhitneyTestSorted(
  xs: Float64Array,
  ys: Float64Array,
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  const mu = options.mu ?? 0;
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new MannWhitneyError(
      `confidenceLevel must be between 0 and 1 (exclusive), got ${confidenceLevel}`,
    );
  }
  if (!Number.isFinite(mu)) {
    throw new MannWhitneyError(`mu must be finite, got ${mu}`);
  }
  if (xs.length < 1) throw new MannWhitneyError('not enough canary observations');
  if (ys.length < 1) throw new MannWhitneyError('not enough baseline observations');

  const statistic = new ShiftedWilcoxon(xs, ys);

  // p-value at the null shift mu.
  const atMu = statistic.centred(mu);
  const z = (atMu.dz - Math.sign(atMu.dz) * 0.5) / atMu.sigma;
  const tails = pnormBoth(z);
  const pValue = 2 * Math.min(tails.lower, tails.upper);

  // Interval ends and estimate, searched over the range of pairwise differences.
  // The statistic at both ends is computed once and shared, as R does.
  const muMin = xs[0] - ys[ys.length - 1];
  const muMax = xs[xs.length - 1] - ys[0];
  const atMin = statistic.centred(muMin);
  const atMax = statistic.centred(muMax);
  const zMin = statistic.z(atMin, true);
  const zMax = statistic.z(atMax, true);
  const root = (zq: number): number => {
    const fLower = zMin - zq;
    if (fLower <= 0) return muMin;
    const fUpper = zMax - zq;
    if (fUpper >= 0) return muMax;
    return zeroin(muMin, muMax, fLower, fUpper, d => statistic.wdiff(d, zq));
  };
  const zQuantile = qnorm((1 - confidenceLevel) / 2);
  const lowerConfidence = root(-zQuantile);
  const upperConfidence = root(zQuantile);

  const corrected = (options.estimateMethod ?? 'kayenta') === 'kayenta';
  const estimate = zeroin(
    muMin,
    muMax,
    statistic.z(atMin, corrected),
    statistic.z(atMax, corrected),
    d => statistic.wdiff(d, 0, corrected),
  );

  return { pValue, statistic: atMu.w, lowerConfidence, upperConfidence, estimate };
}

/**
 * Kayenta's wilcoxonDiff(mu, quantile, x, y): the continuity-corrected normal
 * statistic of x shifted by d against y, minus zq. Exposed to check the
 * intermediate values Kayenta's tests publish.
 */
export function wilcoxonDiff(
  d: number,
  zq: number,
  x: readonly number[],
  y: readonly number[],
): number {
  return new ShiftedWilcoxon(sortSample(x, 'x'), sortSample(y, 'y')).wdiff(d, zq);
}
