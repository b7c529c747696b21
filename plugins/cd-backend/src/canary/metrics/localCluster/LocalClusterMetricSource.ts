import type { MetricFetchRequest, MetricSeries, MetricSource, MetricTrackingRequest } from '@internal/plugin-cd-node';
import type { PodCounters, ProxyMetricsSampler } from './ProxyMetricsSampler';

/** The metrics derived from the proxies' counters, per step. */
export const LOCAL_CLUSTER_METRICS = {
  /** Share of requests answered with a 5xx (null for a step without requests). */
  errorRate: (c: PodCounters) => (c.requests > 0 ? c.errors / c.requests : null),
  /** 5xx answers in the step. */
  errorCount: (c: PodCounters) => c.errors,
  /** Mean latency in milliseconds (null for a step without requests). */
  latencyMean: (c: PodCounters) => (c.durations > 0 ? (c.durationSeconds / c.durations) * 1000 : null),
  /** Requests per second. */
  requestRate: (c: PodCounters, stepSeconds: number) => c.requests / stepSeconds,
} as const;
export type LocalClusterMetric = keyof typeof LOCAL_CLUSTER_METRICS;

/**
 * The embedded default metric source (`query: { type: localCluster, metric:
 * errorRate | errorCount | latencyMean | requestRate }`): the local cluster's
 * own proxy metrics, no Prometheus needed. The account is the Kubernetes
 * account of the local cluster: `metricsAccountName`, else the scope's
 * account, else `local`.
 */
export class LocalClusterMetricSource implements MetricSource {
  readonly type = 'localCluster';

  constructor(private readonly sampler: ProxyMetricsSampler) {}

  track(request: MetricTrackingRequest): void {
    const byAccount = new Map<string, string[]>();
    for (const scope of request.scopes) {
      const account = accountOf(request.metricsAccountName, scope.account);
      byAccount.set(account, [...(byAccount.get(account) ?? []), scope.location]);
    }
    for (const [account, namespaces] of byAccount) this.sampler.track(account, namespaces, request.untilMillis);
  }

  async fetch(request: MetricFetchRequest): Promise<MetricSeries> {
    const name = String(request.metric.query.metric ?? '');
    if (!Object.prototype.hasOwnProperty.call(LOCAL_CLUSTER_METRICS, name)) {
      throw new Error(
        `metric ${request.metric.name}: query.metric must be one of ${Object.keys(LOCAL_CLUSTER_METRICS).join(', ')}, got ${JSON.stringify(name)}`,
      );
    }
    const derive = LOCAL_CLUSTER_METRICS[name as LocalClusterMetric];
    const account = accountOf(request.metricsAccountName, request.scope.account);
    const increases = this.sampler.increases(
      account,
      request.scope.location,
      request.scope.serverGroup,
      request.startTimeMillis,
      request.endTimeMillis,
      request.stepMillis,
    );
    if (increases.every(i => i === undefined)) {
      const why = this.sampler.lastError(account);
      if (why) throw new Error(`no samples of the local cluster's proxy metrics (${account}): ${why}`);
    }
    const stepSeconds = request.stepMillis / 1000;
    return {
      startTimeMillis: request.startTimeMillis,
      stepMillis: request.stepMillis,
      values: increases.map(c => (c ? derive(c, stepSeconds) : null)),
      query: `${name} of ${request.scope.serverGroup} in ${account}/${request.scope.location}`,
    };
  }
}

function accountOf(metricsAccountName: string | undefined, scopeAccount: string | undefined): string {
  return metricsAccountName ?? scopeAccount ?? 'local';
}
