import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  CanaryConfig,
  CanaryMetricConfig,
  CanaryScope,
} from '@internal/plugin-cd-common';

/**
 * What a kayentaCanary analysis asks a metric source for: one metric of a
 * canary configuration, for one side (control or experiment), over one time
 * range sampled every `stepMillis`.
 */
export interface MetricFetchRequest {
  /** The metrics account (`metricsAccountName` of the stage), when the source has several. */
  metricsAccountName?: string;
  /** The whole configuration: queries may refer to its `templates`. */
  config: CanaryConfig;
  /** The metric, with its `query` (`query.type` chose this source). */
  metric: CanaryMetricConfig;
  /** Where this side runs: server group, namespace (location), account, extra template variables. */
  scope: CanaryScope;
  /** Inclusive start and end of the range. */
  startTimeMillis: number;
  endTimeMillis: number;
  stepMillis: number;
  signal?: AbortSignal;
}

/**
 * A metric's values over the requested range: one value per step from
 * `startTimeMillis`, `null` where there was no value (Kayenta's NaN).
 */
export interface MetricSeries {
  startTimeMillis: number;
  stepMillis: number;
  values: Array<number | null>;
  /** What was asked of the backing system (e.g. the PromQL), for the report. */
  query?: string;
}

/** The time range an analysis will fetch, announced before it starts. */
export interface MetricTrackingRequest {
  metricsAccountName?: string;
  config: CanaryConfig;
  scopes: CanaryScope[];
  /** The analysis does not fetch data later than this. */
  untilMillis: number;
}

/**
 * A metric source (Kayenta's MetricsService): serves metrics whose
 * `query.type` equals `type`.
 */
export interface MetricSource {
  type: string;
  /** Fetches one series; throws with a message naming the problem (bad query, unreachable backend). */
  fetch(request: MetricFetchRequest): Promise<MetricSeries>;
  /**
   * Called when an analysis starts and every time it runs again: sources that
   * derive series from instant values (counters read now) start sampling and
   * keep sampling until `untilMillis`. Sources backed by a time-series
   * database leave it out.
   */
  track?(request: MetricTrackingRequest): void;
}

export interface CdMetricSourcesExtensionPoint {
  addMetricSource(...sources: MetricSource[]): void;
}

/**
 * Lets other backend modules add metric sources for canary analysis:
 *
 * ```ts
 * createBackendModule({ pluginId: 'cd', moduleId: 'datadog-metrics', register(env) {
 *   env.registerInit({ deps: { metrics: cdMetricSourcesExtensionPoint }, async init({ metrics }) {
 *     metrics.addMetricSource({ type: 'datadog', fetch: async request => ({ startTimeMillis: request.startTimeMillis, stepMillis: request.stepMillis, values: [] }) });
 *   } });
 * } });
 * ```
 */
export const cdMetricSourcesExtensionPoint =
  createExtensionPoint<CdMetricSourcesExtensionPoint>({
    id: 'cd.metricSources',
  });
