import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  Execution,
  ExecutionStatus,
  StageConfig,
  StageExecution,
  ValidationIssue,
} from '@internal/plugin-cd-common';

/**
 * What a task reports after one run. `RUNNING` means "not done yet: call me
 * again after `backoffMs`" (Orca's RetryableTask); every other status ends
 * the task. `context` is merged into the stage's context and `outputs` into
 * its outputs, in the same transaction as the status change.
 */
export interface TaskResult {
  status:
    | 'SUCCEEDED'
    | 'RUNNING'
    | 'TERMINAL'
    | 'FAILED_CONTINUE'
    | 'CANCELED'
    | 'STOPPED'
    | 'SKIPPED';
  context?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  /** With RUNNING: when to run again (default 1 s). */
  backoffMs?: number;
  /** With a failing status: the message shown as the stage's exception. */
  error?: string;
}

/** Minimal structured logger handed to tasks (a Backstage LoggerService fits). */
export interface TaskLogger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** Read-only views: tasks change state only through their TaskResult. */
export type ExecutionView = Readonly<Omit<Execution, 'stages'>> & {
  readonly stages: ReadonlyArray<Readonly<StageExecution>>;
};

export interface TaskContext {
  /** The stage's context: its configuration with expressions evaluated when it started, plus what earlier tasks merged in. */
  readonly context: Readonly<Record<string, unknown>>;
  readonly stage: Readonly<StageExecution>;
  readonly execution: ExecutionView;
  /**
   * `${stageId}:${attempt}:${taskIndex}`: the same for every run of this task
   * within one attempt of the stage. Pass it to external systems so that a run
   * repeated after a crash is recognised as the same request.
   */
  readonly idempotencyKey: string;
  /** The stage's attempt: 1, then +1 on each restart. */
  readonly attempt: number;
  /** How many times this task has run before in this attempt (RUNNING re-runs). */
  readonly runCount: number;
  /** Aborted when the execution is canceled while the task runs. */
  readonly signal: AbortSignal;
  readonly logger: TaskLogger;
  /** Milliseconds since the task first started, paused time excluded. */
  readonly elapsedMs: number;
  /**
   * Evaluates `${…}` expressions in a value against this execution, with
   * extra variables (e.g. variables evaluated earlier in the same stage).
   */
  evaluate<T>(value: T, extra?: Record<string, unknown>): { value: T; failed: boolean; errors: string[] };
}

export interface TaskDefinition {
  name: string;
  run(ctx: TaskContext): Promise<TaskResult>;
}

/** Context given to planning hooks (synthetic stages, cleanup). */
export interface StagePlanningContext {
  readonly stage: Readonly<StageExecution>;
  readonly execution: ExecutionView;
}

export interface StageCancelContext extends StagePlanningContext {
  readonly idempotencyKey: string;
  readonly logger: TaskLogger;
}

/**
 * A stage type. The engine knows stage types only through these definitions,
 * registered with {@link cdStagesExtensionPoint}.
 */
export interface StageDefinition {
  type: string;
  label?: string;
  description?: string;
  /** Other type names accepted for this stage (e.g. Spinnaker's older names). */
  aliases?: string[];
  /** Checks a stage's configuration when a pipeline is saved; paths are prefixed with `path`. */
  validate?(stage: StageConfig, path: string): ValidationIssue[];
  /** Synthetic stages run before this stage's own tasks (in order, one after the other). */
  beforeStages?(ctx: StagePlanningContext): StageConfig[];
  /** Synthetic stages run after this stage's own tasks. */
  afterStages?(ctx: StagePlanningContext): StageConfig[];
  /**
   * Context fields not evaluated when the stage starts; the stage's tasks
   * evaluate them themselves through `TaskContext.evaluate`.
   */
  deferredExpressionFields?: string[];
  /** The tasks, run in order. A stage with no tasks succeeds at once. */
  tasks: TaskDefinition[];
  /** Cleanup when the execution is canceled while this stage runs (e.g. a webhook's cancel endpoint). */
  onCancel?(ctx: StageCancelContext): Promise<void>;
  /**
   * Undoes what this stage set up when its execution ends TERMINAL or
   * CANCELED: this stage or a later one failed, a judgment said stop, a user
   * canceled (e.g. all traffic back to the stable version, the canary
   * removed). Called once after the execution completed, for every stage of
   * this type that started, newest first. Best effort: a failure is logged.
   * What it returns is merged into the stage's outputs (shown with the stage).
   */
  onExecutionFailure?(ctx: StageCancelContext): Promise<Record<string, unknown> | void>;
}

/** The statuses a task result can end a task with. */
export type TaskResultStatus = TaskResult['status'];
export type { ExecutionStatus };

export interface CdStagesExtensionPoint {
  addStageType(...definitions: StageDefinition[]): void;
}

/**
 * Lets other backend modules add stage types:
 *
 * ```ts
 * createBackendModule({ pluginId: 'cd', moduleId: 'my-stages', register(env) {
 *   env.registerInit({ deps: { stages: cdStagesExtensionPoint }, async init({ stages }) {
 *     stages.addStageType({ type: 'myStage', tasks: [{ name: 'doIt', run: async () => ({ status: 'SUCCEEDED' }) }] });
 *   } });
 * } });
 * ```
 */
export const cdStagesExtensionPoint = createExtensionPoint<CdStagesExtensionPoint>({
  id: 'cd.stages',
});
