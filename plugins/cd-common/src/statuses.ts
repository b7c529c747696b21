/** Orca's execution statuses, with the same meaning of "complete" and "halt". */
export const EXECUTION_STATUSES = [
  'NOT_STARTED',
  'RUNNING',
  'PAUSED',
  'SUSPENDED',
  'BUFFERED',
  'SUCCEEDED',
  'FAILED_CONTINUE',
  'SKIPPED',
  'TERMINAL',
  'CANCELED',
  'STOPPED',
] as const;

export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

const COMPLETE: ReadonlySet<ExecutionStatus> = new Set([
  'SUCCEEDED',
  'FAILED_CONTINUE',
  'SKIPPED',
  'TERMINAL',
  'CANCELED',
  'STOPPED',
]);
const HALT: ReadonlySet<ExecutionStatus> = new Set(['TERMINAL', 'CANCELED', 'STOPPED']);

export const isComplete = (s: ExecutionStatus) => COMPLETE.has(s);
export const isHalt = (s: ExecutionStatus) => HALT.has(s);
/** Complete without halting the pipeline: downstream stages may start. */
export const isSuccessful = (s: ExecutionStatus) =>
  s === 'SUCCEEDED' || s === 'FAILED_CONTINUE' || s === 'SKIPPED';
