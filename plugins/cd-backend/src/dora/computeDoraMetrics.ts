import type { DoraMetrics, DoraTrendPoint } from '@internal/plugin-cd-common';
import { changeTime, deploysToProduction, isRollback, type DoraExecution } from './classify';

export const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export interface DoraWindow {
  /** `application:demo-app`, `entity:component:default/demo-app` or `portal`. */
  scope: string;
  windowDays: number;
  /** Epoch ms, exclusive end of the window (now). */
  to: number;
}

/** A production execution with its outcome. */
interface ProductionChange {
  execution: DoraExecution;
  end: number;
  failed: boolean;
}

interface Incident {
  start: number;
  resolved: number;
}

/**
 * DORA's four keys from finished executions (pure: the caller loads them,
 * including a lookback before the window so that incidents resolved in the
 * window can have started before it).
 *
 * - deployments: production executions that SUCCEEDED, ending in the window;
 * - lead time: median of (end − change time) over those;
 * - change failure rate: production executions (SUCCEEDED or TERMINAL) that
 *   failed or were rolled back afterwards, over all of them;
 * - time to restore: median of incidents resolved in the window, an incident
 *   running from the first failed change of an application to the end of its
 *   next successful (not rolled back) production execution or rollback.
 */
export function computeDoraMetrics(
  executions: DoraExecution[],
  window: DoraWindow,
  isProductionAccount: (account: string) => boolean,
): DoraMetrics {
  const to = window.to;
  const from = to - window.windowDays * DAY_MS;
  const byApplication = groupBy(
    executions.filter(e => e.endTime !== undefined && (e.status === 'SUCCEEDED' || e.status === 'TERMINAL')),
    e => e.application,
  );

  const changes: ProductionChange[] = [];
  const incidents: Incident[] = [];
  for (const history of byApplication.values()) {
    const { changes: appChanges, incidents: appIncidents } = analyseApplication(history, isProductionAccount);
    changes.push(...appChanges);
    incidents.push(...appIncidents);
  }

  const inRange = (t: number, start: number, end: number) => t >= start && t < end;
  const summarize = (start: number, end: number) => {
    const production = changes.filter(c => inRange(c.end, start, end));
    const succeeded = production.filter(c => c.execution.status === 'SUCCEEDED');
    return {
      production,
      succeeded,
      failures: production.filter(c => c.failed).length,
      leadTimeMs: median(succeeded.map(c => c.end - changeTime(c.execution))),
      timeToRestoreMs: median(incidents.filter(i => inRange(i.resolved, start, end)).map(i => i.resolved - i.start)),
    };
  };

  const total = summarize(from, to);
  const trend: DoraTrendPoint[] = [];
  for (let start = startOfWeek(from); start < to; start += WEEK_MS) {
    const bucket = summarize(Math.max(start, from), Math.min(start + WEEK_MS, to));
    trend.push(
      withoutUndefined({
        start: new Date(start).toISOString().slice(0, 10),
        deployments: bucket.succeeded.length,
        failures: bucket.failures,
        leadTimeMs: bucket.leadTimeMs,
        timeToRestoreMs: bucket.timeToRestoreMs,
      }),
    );
  }

  return withoutUndefined({
    scope: window.scope,
    windowDays: window.windowDays,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    deployments: total.succeeded.length,
    deploymentsPerDay: total.succeeded.length / window.windowDays,
    leadTimeMs: total.leadTimeMs,
    changeFailureRate: total.production.length > 0 ? total.failures / total.production.length : undefined,
    timeToRestoreMs: total.timeToRestoreMs,
    trend,
  });
}

/** One application's production changes (with rollbacks attributed) and incidents, in time order. */
function analyseApplication(history: DoraExecution[], isProductionAccount: (account: string) => boolean) {
  const ordered = [...history].sort((a, b) => a.endTime! - b.endTime! || a.buildTime - b.buildTime);
  const changes: ProductionChange[] = [];
  const rollbacks: DoraExecution[] = [];
  for (const e of ordered) {
    const production = deploysToProduction(e, isProductionAccount);
    const rollback = isRollback(e);
    if (production) {
      // A pipeline that deploys and then rolls itself back is a failed change.
      changes.push({ execution: e, end: e.endTime!, failed: e.status === 'TERMINAL' || rollback });
    } else if (rollback) {
      rollbacks.push(e);
      // The rollback undoes the production change in place when it started.
      const startedAt = e.startTime ?? e.buildTime;
      const undone = [...changes].reverse().find(c => c.end <= startedAt);
      if (undone) undone.failed = true;
    }
  }

  // Service is restored by a later good production change, or by a rollback that succeeded.
  const restores = [
    ...changes.filter(c => !c.failed).map(c => c.end),
    ...rollbacks.filter(r => r.status === 'SUCCEEDED').map(r => r.endTime!),
  ].sort((a, b) => a - b);
  const failures = changes.filter(c => c.failed).map(c => c.end);
  const incidents: Incident[] = [];
  let next = 0;
  while (next < failures.length) {
    const start = failures[next];
    const resolved = restores.find(t => t > start);
    if (resolved === undefined) break; // still open
    incidents.push({ start, resolved });
    // Failures before that restore are part of the same incident.
    while (next < failures.length && failures[next] < resolved) next++;
  }
  return { changes, incidents };
}

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Monday 00:00 UTC of the week containing `t`. */
export function startOfWeek(t: number): number {
  const midnight = Math.floor(t / DAY_MS) * DAY_MS;
  const day = new Date(midnight).getUTCDay(); // 0 = Sunday
  return midnight - ((day + 6) % 7) * DAY_MS;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
