/*
 * The judge's domain types live in cd-common (the frontend renders the same
 * shapes); re-exported here for the judge's modules.
 */
export type {
  MetricDirection,
  EffectSizeMeasure,
  EffectSizeConfig,
  OutlierConfig,
  CanaryAnalysisSettings,
  CanaryMetricQuery,
  CanaryMetricConfig,
  ScoreThresholds,
  CanaryClassifierConfig,
  CanaryJudgeConfig,
  CanaryConfig,
  MetricSetScope,
  MetricSetPair,
  MetricClassificationLabel,
  ScoreClassificationLabel,
  MetricResultMetadata,
  CanaryAnalysisResult,
  CanaryJudgeGroupScore,
  CanaryJudgeScore,
  CanaryJudgeResult,
  MetricStatistics,
  NanStrategy,
  OutlierMethod,
  OutlierStrategy,
  RawSample,
} from '@internal/plugin-cd-common';
