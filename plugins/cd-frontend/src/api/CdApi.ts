import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AccountSummary,
  ApplicationClusters,
  AuditPage,
  CanaryConfig,
  DoraMetrics,
  PipelineDiff,
  ServerGroupActionRequest,
  ServerGroupActionResponse,
  StoredCanaryConfig,
  Execution,
  ExecutionPage,
  ExecutionStatus,
  PipelineConfig,
  PipelineVersion,
  ServerGroupDetails,
  StoredPipeline,
  ValidationIssue,
} from '@internal/plugin-cd-common';

/** How a pipeline document is written: parsed JSON, or YAML / JSON text. */
export type PipelineDocument =
  | { format: 'object'; config: PipelineConfig }
  | { format: 'json' | 'yaml'; text: string };

export interface ExecutionQuery {
  application?: string;
  pipelineId?: string;
  /** One or more statuses (sent comma-separated). */
  statuses?: ExecutionStatus[];
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface ValidationResult {
  valid: boolean;
  issues: ValidationIssue[];
}

export interface ImportResult {
  items: Array<{ created: boolean; pipeline: StoredPipeline }>;
  warnings: ValidationIssue[];
}

export interface JudgmentInput {
  judgmentStatus: 'continue' | 'stop';
  /** One of the stage's `judgmentInputs[].value`, when it has any. */
  input?: string;
}

export interface InstanceLogsQuery {
  /** Required by the backend when the pod has several containers. */
  container?: string;
  /** The last N lines (1 to 10000). */
  tailLines?: number;
}

export interface AuditQuery {
  application?: string;
  entityRef?: string;
  action?: string;
  actor?: string;
  limit?: number;
  cursor?: string;
}

export interface DoraQuery {
  /** Neither application nor entityRef: portal-wide. */
  application?: string;
  entityRef?: string;
  days?: number;
}

export type ExpressionResult = { value: unknown } | { error: string };

/** The cd backend's REST API, as the frontend uses it. */
export interface CdApi {
  health(): Promise<{ status: string }>;

  listPipelines(application: string): Promise<StoredPipeline[]>;
  getPipeline(id: string): Promise<StoredPipeline>;
  createPipeline(
    application: string,
    document: PipelineDocument,
    options?: { comment?: string },
  ): Promise<StoredPipeline>;
  /** `expectedVersion` makes a stale edit a 409 instead of overwriting someone's save. */
  updatePipeline(
    id: string,
    document: PipelineDocument,
    options?: { expectedVersion?: number; comment?: string },
  ): Promise<StoredPipeline>;
  deletePipeline(id: string): Promise<void>;
  validatePipeline(document: PipelineDocument): Promise<ValidationResult>;
  listPipelineVersions(id: string): Promise<PipelineVersion[]>;
  getPipelineVersion(id: string, version: number): Promise<PipelineVersion>;
  restorePipelineVersion(id: string, version: number): Promise<StoredPipeline>;
  /** Spinnaker pipeline JSON (one document or an array), pasted as text. */
  importSpinnakerPipelines(
    application: string,
    json: string,
  ): Promise<ImportResult>;
  exportPipeline(id: string, format: 'json' | 'yaml'): Promise<string>;

  listExecutions(query: ExecutionQuery): Promise<ExecutionPage>;
  getExecution(id: string): Promise<Execution>;
  startExecution(
    pipelineId: string,
    parameters: Record<string, unknown>,
  ): Promise<Execution>;
  cancelExecution(id: string, reason?: string): Promise<Execution>;
  pauseExecution(id: string): Promise<Execution>;
  resumeExecution(id: string): Promise<Execution>;
  restartStage(
    id: string,
    stageId: string,
    reason?: string,
  ): Promise<Execution>;
  submitJudgment(
    id: string,
    stageId: string,
    judgment: JudgmentInput,
  ): Promise<Execution>;
  skipWait(id: string, stageId: string): Promise<Execution>;
  evaluateExpression(
    id: string,
    expression: string,
    stageId?: string,
  ): Promise<ExpressionResult>;

  listAccounts(): Promise<AccountSummary[]>;
  getApplicationClusters(application: string): Promise<ApplicationClusters>;
  getServerGroup(
    application: string,
    account: string,
    namespace: string,
    kind: string,
    name: string,
  ): Promise<ServerGroupDetails>;
  /** A pod's log as plain text, read live from its cluster. */
  getInstanceLogs(
    application: string,
    account: string,
    namespace: string,
    pod: string,
    query?: InstanceLogsQuery,
  ): Promise<string>;
  /** Starts a tracked task (an ORCHESTRATION execution) acting on a server group. */
  runServerGroupAction(
    application: string,
    serverGroup: { account: string; namespace: string; kind: string; name: string },
    request: ServerGroupActionRequest,
  ): Promise<ServerGroupActionResponse>;

  /** Each deploy stage's manifests against the live objects (server-side dry-run). */
  diffPipeline(pipelineId: string, parameters: Record<string, unknown>): Promise<PipelineDiff>;

  /** Latest version of each of the application's canary configs. */
  listCanaryConfigs(application: string): Promise<StoredCanaryConfig[]>;
  getCanaryConfig(id: string): Promise<StoredCanaryConfig>;
  /** Also the import path: `config` is Kayenta's CanaryConfig JSON. */
  createCanaryConfig(application: string, config: CanaryConfig): Promise<StoredCanaryConfig>;
  updateCanaryConfig(
    id: string,
    config: CanaryConfig,
    options?: { expectedVersion?: number },
  ): Promise<StoredCanaryConfig>;
  deleteCanaryConfig(id: string): Promise<void>;
  listCanaryConfigVersions(id: string): Promise<StoredCanaryConfig[]>;

  listAudit(query: AuditQuery): Promise<AuditPage>;
  getDoraMetrics(query: DoraQuery): Promise<DoraMetrics>;
}

export const cdApiRef = createApiRef<CdApi>({ id: 'plugin.cd.api' });
