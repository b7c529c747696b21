/*
 * The canary judge: pure computation (no database, no HTTP, no Kubernetes).
 */
export * from './types';
export { judge, classifyMetric, resolveAnalysisSettings, JUDGE_NAME, JUDGE_TOLERANCE, JUDGE_CONFIDENCE_LEVEL } from './judge';
export type { JudgeOptions, ResolvedAnalysisSettings } from './judge';
export { parseKayentaCanaryConfig, formatPath } from './config';
export type { ConfigError, ParseCanaryConfigResult } from './config';
export { MannWhitneyClassifier } from './classifier';
export type { MannWhitneyClassifierOptions, MetricClassification, EffectThresholds } from './classifier';
export { scoreResults, weightedSumScore, classifyScore, roundHalfUp } from './scorer';
export type { ScorableResult, GroupScore, ScoreResult } from './scorer';
export { mannWhitneyTest, MannWhitneyError } from './stats/mannWhitney';
export type { MannWhitneyOptions, MannWhitneyResult } from './stats/mannWhitney';
export { summarize, mean, median, percentile, variance } from './stats/descriptive';
export { meanRatio, cles } from './stats/effectSizes';
export { qnorm, pnorm } from './stats/normal';
export { JavaRandom, DEFAULT_NOISE_SEED } from './random';
export {
  removeNaNs,
  replaceNaNs,
  detectIqrOutliers,
  detectKSigmaOutliers,
  transformSample,
} from './preprocessing';
