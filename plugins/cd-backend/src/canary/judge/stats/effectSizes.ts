/*
 * Effect sizes Kayenta's Mann-Whitney classifier compares against the allowed
 * and critical increase/decrease (EffectSizes.scala).
 */
import { mean } from './descriptive';
import { ShiftedRankStatistic } from './mannWhitney';
import { sortedCopy } from './sort';

/** Ratio of two means, canary / baseline; NaN when either is 0 (or NaN). */
export function ratioOfMeans(baselineMean: number, canaryMean: number): number {
  if (baselineMean === 0 || canaryMean === 0) return NaN;
  return canaryMean / baselineMean;
}

/**
 * Ratio of means, canary / baseline. NaN when either mean is 0 (or a sample is
 * empty): the ratio then says nothing and the classifier ignores it.
 */
export function meanRatio(baseline: readonly number[], canary: readonly number[]): number {
  return ratioOfMeans(mean(baseline), mean(canary));
}

/**
 * Common language effect size (Vargha & Delaney's A): the probability that a
 * canary value exceeds a baseline value, ties counting one half. 0.5 means no
 * difference. Computed from the canary's average-rank sum in O((n+m) log(n+m)).
 */
export function cles(baseline: readonly number[], canary: readonly number[]): number {
  return clesSorted(sortedCopy(baseline), sortedCopy(canary));
}

/** cles() on samples already sorted ascending. */
export function clesSorted(baselineSorted: Float64Array, canarySorted: Float64Array): number {
  const m = canarySorted.length;
  const n = baselineSorted.length;
  if (m === 0 || n === 0) return NaN;
  const { rankSumX } = new ShiftedRankStatistic(canarySorted, baselineSorted).at(0);
  return (2 * rankSumX - m * (m + 1)) / (2 * n * m);
}
