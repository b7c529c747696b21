/**
 * Pipeline definitions in Spinnaker's JSON format (Front50's pipeline
 * document), so that a team migrating from Spinnaker can paste theirs.
 * Unknown fields are kept: each stage type reads its own.
 */

export interface StageEnabled {
  type: 'expression';
  expression: string;
}

export interface StageConfig {
  refId: string;
  requisiteStageRefIds?: string[];
  type: string;
  name?: string;
  /** Default true: a failure makes the pipeline TERMINAL. */
  failPipeline?: boolean;
  /** A failure becomes FAILED_CONTINUE and downstream stages still run. */
  continuePipeline?: boolean;
  /** Let other branches finish, then fail the pipeline. */
  completeOtherBranchesThenFail?: boolean;
  stageEnabled?: StageEnabled;
  stageTimeoutMs?: number;
  failOnFailedExpressions?: boolean;
  notifications?: NotificationConfig[];
  sendNotifications?: boolean;
  [field: string]: unknown;
}

export interface ParameterOption {
  value: string;
}

export interface ParameterConfig {
  name: string;
  label?: string;
  description?: string;
  default?: string;
  required?: boolean;
  hasOptions?: boolean;
  options?: ParameterOption[];
  pinned?: boolean;
  /** The value is a secret: typed as a password and redacted in API responses, logs and audit records. */
  secret?: boolean;
}

export interface TriggerConfig {
  type: 'manual' | 'webhook' | 'cron' | 'pipeline' | string;
  enabled?: boolean;
  /** webhook: the `:source` of `/webhooks/:source`. */
  source?: string;
  payloadConstraints?: Record<string, string>;
  /** cron: a cron expression (5 or 6 fields). */
  cronExpression?: string;
  /** pipeline: the upstream pipeline's application and id. */
  application?: string;
  pipeline?: string;
  status?: Array<'successful' | 'failed' | 'canceled'>;
  [field: string]: unknown;
}

export interface NotificationConfig {
  type: 'backstage' | 'slack' | string;
  address?: string;
  level?: 'pipeline' | 'stage';
  when: string[];
  message?: Record<string, { text: string }>;
}

export interface PipelineConfig {
  /** Server-assigned; kept from an imported Spinnaker document when present. */
  id?: string;
  application: string;
  name: string;
  stages: StageConfig[];
  parameterConfig?: ParameterConfig[];
  triggers?: TriggerConfig[];
  notifications?: NotificationConfig[];
  limitConcurrent?: boolean;
  keepWaitingPipelines?: boolean;
  disabled?: boolean;
  description?: string;
  [field: string]: unknown;
}

/** A stored pipeline with its version bookkeeping. */
export interface StoredPipeline {
  id: string;
  application: string;
  name: string;
  version: number;
  config: PipelineConfig;
  updatedBy: string;
  updatedAt: string;
}

export interface PipelineVersion {
  pipelineId: string;
  version: number;
  config: PipelineConfig;
  changedBy: string;
  changedAt: string;
  /** Why, when the author said so (e.g. "restored version 3"). */
  comment?: string;
}

/** One validation problem, with the JSON path of the bad field (`stages[2].refId`). */
export interface ValidationIssue {
  path: string;
  message: string;
}

/**
 * What pipeline validation needs to know about stage types. The backend's
 * stage registry implements it; the frontend editor can implement it over the
 * list of types the backend reports.
 */
export interface StageTypeLookup {
  has(type: string): boolean;
  /** Type-specific checks of a stage's own fields; paths start with `path`. */
  validate?(type: string, stage: StageConfig, path: string): ValidationIssue[];
}

// The validation rules live next to the types they check (isomorphic: the
// backend validates on save, the editor validates as the user types).
export * from './validation';
