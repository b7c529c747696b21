import {
  ExecutionStatus,
  isComplete,
  isHalt,
  isSuccessful,
  StageConfig,
  StageExecution,
} from '@internal/plugin-cd-common';

/**
 * Orca's status rules as pure functions: how a failure maps to a stage status
 * under the stage's failure options, and the final status of an execution.
 */

type FailureOptions = Pick<
  StageConfig,
  'failPipeline' | 'continuePipeline' | 'completeOtherBranchesThenFail'
>;

/**
 * The status a stage ends with when one of its tasks fails (TERMINAL):
 * `continuePipeline` → FAILED_CONTINUE (downstream still runs);
 * `completeOtherBranchesThenFail` → STOPPED (this branch halts, the others
 * finish, then the execution fails); `failPipeline` (default true) →
 * TERMINAL; all false → STOPPED (this branch halts only).
 */
export function failureStatus(options: FailureOptions): ExecutionStatus {
  if (options.continuePipeline === true) return 'FAILED_CONTINUE';
  if (options.completeOtherBranchesThenFail === true) return 'STOPPED';
  if (options.failPipeline !== false) return 'TERMINAL';
  return 'STOPPED';
}

/** The stage status implied by a task's final result status. */
export function stageStatusForTaskResult(
  taskStatus: ExecutionStatus,
  options: FailureOptions,
): ExecutionStatus {
  switch (taskStatus) {
    case 'TERMINAL':
      return failureStatus(options);
    case 'FAILED_CONTINUE':
    case 'STOPPED':
    case 'CANCELED':
    case 'SKIPPED':
    case 'SUCCEEDED':
      return taskStatus;
    default:
      throw new Error(`${taskStatus} is not a final task status`);
  }
}

/**
 * A parent's status once a synthetic child ended with a halting status:
 * a TERMINAL child fails the parent under the parent's own failure options.
 */
export function parentStatusForChild(
  childStatus: ExecutionStatus,
  parentOptions: FailureOptions,
): ExecutionStatus {
  if (childStatus === 'TERMINAL') return failureStatus(parentOptions);
  return childStatus;
}

/** Whether the stage's halting status stops the whole execution at once. */
export function haltsExecution(status: ExecutionStatus): boolean {
  return status === 'TERMINAL' || status === 'CANCELED';
}

export const isActive = (s: ExecutionStatus) => s === 'RUNNING' || s === 'PAUSED' || s === 'SUSPENDED';

/**
 * The final status of an execution from its top-level stages (Orca's
 * CompleteExecutionHandler): all successful → SUCCEEDED; else any TERMINAL
 * → TERMINAL; else any CANCELED → CANCELED; else STOPPED branches →
 * SUCCEEDED, or TERMINAL when a STOPPED stage asked to
 * `completeOtherBranchesThenFail`. A canceled execution is CANCELED.
 */
export function finalExecutionStatus(
  stages: ReadonlyArray<Pick<StageExecution, 'status' | 'parentStageId' | 'context'>>,
  canceled = false,
): ExecutionStatus {
  if (canceled) return 'CANCELED';
  const topLevel = stages.filter(s => !s.parentStageId);
  const statuses = topLevel.map(s => s.status);
  if (statuses.every(s => isSuccessful(s) || s === 'NOT_STARTED')) {
    // NOT_STARTED stages here sit behind a STOPPED one, or the pipeline is empty.
    return 'SUCCEEDED';
  }
  if (statuses.includes('TERMINAL')) return 'TERMINAL';
  if (statuses.includes('CANCELED')) return 'CANCELED';
  const stopped = topLevel.filter(s => s.status === 'STOPPED');
  if (stopped.some(s => s.context.completeOtherBranchesThenFail === true)) return 'TERMINAL';
  return 'SUCCEEDED';
}

export { isComplete, isHalt, isSuccessful };
