/*
 * Cleaning a metric's samples before they are compared, as Kayenta's
 * Transforms and outlier detectors do: missing values (NaN, or null as JSON
 * carries them) removed or replaced by 0, outliers optionally removed, and
 * tiny Gaussian noise for samples that are constant.
 */
import { mean, percentileOfSorted, populationVariance } from './stats/descriptive';
import type { JavaRandom } from './random';
import { sortedCopy } from './stats/sort';
import type { NanStrategy, OutlierMethod, OutlierStrategy, RawSample } from '@internal/plugin-cd-common';

export type { NanStrategy, OutlierMethod, OutlierStrategy, RawSample };

function isMissing(v: number | null): boolean {
  return v === null || Number.isNaN(v);
}

export function removeNaNs(values: RawSample): number[] {
  const kept: number[] = [];
  for (const v of values) if (!isMissing(v)) kept.push(v as number);
  return kept;
}

export function replaceNaNs(values: RawSample, replacement = 0): number[] {
  return values.map(v => (isMissing(v) ? replacement : (v as number)));
}

export function handleNaNs(values: RawSample, strategy: NanStrategy): number[] {
  return strategy === 'remove' ? removeNaNs(values) : replaceNaNs(values, 0);
}

/**
 * Tukey's fences: values below Q1 - factor·IQR or above Q3 + factor·IQR are
 * outliers. With reduceSensitivity (what the judge uses) the fences are widened
 * to at least the 1st and 99th percentiles, so at most the extreme 1% on each
 * side can go. Returns one flag per value, true for an outlier.
 */
export function detectIqrOutliers(
  values: readonly number[],
  factor = 1.5,
  reduceSensitivity = false,
): boolean[] {
  if (!(factor > 0)) throw new RangeError(`outlier factor must be greater than zero, got ${factor}`);
  if (values.length === 0) return [];
  const sorted = sortedCopy(values);
  const at = (p: number) => (values.length === 1 ? values[0] : percentileOfSorted(sorted, p));
  const q1 = at(25);
  const q3 = at(75);
  const iqr = q3 - q1;
  let lowerFence = q1 - factor * iqr;
  let upperFence = q3 + factor * iqr;
  if (reduceSensitivity) {
    lowerFence = Math.min(at(1), lowerFence);
    upperFence = Math.max(at(99), upperFence);
  }
  return values.map(x => x > upperFence || x < lowerFence);
}

/** Values more than k population standard deviations from the mean are outliers. */
export function detectKSigmaOutliers(values: readonly number[], k = 3): boolean[] {
  if (!(k > 0)) throw new RangeError(`k must be greater than zero, got ${k}`);
  if (values.length === 0) return [];
  const centre = mean(values);
  const spread = Math.sqrt(populationVariance(values));
  return values.map(x => Math.abs(x - centre) > spread * k);
}

export function removeFlagged(values: readonly number[], flags: readonly boolean[]): number[] {
  return values.filter((_, i) => !flags[i]);
}

export interface OutlierSettings {
  strategy: OutlierStrategy;
  /** IQR factor, or k for the k-sigma method. Kayenta's default is 3. */
  outlierFactor: number;
  method: OutlierMethod;
}

export function handleOutliers(values: readonly number[], settings: OutlierSettings): number[] {
  if (settings.strategy !== 'remove') return [...values];
  const flags =
    settings.method === 'kSigma'
      ? detectKSigmaOutliers(values, settings.outlierFactor)
      : detectIqrOutliers(values, settings.outlierFactor, true);
  return removeFlagged(values, flags);
}

/** NaN handling, then outlier handling: Kayenta's transformMetric. */
export function transformSample(
  values: RawSample,
  nanStrategy: NanStrategy,
  outliers: OutlierSettings,
): number[] {
  return handleOutliers(handleNaNs(values, nanStrategy), outliers);
}

/** values[i] + N(mean, stdev²) noise drawn from random, in order. */
export function addGaussianNoise(
  values: readonly number[],
  noiseMean: number,
  stdev: number,
  random: JavaRandom,
): number[] {
  return values.map(v => v + (random.nextGaussian() * stdev + noiseMean));
}

/**
 * Kayenta's noise for a constant sample: stdev = value · 1e-5, so the ranks
 * inside the sample are broken without moving it measurably.
 */
export function jitterConstantSample(values: readonly number[], random: JavaRandom): number[] {
  const scale = values[0] * 1e-5;
  return addGaussianNoise(values, 0, scale, random);
}
