import type { ExecutionStatus } from './statuses';
import type { PipelineConfig, StageConfig } from './pipeline';

export type SyntheticStageOwner = 'STAGE_BEFORE' | 'STAGE_AFTER';

export interface TaskExecution {
  id: string;
  name: string;
  implementingClass?: string;
  status: ExecutionStatus;
  startTime?: number;
  endTime?: number;
  stageStart?: boolean;
  stageEnd?: boolean;
  /** How many times the task ran in this attempt (RUNNING results run it again). */
  runCount?: number;
  /** The stage's pausedMs when the task started, to exclude later pauses from its elapsed time. */
  pausedMsAtStart?: number;
}

export interface ExpressionSummaryEntry {
  description: string;
  exceptionType?: string;
  level: 'ERROR' | 'INFO' | 'WARNING';
  timestamp: number;
}

export interface RestartDetails {
  restartedBy: string;
  restartTime: number;
  reason?: string;
  previousException?: unknown;
}

export interface StageExecution {
  id: string;
  refId: string;
  type: string;
  name: string;
  status: ExecutionStatus;
  requisiteStageRefIds: string[];
  parentStageId?: string;
  syntheticStageOwner?: SyntheticStageOwner;
  /** The stage's configuration, with expressions evaluated once it starts. */
  context: Record<string, unknown>;
  outputs: Record<string, unknown>;
  tasks: TaskExecution[];
  startTime?: number;
  endTime?: number;
  /** Milliseconds spent paused, excluded from the stage's timeout. */
  pausedMs?: number;
  /** When the current pause began (set while PAUSED). */
  pausedAt?: number;
  /** 1, then +1 each time the stage is restarted; part of task idempotency keys. */
  attempt?: number;
  /** Set on synthetic parents once their after-stages have been planned. */
  afterStagesPlanned?: boolean;
  lastModified?: { user: string; at: number };
  restartDetails?: RestartDetails;
  /** Orca-style: `{ details: { error, errors } }` on failure. */
  exception?: { details: { error: string; errors?: string[] } };
}

export interface TriggerInfo {
  type: string;
  user: string;
  parameters: Record<string, unknown>;
  /** Extra fields by trigger type: webhook payload, upstream execution… */
  [field: string]: unknown;
}

export interface Execution {
  id: string;
  /** PIPELINE: a run of a saved pipeline; ORCHESTRATION: a tracked task (a server group action) with no saved pipeline. */
  type: 'PIPELINE' | 'ORCHESTRATION';
  application: string;
  pipelineConfigId: string;
  name: string;
  status: ExecutionStatus;
  trigger: TriggerInfo;
  stages: StageExecution[];
  /** The pipeline definition this execution runs (a snapshot). */
  pipelineConfig: PipelineConfig;
  buildTime: number;
  startTime?: number;
  endTime?: number;
  canceled?: boolean;
  canceledBy?: string;
  cancellationReason?: string;
  paused?: { pauseTime: number; resumeTime?: number; pausedBy?: string; resumedBy?: string };
  /** Child/parent links for `pipeline` stages. */
  parentExecution?: { executionId: string; stageId: string };
}

/** One row of an execution listing (no stages). */
export type ExecutionSummary = Omit<Execution, 'stages' | 'pipelineConfig'> & {
  stageCounts: Partial<Record<ExecutionStatus, number>>;
};

export interface ExecutionPage {
  items: ExecutionSummary[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
}

/** Events the engine emits after a transition is committed (for notifications, signals, audit). */
export type ExecutionEventType =
  | 'pipeline.starting'
  | 'pipeline.complete'
  | 'pipeline.failed'
  | 'pipeline.paused'
  | 'pipeline.resumed'
  | 'stage.starting'
  | 'stage.complete'
  | 'stage.failed'
  | 'manualJudgment'
  | 'manualJudgmentContinue'
  | 'manualJudgmentStop';

export interface ExecutionEvent {
  type: ExecutionEventType;
  executionId: string;
  application: string;
  pipelineConfigId: string;
  pipelineName: string;
  status: ExecutionStatus;
  stageId?: string;
  stageName?: string;
  stageType?: string;
  /** The stage's or pipeline's notification settings, for the notifier. */
  notifications?: PipelineConfig['notifications'];
  timestamp: number;
}

export type { StageConfig };
