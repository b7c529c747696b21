import type { DoraMetrics, DoraTrendPoint } from '@internal/plugin-cd-common';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** One decimal, without a trailing `.0`. */
const oneDecimal = (value: number) => String(Math.round(value * 10) / 10);
const plural = (value: string, unit: string) =>
  `${value} ${unit}${value === '1' ? '' : 's'}`;

/** Lead times and restore times as people say them: `45 min`, `3.5 hours`, `2 days`, `3 weeks`. */
export function humanizeDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < MINUTE) return `${Math.round(ms / 1000)} s`;
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < DAY) return plural(oneDecimal(ms / HOUR), 'hour');
  if (ms < 2 * WEEK) return plural(oneDecimal(ms / DAY), 'day');
  return plural(oneDecimal(ms / WEEK), 'week');
}

/** Deployment frequency in the unit that gives a number ≥ 1: per day, per week, else per month. */
export function formatFrequency(perDay: number): string {
  if (!Number.isFinite(perDay) || perDay <= 0) return 'none';
  if (perDay >= 1) return `${oneDecimal(perDay)} per day`;
  if (perDay * 7 >= 1) return `${oneDecimal(perDay * 7)} per week`;
  return `${oneDecimal(perDay * 30)} per month`;
}

export function formatRate(rate: number | undefined): string {
  if (rate === undefined || !Number.isFinite(rate)) return '—';
  return `${oneDecimal(rate * 100)}%`;
}

export interface TrendValues {
  start: string;
  deployments: number;
  /** Of the bucket's production changes, the share that failed; null without any. */
  failureRate: number | null;
  leadTimeMs: number | null;
  timeToRestoreMs: number | null;
}

/**
 * The weekly buckets as the four sparklines draw them. A bucket's failure
 * rate is its failures over its production changes (successes + failures);
 * buckets without a figure stay null so the line shows a gap, not a zero.
 */
export function trendValues(trend: DoraTrendPoint[]): TrendValues[] {
  return trend.map(point => {
    const changes = point.deployments + point.failures;
    return {
      start: point.start,
      deployments: point.deployments,
      failureRate: changes > 0 ? point.failures / changes : null,
      leadTimeMs: point.leadTimeMs ?? null,
      timeToRestoreMs: point.timeToRestoreMs ?? null,
    };
  });
}

/** `application demo-app`, `component:default/demo-app`, `all applications`. */
export function scopeLabel(metrics: DoraMetrics): string {
  if (metrics.scope === 'portal') return 'all applications';
  const [kind, ...rest] = metrics.scope.split(':');
  return kind === 'entity' ? rest.join(':') : `${kind} ${rest.join(':')}`;
}
