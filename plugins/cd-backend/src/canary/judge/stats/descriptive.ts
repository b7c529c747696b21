/*
 * Descriptive statistics as Kayenta's DescriptiveStatistics computes them, with
 * the same formulas as the Apache Commons Math routines it calls, so that means
 * and ratios agree to the last digit:
 * - mean: the two-pass corrected mean (sum / n, plus the mean residual);
 * - variance: bias-corrected (n - 1), with the second-pass correction term;
 * - percentile: the R-7 estimate (linear interpolation between order statistics).
 * The summary of an empty sample is all zeros, as in Kayenta.
 */
import { sortedCopy } from './sort';
import type { MetricStatistics } from '@internal/plugin-cd-common';

export type { MetricStatistics };

/** Mean by two passes (Commons Math Mean): NaN for an empty sample. */
export function mean(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const xbar = sum / n;
  let correction = 0;
  for (let i = 0; i < n; i++) correction += values[i] - xbar;
  return xbar + correction / n;
}

function sumOfDeviations(values: readonly number[], centre: number) {
  let squares = 0;
  let plain = 0;
  for (let i = 0; i < values.length; i++) {
    const dev = values[i] - centre;
    squares += dev * dev;
    plain += dev;
  }
  return { squares, plain };
}

/** Sample variance (divides by n - 1): NaN when empty, 0 for one value. */
export function variance(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return NaN;
  if (n === 1) return 0;
  const { squares, plain } = sumOfDeviations(values, mean(values));
  return (squares - (plain * plain) / n) / (n - 1);
}

/** Population variance (divides by n): NaN when empty, 0 for one value. */
export function populationVariance(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return NaN;
  if (n === 1) return 0;
  const { squares, plain } = sumOfDeviations(values, mean(values));
  return (squares - (plain * plain) / n) / n;
}

/**
 * The p-th percentile (0 < p <= 100) by the R-7 rule (R's default quantile type,
 * Commons Math EstimationType.R_7): NaN for an empty sample.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) {
    throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  }
  const n = values.length;
  if (n === 0) return NaN;
  if (n === 1) return values[0];
  const sorted = sortedCopy(values);
  return percentileOfSorted(sorted, p);
}

/** percentile() on data already sorted ascending. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const fraction = p / 100;
  const position = fraction === 1 ? n : 1 + (n - 1) * fraction;
  if (position < 1) return sorted[0];
  if (position >= n) return sorted[n - 1];
  const whole = Math.floor(position);
  const lower = sorted[whole - 1];
  const upper = sorted[whole];
  return lower + (position - whole) * (upper - lower);
}

/** Median (middle value, or the mean of the two middle values). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return percentile(values, 50);
}

/** Kayenta's per-sample summary shown in the report (zeros for an empty sample). */
export function summarize(values: readonly number[]): MetricStatistics {
  const count = values.length;
  if (count === 0) return { min: 0, max: 0, mean: 0, std: 0, count: 0 };
  let min = values[0];
  let max = values[0];
  for (let i = 1; i < count; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max, mean: mean(values), std: Math.sqrt(variance(values)), count };
}
