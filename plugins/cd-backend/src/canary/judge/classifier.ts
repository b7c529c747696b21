/*
 * Kayenta's MannWhitneyClassifier: labels one metric Pass, High or Low (or
 * Nodata / NodataFailMetric) by comparing the canary with the baseline.
 *
 * High when the direction allows an increase, the lower end of the confidence
 * interval of the shift lies above the tolerance band +tolerance·|estimate|, and
 * the effect size reaches allowedIncrease (an effect size that cannot be computed
 * is not held against the metric). Low symmetrically. A critical metric labelled
 * High/Low whose effect also reaches criticalIncrease/criticalDecrease is flagged
 * critical, which fails the whole analysis.
 */
import { mannWhitneyTestSorted, sortSample } from './stats/mannWhitney';
import type { MannWhitneyResult } from './stats/mannWhitney';
import { clesSorted, ratioOfMeans } from './stats/effectSizes';
import { mean } from './stats/descriptive';
import { jitterConstantSample } from './preprocessing';
import type { NanStrategy } from './preprocessing';
import { JavaRandom, DEFAULT_NOISE_SEED } from './random';
import type {
  EffectSizeMeasure,
  MetricClassificationLabel,
  MetricDirection,
  MetricResultMetadata,
} from './types';

export interface EffectThresholds {
  /** Effect at or below which a decrease counts. */
  decrease: number;
  /** Effect at or above which an increase counts. */
  increase: number;
}

export interface MannWhitneyClassifierOptions {
  /** Half-width of the tolerance band, as a fraction of |estimate|. Default 0.25. */
  tolerance?: number;
  /** Default 0.95 (the classifier's own); the judge passes 0.98. */
  confidenceLevel?: number;
  /** allowedDecrease / allowedIncrease. Default (1, 1). */
  effectSizeThresholds?: EffectThresholds;
  /** criticalDecrease / criticalIncrease. Default (1, 1). */
  criticalThresholds?: EffectThresholds;
  effectSizeMeasure?: EffectSizeMeasure;
  /** Source of the noise added to constant samples; seeded for reproducibility. */
  random?: JavaRandom;
}

export interface MetricClassificationInput {
  metricName: string;
  /** Transformed (NaN-handled, outlier-handled) baseline sample. */
  control: readonly number[];
  /** Transformed canary sample. */
  experiment: readonly number[];
  direction?: MetricDirection;
  nanStrategy?: NanStrategy;
  isCritical?: boolean;
  isDataRequired?: boolean;
  /** Labels used in reasons; Kayenta's judge uses "Canary" and "Baseline". */
  experimentLabel?: string;
  controlLabel?: string;
}

export interface MetricClassification {
  classification: MetricClassificationLabel;
  reason?: string;
  /** Mean ratio canary / baseline; NaN when a mean is 0. */
  deviation: number;
  critical: boolean;
  /** Details of the test when it ran. */
  details?: ComparisonDetails;
}

export interface ComparisonDetails {
  test: MannWhitneyResult;
  effectSize: number;
  effectSizeMeasure: EffectSizeMeasure;
  lowerBound: number;
  upperBound: number;
  noiseAdded: boolean;
}

/** Same values with the same multiplicities (both sorted). */
function sameSorted(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A sorted, non-empty sample with a single distinct value. */
function isConstant(sorted: Float64Array): boolean {
  return sorted[0] === sorted[sorted.length - 1];
}

export class MannWhitneyClassifier {
  private readonly tolerance: number;
  private readonly confidenceLevel: number;
  private readonly effectSizeThresholds: EffectThresholds;
  private readonly criticalThresholds: EffectThresholds;
  private readonly effectSizeMeasure: EffectSizeMeasure;
  private readonly random: JavaRandom;

  constructor(options: MannWhitneyClassifierOptions = {}) {
    this.tolerance = options.tolerance ?? 0.25;
    this.confidenceLevel = options.confidenceLevel ?? 0.95;
    this.effectSizeThresholds = options.effectSizeThresholds ?? { decrease: 1, increase: 1 };
    this.criticalThresholds = options.criticalThresholds ?? { decrease: 1, increase: 1 };
    this.effectSizeMeasure = options.effectSizeMeasure ?? 'meanRatio';
    this.random = options.random ?? new JavaRandom(DEFAULT_NOISE_SEED);
  }

  classify(input: MetricClassificationInput): MetricClassification {
    const { metricName, control, experiment } = input;
    const direction = input.direction ?? 'either';
    const nanStrategy = input.nanStrategy ?? 'remove';
    const isCritical = input.isCritical ?? false;
    const isDataRequired = input.isDataRequired ?? false;
    const experimentLabel = input.experimentLabel ?? 'Canary';
    const controlLabel = input.controlLabel ?? 'Baseline';

    if (experiment.length === 0 || control.length === 0) {
      if (nanStrategy === 'remove') {
        const reason = `Missing data for ${metricName}`;
        if (isDataRequired && !isCritical) {
          return { classification: 'NodataFailMetric', reason, deviation: 1, critical: false };
        }
        return { classification: 'Nodata', reason, deviation: 1, critical: isCritical };
      }
      return { classification: 'Pass', deviation: 1, critical: false };
    }

    // Sorted once, used by every check and by the test.
    const experimentSorted = sortSample(experiment, 'canary');
    const controlSorted = sortSample(control, 'baseline');

    if (sameSorted(experimentSorted, controlSorted)) {
      const reason = `The ${experimentLabel} and ${controlLabel} data are identical`;
      return { classification: 'Pass', reason, deviation: 1, critical: false };
    }

    const bothConstant = isConstant(experimentSorted) && isConstant(controlSorted);
    if (bothConstant && experimentSorted[0] === controlSorted[0]) {
      return { classification: 'Pass', deviation: 1, critical: false };
    }

    const comparison = bothConstant
      ? this.compareWithNoise(metricName, control, experiment, direction)
      : this.compare(
          metricName,
          { values: control, sorted: controlSorted },
          { values: experiment, sorted: experimentSorted },
          direction,
          false,
        );
    const { classification, effectSize } = comparison;
    const effectUnknown = Number.isNaN(effectSize);

    if (
      isCritical &&
      classification === 'High' &&
      (effectUnknown || effectSize >= this.criticalThresholds.increase)
    ) {
      return {
        ...comparison.result,
        reason: `The metric ${metricName} was classified as High (Critical)`,
        critical: true,
      };
    }
    if (
      isCritical &&
      classification === 'Low' &&
      (effectUnknown || effectSize <= this.criticalThresholds.decrease)
    ) {
      return {
        ...comparison.result,
        reason: `The metric ${metricName} was classified as Low (Critical)`,
        critical: true,
      };
    }
    return { ...comparison.result, critical: false };
  }

  /** Both samples constant (and different): break the ties with tiny noise, canary first. */
  private compareWithNoise(
    metricName: string,
    control: readonly number[],
    experiment: readonly number[],
    direction: MetricDirection,
  ) {
    const canary = jitterConstantSample(experiment, this.random);
    const baseline = jitterConstantSample(control, this.random);
    return this.compare(
      metricName,
      { values: baseline, sorted: sortSample(baseline, 'baseline') },
      { values: canary, sorted: sortSample(canary, 'canary') },
      direction,
      true,
    );
  }

  private compare(
    metricName: string,
    baseline: { values: readonly number[]; sorted: Float64Array },
    canary: { values: readonly number[]; sorted: Float64Array },
    direction: MetricDirection,
    noiseAdded: boolean,
  ): { classification: MetricClassificationLabel; effectSize: number; result: MetricClassification } {
    const test = mannWhitneyTestSorted(canary.sorted, baseline.sorted, {
      confidenceLevel: this.confidenceLevel,
    });
    // Means in the samples' own order, as Kayenta sums them.
    const deviation = ratioOfMeans(mean(baseline.values), mean(canary.values));
    const effectSize =
      this.effectSizeMeasure === 'cles' ? clesSorted(baseline.sorted, canary.sorted) : deviation;

    const criticalValue = this.tolerance * Math.abs(test.estimate);
    const lowerBound = -1 * criticalValue;
    const upperBound = criticalValue;
    const effectUnknown = Number.isNaN(effectSize);

    const isHigh =
      (direction === 'increase' || direction === 'either') &&
      test.lowerConfidence > upperBound &&
      (effectUnknown || effectSize >= this.effectSizeThresholds.increase);
    const isLow =
      (direction === 'decrease' || direction === 'either') &&
      test.upperConfidence < lowerBound &&
      (effectUnknown || effectSize <= this.effectSizeThresholds.decrease);

    const details: ComparisonDetails = {
      test,
      effectSize,
      effectSizeMeasure: this.effectSizeMeasure,
      lowerBound,
      upperBound,
      noiseAdded,
    };
    let classification: MetricClassificationLabel = 'Pass';
    if (isHigh) classification = 'High';
    else if (isLow) classification = 'Low';
    const reason = isHigh || isLow ? `${metricName} was classified as ${classification}` : undefined;
    return {
      classification,
      effectSize,
      result: { classification, reason, deviation, critical: false, details },
    };
  }
}

/** The result metadata Kayenta reports (ratio), plus the test's figures for the report. */
export function resultMetadataOf(classification: MetricClassification): MetricResultMetadata {
  const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);
  const metadata: MetricResultMetadata = { ratio: finiteOrNull(classification.deviation) };
  const details = classification.details;
  if (details) {
    metadata.effectSize = finiteOrNull(details.effectSize);
    metadata.effectSizeMeasure = details.effectSizeMeasure;
    metadata.lowerConfidence = details.test.lowerConfidence;
    metadata.upperConfidence = details.test.upperConfidence;
    metadata.estimate = details.test.estimate;
    metadata.pValue = details.test.pValue;
    metadata.lowerBound = details.lowerBound;
    metadata.upperBound = details.upperBound;
    metadata.noiseAdded = details.noiseAdded;
  }
  return metadata;
}
