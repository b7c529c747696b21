/*
 * Kayenta's NetflixACAJudge: for each metric, clean both samples, describe
 * them, classify the canary against the baseline with the Mann-Whitney
 * classifier (tolerance 0.25, confidence 0.98), then score the labels.
 */
import { MannWhitneyClassifier, resultMetadataOf } from './classifier';
import { transformSample } from './preprocessing';
import type { OutlierSettings } from './preprocessing';
import { DEFAULT_NOISE_SEED, JavaRandom } from './random';
import { scoreResults } from './scorer';
import { summarize } from './stats/descriptive';
import type {
  CanaryAnalysisResult,
  CanaryConfig,
  CanaryJudgeResult,
  CanaryMetricConfig,
  EffectSizeMeasure,
  MetricDirection,
  MetricSetPair,
  NanStrategy,
  ScoreThresholds,
} from './types';

export const JUDGE_NAME = 'NetflixACAJudge-v1.0';
export const JUDGE_TOLERANCE = 0.25;
export const JUDGE_CONFIDENCE_LEVEL = 0.98;

export interface JudgeOptions {
  /**
   * Seed of the noise added when both samples of a metric are constant
   * (Kayenta draws it unseeded; a seed makes a verdict reproducible).
   * One generator serves all metrics, in the order of `metrics`.
   */
  noiseSeed?: number;
}

/** A metric's analysis settings with Kayenta's defaults filled in. */
export interface ResolvedAnalysisSettings {
  direction: MetricDirection;
  nanStrategy: NanStrategy;
  outliers: OutlierSettings;
  critical: boolean;
  mustHaveData: boolean;
  muted: boolean;
  effectSizeMeasure: EffectSizeMeasure;
  allowedIncrease: number;
  allowedDecrease: number;
  criticalIncrease: number;
  criticalDecrease: number;
}

export function resolveAnalysisSettings(metric: CanaryMetricConfig): ResolvedAnalysisSettings {
  const canary = metric.analysisConfigurations?.canary ?? {};
  const effectSize = canary.effectSize ?? {};
  const measure: EffectSizeMeasure = effectSize.measure === 'cles' ? 'cles' : 'meanRatio';
  // "No effect" is a ratio of 1, or a 50% chance that canary beats baseline.
  const noEffect = measure === 'cles' ? 0.5 : 1.0;
  return {
    direction: canary.direction ?? 'either',
    nanStrategy: canary.nanStrategy ?? 'remove',
    outliers: {
      strategy: canary.outliers?.strategy ?? 'keep',
      outlierFactor: canary.outliers?.outlierFactor ?? 3.0,
      method: canary.outliers?.method ?? 'iqr',
    },
    critical: canary.critical ?? false,
    mustHaveData: canary.mustHaveData ?? false,
    muted: canary.muted ?? false,
    effectSizeMeasure: measure,
    allowedIncrease: effectSize.allowedIncrease ?? noEffect,
    allowedDecrease: effectSize.allowedDecrease ?? noEffect,
    criticalIncrease: effectSize.criticalIncrease ?? noEffect,
    criticalDecrease: effectSize.criticalDecrease ?? noEffect,
  };
}

function findMetricConfig(config: CanaryConfig, name: string): CanaryMetricConfig {
  const metric = config.metrics.find(m => m.name === name);
  if (!metric) {
    throw new Error(`Could not find metric config for ${name}`);
  }
  return metric;
}

/** Classifies one metric pair: Kayenta's NetflixACAJudge.classifyMetric. */
export function classifyMetric(
  config: CanaryConfig,
  pair: MetricSetPair,
  random: JavaRandom = new JavaRandom(DEFAULT_NOISE_SEED),
): CanaryAnalysisResult {
  const metricConfig = findMetricConfig(config, pair.name);
  const settings = resolveAnalysisSettings(metricConfig);

  const experiment = transformSample(pair.values.experiment, settings.nanStrategy, settings.outliers);
  const control = transformSample(pair.values.control, settings.nanStrategy, settings.outliers);

  const base = {
    name: pair.name,
    id: pair.id,
    tags: pair.tags,
    groups: metricConfig.groups,
    muted: settings.muted,
    experimentMetadata: { stats: summarize(experiment) },
    controlMetadata: { stats: summarize(control) },
  };

  const classifier = new MannWhitneyClassifier({
    tolerance: JUDGE_TOLERANCE,
    confidenceLevel: JUDGE_CONFIDENCE_LEVEL,
    effectSizeThresholds: {
      decrease: settings.allowedDecrease,
      increase: settings.allowedIncrease,
    },
    criticalThresholds: {
      decrease: settings.criticalDecrease,
      increase: settings.criticalIncrease,
    },
    effectSizeMeasure: settings.effectSizeMeasure,
    random,
  });

  try {
    const classification = classifier.classify({
      metricName: pair.name,
      control,
      experiment,
      direction: settings.direction,
      nanStrategy: settings.nanStrategy,
      isCritical: settings.critical,
      isDataRequired: settings.mustHaveData,
    });
    return {
      ...base,
      classification: classification.classification,
      classificationReason: classification.reason,
      critical: classification.critical,
      resultMetadata: resultMetadataOf(classification),
    };
  } catch {
    // As Kayenta: a metric whose test cannot run is reported, not fatal.
    return {
      ...base,
      classification: 'Error',
      classificationReason: 'Metric Classification Failed',
      critical: false,
      resultMetadata: { ratio: null },
    };
  }
}

/** Judges a canary: every metric classified, then scored against the thresholds. */
export function judge(
  config: CanaryConfig,
  metrics: readonly MetricSetPair[],
  thresholds: ScoreThresholds,
  options: JudgeOptions = {},
): CanaryJudgeResult {
  const random = new JavaRandom(options.noiseSeed ?? DEFAULT_NOISE_SEED);
  const results = metrics.map(pair => classifyMetric(config, pair, random));
  const { groupScores, score } = scoreResults(results, config.classifier.groupWeights, thresholds);
  return { judgeName: JUDGE_NAME, results, groupScores, score };
}
