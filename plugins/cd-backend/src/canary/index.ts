/*
 * Canary analysis: the judge (pure computation), stored configurations,
 * metric sources and the stages (deployCanary, shiftTraffic, kayentaCanary,
 * cleanupCanary).
 */
export { DatabaseCanaryConfigStore, seedCanaryConfigs, CanaryConfigValidationError } from './configs';
export type { CanaryConfigStore } from './configs';
export {
  MetricSourceRegistry,
  PrometheusMetricSource,
  LocalClusterMetricSource,
  ProxyMetricsSampler,
} from './metrics';
export type { PrometheusAccount } from './metrics';
export { canaryStages } from './stages';
export type { CanaryStagesDeps } from './stages';
