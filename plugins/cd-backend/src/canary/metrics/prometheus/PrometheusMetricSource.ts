import type { MetricFetchRequest, MetricSeries, MetricSource } from '@internal/plugin-cd-node';
import { gridSize } from '../grid';
import { buildPrometheusQuery } from './prometheusQuery';

/** A Prometheus server reachable over its HTTP API (`cd.canary.prometheus[]`). */
export interface PrometheusAccount {
  name: string;
  /** e.g. http://prometheus.monitoring:9090 */
  url: string;
}

interface QueryRangeResponse {
  status: 'success' | 'error';
  error?: string;
  errorType?: string;
  data?: {
    resultType: string;
    result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
  };
}

/**
 * Kayenta's Prometheus metrics service: builds the query from the metric's
 * template and the scope, calls `/api/v1/query_range` and lays the values on
 * the requested grid (a step without a sample, or NaN, becomes null).
 */
export class PrometheusMetricSource implements MetricSource {
  readonly type = 'prometheus';

  constructor(private readonly deps: { accounts: PrometheusAccount[]; timeoutMs?: number }) {}

  async fetch(request: MetricFetchRequest): Promise<MetricSeries> {
    const account = this.account(request.metricsAccountName);
    const times = { startTimeMillis: request.startTimeMillis, endTimeMillis: request.endTimeMillis, stepMillis: request.stepMillis };
    const query = buildPrometheusQuery(request.config, request.metric, request.scope, times);
    const url = new URL(`${account.url.replace(/\/$/, '')}/api/v1/query_range`);
    url.searchParams.set('query', query);
    url.searchParams.set('start', String(request.startTimeMillis / 1000));
    url.searchParams.set('end', String(request.endTimeMillis / 1000));
    url.searchParams.set('step', String(request.stepMillis / 1000));

    const signals = [AbortSignal.timeout(this.deps.timeoutMs ?? 30_000), ...(request.signal ? [request.signal] : [])];
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.any(signals), headers: { Accept: 'application/json' } });
    } catch (e) {
      throw new Error(`Prometheus ${account.name} (${account.url}) unreachable: ${(e as Error).message}`);
    }
    const body = (await response.json().catch(() => undefined)) as QueryRangeResponse | undefined;
    if (!response.ok || body?.status !== 'success' || !body.data) {
      throw new Error(
        `Prometheus ${account.name} rejected ${query}: ${body?.errorType ?? response.status} ${body?.error ?? response.statusText}`,
      );
    }
    if (body.data.resultType !== 'matrix') throw new Error(`Prometheus answered ${body.data.resultType}, not a matrix, for ${query}`);
    const series = body.data.result;
    if (series.length > 1) {
      throw new Error(
        `${query} returned ${series.length} series (${series
          .slice(0, 3)
          .map(s => JSON.stringify(s.metric))
          .join(', ')}…): aggregate it to one (sum, avg) or drop groupByFields`,
      );
    }
    const values: Array<number | null> = new Array(gridSize(request.startTimeMillis, request.endTimeMillis, request.stepMillis)).fill(null);
    for (const [time, text] of series[0]?.values ?? []) {
      const index = Math.round((time * 1000 - request.startTimeMillis) / request.stepMillis);
      const value = Number(text);
      if (index >= 0 && index < values.length) values[index] = Number.isFinite(value) ? value : null;
    }
    return { startTimeMillis: request.startTimeMillis, stepMillis: request.stepMillis, values, query };
  }

  private account(name: string | undefined): PrometheusAccount {
    const accounts = this.deps.accounts;
    if (accounts.length === 0) throw new Error('no Prometheus account is configured (cd.canary.prometheus)');
    if (name === undefined) return accounts[0];
    const found = accounts.find(a => a.name === name);
    if (!found) throw new Error(`no Prometheus account ${JSON.stringify(name)} (configured: ${accounts.map(a => a.name).join(', ')})`);
    return found;
  }
}
