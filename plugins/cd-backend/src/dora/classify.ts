import type { ExecutionStatus } from '@internal/plugin-cd-common';

/** The parts of an execution the metrics read. */
export interface DoraExecution {
  id: string;
  type: 'PIPELINE' | 'ORCHESTRATION';
  application: string;
  name: string;
  status: ExecutionStatus;
  trigger: Record<string, unknown>;
  buildTime: number;
  startTime?: number;
  endTime?: number;
  stages: Array<{ type: string; status: ExecutionStatus; context: Record<string, unknown> }>;
}

/** Stage types that put an earlier version back. */
export const ROLLBACK_STAGE_TYPES: ReadonlySet<string> = new Set([
  'undoRolloutManifest',
  'rollbackServerGroup',
  'rollbackCluster',
  'rollbackManifest',
]);

const ran = (status: ExecutionStatus) => status !== 'NOT_STARTED' && status !== 'SKIPPED';

/**
 * A production deployment: a pipeline with a stage that ran against a
 * production account (deployManifest, or any other stage naming an
 * account), other than a rollback.
 */
export function deploysToProduction(e: DoraExecution, isProductionAccount: (account: string) => boolean): boolean {
  if (e.type !== 'PIPELINE') return false;
  return e.stages.some(s => {
    const account = s.context.account;
    return (
      ran(s.status) &&
      !ROLLBACK_STAGE_TYPES.has(s.type) &&
      typeof account === 'string' &&
      account !== '' &&
      isProductionAccount(account)
    );
  });
}

/**
 * A rollback: an execution (a pipeline, or a server group action run as an
 * ORCHESTRATION) in which a rollback stage ran.
 */
export function isRollback(e: DoraExecution): boolean {
  const rollbackStage = e.stages.some(s => ran(s.status) && ROLLBACK_STAGE_TYPES.has(s.type));
  if (rollbackStage) return true;
  // A rollback of versioned server groups runs enable/disable stages: the action names it.
  return (
    e.type === 'ORCHESTRATION' &&
    (e.trigger.action === 'rollback' || e.stages.some(s => ran(s.status) && s.context.action === 'rollback'))
  );
}

/**
 * When the change was made: the earliest artifact creation or commit time
 * the trigger carries (artifacts[].createdAt, a webhook payload's commit
 * timestamps, buildInfo.timestamp), else the trigger time (buildTime).
 */
export function changeTime(e: DoraExecution): number {
  const t = e.trigger;
  const candidates: unknown[] = [];
  for (const artifact of asArray(t.artifacts)) candidates.push(field(artifact, 'createdAt'));
  const payload = t.payload;
  candidates.push(
    field(field(payload, 'head_commit'), 'timestamp'),
    field(field(payload, 'commit'), 'timestamp'),
    field(payload, 'commitTimestamp'),
    field(payload, 'commitTime'),
    ...asArray(field(payload, 'commits')).map(c => field(c, 'timestamp')),
  );
  const buildInfo = t.buildInfo;
  candidates.push(field(buildInfo, 'timestamp'), ...asArray(field(buildInfo, 'scm')).map(s => field(s, 'timestamp')));
  const times = candidates.map(toEpochMs).filter((ms): ms is number => ms !== undefined && ms <= e.buildTime);
  return times.length > 0 ? Math.min(...times) : e.buildTime;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** Epoch ms from a number (ms, or seconds when small) or an ISO string. */
function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    // Unix seconds (git, many CI systems) are below 1e11 until the year 5138.
    return value < 1e11 ? value * 1000 : value;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    if (/^\d+$/.test(value)) return toEpochMs(Number(value));
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}
