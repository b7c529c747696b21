import { randomUUID } from 'crypto';

/**
 * Durable queue messages. They carry ids only: handlers read the current
 * state when they run, so a message delivered twice or late is harmless.
 *
 * Transitions that need no I/O (start a stage, complete a stage, complete the
 * execution) are applied inline in the transaction of the message that caused
 * them; only work that needs I/O or a delay is queued.
 */
export type MessageKind =
  /** Start (or buffer, under limitConcurrent) a NOT_STARTED execution. */
  | 'StartExecution'
  /** Run one task of a running stage (again, for RUNNING results). */
  | 'RunTask'
  /** Apply a requested cancel: run cleanup hooks, mark stages and the execution CANCELED. */
  | 'CancelExecution'
  /** Schedule whatever a running execution needs (after resume or restart). */
  | 'Reconcile'
  /** Run a waiting stage's current task now (judgment submitted, wait skipped, child finished). */
  | 'PokeStage'
  /**
   * Run a stage type's onCancel hook for a stage canceled because the
   * execution failed; with `cleanup: 'executionFailure'`, the
   * onExecutionFailure hooks of every started stage instead.
   */
  | 'StageCleanup'
  /** Start pipelines whose pipeline trigger follows this completed execution. */
  | 'FireTriggers'
  /** Start the next waiting execution of a limitConcurrent pipeline. */
  | 'StartWaiting';

export interface MessagePayload {
  stageId?: string;
  taskIndex?: number;
  attempt?: number;
  pipelineConfigId?: string;
  /** CancelExecution requested by the engine itself (superseded executions). */
  user?: string;
  reason?: string;
  /** StageCleanup: which hooks to run (default 'cancel': the stage's onCancel). */
  cleanup?: 'cancel' | 'executionFailure';
}

export interface QueuedMessage {
  id: string;
  executionId: string;
  kind: MessageKind;
  payload: MessagePayload;
  notBefore: number;
  attempts: number;
}

/** A message produced by a transition, inserted in the transition's transaction. */
export interface OutgoingMessage {
  id: string;
  executionId: string;
  kind: MessageKind;
  payload: MessagePayload;
  notBefore: number;
}

export function message(
  kind: MessageKind,
  executionId: string,
  payload: MessagePayload = {},
  notBefore = Date.now(),
): OutgoingMessage {
  return { id: randomUUID(), executionId, kind, payload, notBefore };
}

/**
 * RunTask ids are deterministic per task attempt, so re-enqueueing a waiting
 * task (poke, resume) moves the existing message instead of duplicating it.
 */
export function runTaskMessage(
  executionId: string,
  stageId: string,
  attempt: number,
  taskIndex: number,
  notBefore = Date.now(),
): OutgoingMessage {
  return {
    id: `RunTask:${stageId}:${attempt}:${taskIndex}`,
    executionId,
    kind: 'RunTask',
    payload: { stageId, taskIndex, attempt },
    notBefore,
  };
}
