export { MetricSourceRegistry } from './MetricSourceRegistry';
export { PrometheusMetricSource } from './prometheus/PrometheusMetricSource';
export type { PrometheusAccount } from './prometheus/PrometheusMetricSource';
export { buildPrometheusQuery } from './prometheus/prometheusQuery';
export { LocalClusterMetricSource, LOCAL_CLUSTER_METRICS } from './localCluster/LocalClusterMetricSource';
export { ProxyMetricsSampler } from './localCluster/ProxyMetricsSampler';
export { expandTemplate } from './templates';
