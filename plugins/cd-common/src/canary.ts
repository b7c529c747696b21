/*
 * Canary analysis, isomorphic: Kayenta's JSON shapes (CanaryConfig,
 * MetricSetPair, CanaryJudgeResult) so that Kayenta configurations import as
 * they are and results read like Kayenta's, plus the stored configurations
 * and the reports the kayentaCanary stage writes.
 */

export type NanStrategy = 'remove' | 'replace';
export type OutlierStrategy = 'remove' | 'keep';
/** Kayenta uses IQR; kSigma is an extension. */
export type OutlierMethod = 'iqr' | 'kSigma';
/** A metric's samples; null stands for NaN (no value at that step). */
export type RawSample = ReadonlyArray<number | null>;

/** Kayenta's per-sample summary shown in the report (zeros for an empty sample). */
export interface MetricStatistics {
  min: number;
  max: number;
  mean: number;
  std: number;
  count: number;
}

export type MetricDirection = 'increase' | 'decrease' | 'either';
export type EffectSizeMeasure = 'meanRatio' | 'cles';

export interface EffectSizeConfig {
  measure?: EffectSizeMeasure;
  /** Canary must exceed this effect to be High (meanRatio default 1, cles default 0.5). */
  allowedIncrease?: number;
  /** Canary must be at or below this effect to be Low. */
  allowedDecrease?: number;
  /** A critical metric fails the whole analysis at or beyond these. */
  criticalIncrease?: number;
  criticalDecrease?: number;
}

export interface OutlierConfig {
  strategy?: OutlierStrategy;
  /** Default 3.0. */
  outlierFactor?: number;
  /** Extension to Kayenta's format (which always uses IQR): 'kSigma' uses outlierFactor as k. */
  method?: OutlierMethod;
}

/** analysisConfigurations.canary of a metric. */
export interface CanaryAnalysisSettings {
  direction?: MetricDirection;
  nanStrategy?: NanStrategy;
  critical?: boolean;
  mustHaveData?: boolean;
  muted?: boolean;
  effectSize?: EffectSizeConfig;
  outliers?: OutlierConfig;
}

export interface CanaryMetricQuery {
  type: string;
  [key: string]: unknown;
}

export interface CanaryMetricConfig {
  name: string;
  query: CanaryMetricQuery;
  groups: string[];
  analysisConfigurations: { canary?: CanaryAnalysisSettings; [key: string]: unknown };
  scopeName?: string;
}

export interface ScoreThresholds {
  pass: number;
  marginal: number;
}

export interface CanaryClassifierConfig {
  /** Group name → weight (percent). Groups without a weight share what is left of 100. */
  groupWeights: Record<string, number>;
  scoreThresholds?: ScoreThresholds;
}

export interface CanaryJudgeConfig {
  name: string;
  judgeConfigurations: Record<string, unknown>;
}

export interface CanaryConfig {
  id?: string;
  name: string;
  description?: string;
  configVersion?: string | number;
  applications?: string[];
  judge?: CanaryJudgeConfig;
  metrics: CanaryMetricConfig[];
  templates?: Record<string, string>;
  classifier: CanaryClassifierConfig;
  createdTimestamp?: number;
  updatedTimestamp?: number;
  createdTimestampIso?: string;
  updatedTimestampIso?: string;
}

export interface MetricSetScope {
  startTimeIso: string;
  startTimeMillis: number;
  stepMillis: number;
}

/** One metric's series for both sides: control = baseline, experiment = canary. */
export interface MetricSetPair {
  name: string;
  id: string;
  tags: Record<string, string>;
  values: { control: RawSample; experiment: RawSample };
  scopes?: { control?: MetricSetScope; experiment?: MetricSetScope };
  attributes?: Record<string, Record<string, string>>;
}

export type MetricClassificationLabel =
  | 'Pass'
  | 'High'
  | 'Low'
  | 'Nodata'
  | 'NodataFailMetric'
  | 'Error';

export type ScoreClassificationLabel = 'Pass' | 'Marginal' | 'Fail' | 'Nodata' | 'Error';

/**
 * What the comparison found. Kayenta reports only `ratio`; the other fields
 * are filled when the Mann-Whitney test ran, for the report. Values that cannot
 * be computed (a ratio against a zero mean) are null rather than NaN, so the
 * result survives JSON unchanged.
 */
export interface MetricResultMetadata {
  /** Canary mean / baseline mean (1 when the test did not run). */
  ratio: number | null;
  effectSize?: number | null;
  effectSizeMeasure?: EffectSizeMeasure;
  lowerConfidence?: number;
  upperConfidence?: number;
  estimate?: number;
  pValue?: number;
  /** The tolerance band ±tolerance·|estimate| the interval is compared with. */
  lowerBound?: number;
  upperBound?: number;
  /** True when both samples were constant and Kayenta's noise was added. */
  noiseAdded?: boolean;
}

export interface CanaryAnalysisResult {
  name: string;
  id: string;
  tags: Record<string, string>;
  classification: MetricClassificationLabel;
  classificationReason?: string;
  groups: string[];
  experimentMetadata: { stats: MetricStatistics };
  controlMetadata: { stats: MetricStatistics };
  resultMetadata: MetricResultMetadata;
  critical: boolean;
  muted: boolean;
}

export interface CanaryJudgeGroupScore {
  name: string;
  score: number;
  classification: string;
  classificationReason: string;
}

export interface CanaryJudgeScore {
  score: number;
  classification: ScoreClassificationLabel;
  classificationReason: string;
}

export interface CanaryJudgeResult {
  judgeName: string;
  results: CanaryAnalysisResult[];
  groupScores: CanaryJudgeGroupScore[];
  score: CanaryJudgeScore;
}

/**
 * A canary configuration stored for an application (one row per version).
 *
 * GET    /applications/:application/canaryConfigs      → StoredCanaryConfig[] (latest of each)
 * POST   /applications/:application/canaryConfigs      { config } → 201 StoredCanaryConfig (also Kayenta import)
 * GET    /canaryConfigs/:id                            → StoredCanaryConfig (latest)
 * PUT    /canaryConfigs/:id                            { config, expectedVersion? } → StoredCanaryConfig
 * DELETE /canaryConfigs/:id                            → 204
 * GET    /canaryConfigs/:id/versions                   → StoredCanaryConfig[] (newest first)
 */
export interface StoredCanaryConfig {
  id: string;
  application: string;
  /** The configuration's name, unique within the application. */
  name: string;
  /** 1, then +1 on every save. */
  version: number;
  config: CanaryConfig;
  updatedBy: string;
  updatedAt: string;
}

/** Where the two sides of an analysis run: Spinnaker's scope fields. */
export interface CanaryScope {
  /** The server group (or workload) name, e.g. `demo-app-canary-v002`. */
  serverGroup: string;
  /** Namespace. */
  location: string;
  account?: string;
  /** Extra template variables for queries. */
  extendedScopeParams?: Record<string, string>;
}

/** A metric's two series over one interval, as fetched from the metric source. */
export interface CanaryMetricSeries {
  metric: string;
  startTimeMillis: number;
  stepMillis: number;
  control: Array<number | null>;
  experiment: Array<number | null>;
}

/** One judged interval of a kayentaCanary stage. */
export interface CanaryIntervalResult {
  /** 1-based. */
  interval: number;
  startTime: string;
  endTime: string;
  result: CanaryJudgeResult;
  series: CanaryMetricSeries[];
  /** Set when the interval could not be judged (metric source failure). */
  error?: string;
}

/**
 * What a kayentaCanary stage reports (its outputs.canaryReport): the
 * configuration used, every interval's full result and the final verdict.
 */
export interface CanaryReport {
  canaryConfigId?: string;
  canaryConfigName: string;
  config: CanaryConfig;
  control: CanaryScope;
  experiment: CanaryScope;
  scoreThresholds: ScoreThresholds;
  intervals: CanaryIntervalResult[];
  /** The last interval's score (what decides the stage). */
  overallScore?: number;
  overallResult?: 'success' | 'marginal' | 'failure';
  /** Why the stage ended as it did ("interval 2 scored 40 ≤ marginal 75"). */
  reason?: string;
}
