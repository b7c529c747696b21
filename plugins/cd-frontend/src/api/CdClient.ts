import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
  PipelineVersion,
  ServerGroupDetails,
  StoredPipeline,
} from '@internal/plugin-cd-common';
import type {
  AuditQuery,
  CdApi,
  DoraQuery,
  ExecutionQuery,
  ExpressionResult,
  ImportResult,
  InstanceLogsQuery,
  JudgmentInput,
  PipelineDocument,
  ValidationResult,
} from './CdApi';

interface RequestOptions {
  /** A JSON value, or raw text with its content type. */
  body?: unknown;
  text?: { content: string; contentType: string };
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
}

const enc = encodeURIComponent;

/** Talks to `/api/cd` with the signed-in user's token (fetchApi adds it). */
export class CdClient implements CdApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  health() {
    return this.json<{ status: string }>('GET', '/health');
  }

  async listPipelines(application: string) {
    const { items } = await this.json<{ items: StoredPipeline[] }>(
      'GET',
      `/applications/${enc(application)}/pipelines`,
    );
    return items;
  }

  getPipeline(id: string) {
    return this.json<StoredPipeline>('GET', `/pipelines/${enc(id)}`);
  }

  createPipeline(
    application: string,
    document: PipelineDocument,
    options: { comment?: string } = {},
  ) {
    return this.json<StoredPipeline>(
      'POST',
      `/applications/${enc(application)}/pipelines`,
      { ...documentBody(document), query: { comment: options.comment } },
    );
  }

  updatePipeline(
    id: string,
    document: PipelineDocument,
    options: { expectedVersion?: number; comment?: string } = {},
  ) {
    return this.json<StoredPipeline>('PUT', `/pipelines/${enc(id)}`, {
      ...documentBody(document),
      query: { comment: options.comment },
      headers:
        options.expectedVersion === undefined
          ? undefined
          : { 'If-Match': `"${options.expectedVersion}"` },
    });
  }

  async deletePipeline(id: string) {
    await this.send('DELETE', `/pipelines/${enc(id)}`);
  }

  validatePipeline(document: PipelineDocument) {
    return this.json<ValidationResult>(
      'POST',
      '/pipelines/validate',
      documentBody(document),
    );
  }

  async listPipelineVersions(id: string) {
    const { items } = await this.json<{ items: PipelineVersion[] }>(
      'GET',
      `/pipelines/${enc(id)}/versions`,
    );
    return items;
  }

  getPipelineVersion(id: string, version: number) {
    return this.json<PipelineVersion>(
      'GET',
      `/pipelines/${enc(id)}/versions/${version}`,
    );
  }

  restorePipelineVersion(id: string, version: number) {
    return this.json<StoredPipeline>(
      'POST',
      `/pipelines/${enc(id)}/versions/${version}/restore`,
    );
  }

  importSpinnakerPipelines(application: string, json: string) {
    return this.json<ImportResult>(
      'POST',
      `/applications/${enc(application)}/pipelines/import`,
      { text: { content: json, contentType: 'application/json' } },
    );
  }

  async exportPipeline(id: string, format: 'json' | 'yaml') {
    const response = await this.send('GET', `/pipelines/${enc(id)}/export`, {
      query: { format },
    });
    return response.text();
  }

  listExecutions(query: ExecutionQuery) {
    return this.json<ExecutionPage>('GET', '/executions', {
      query: {
        application: query.application,
        pipelineId: query.pipelineId,
        status: query.statuses?.length ? query.statuses.join(',') : undefined,
        limit: query.limit,
        cursor: query.cursor,
      },
    });
  }

  getExecution(id: string) {
    return this.json<Execution>('GET', `/executions/${enc(id)}`);
  }

  startExecution(pipelineId: string, parameters: Record<string, unknown>) {
    return this.json<Execution>(
      'POST',
      `/pipelines/${enc(pipelineId)}/executions`,
      {
        body: { parameters },
      },
    );
  }

  cancelExecution(id: string, reason?: string) {
    return this.json<Execution>('POST', `/executions/${enc(id)}/cancel`, {
      body: reason ? { reason } : {},
    });
  }

  pauseExecution(id: string) {
    return this.json<Execution>('POST', `/executions/${enc(id)}/pause`, {
      body: {},
    });
  }

  resumeExecution(id: string) {
    return this.json<Execution>('POST', `/executions/${enc(id)}/resume`, {
      body: {},
    });
  }

  restartStage(id: string, stageId: string, reason?: string) {
    return this.json<Execution>(
      'POST',
      `/executions/${enc(id)}/stages/${enc(stageId)}/restart`,
      { body: reason ? { reason } : {} },
    );
  }

  submitJudgment(id: string, stageId: string, judgment: JudgmentInput) {
    return this.json<Execution>(
      'POST',
      `/executions/${enc(id)}/stages/${enc(stageId)}/judgment`,
      { body: judgment },
    );
  }

  skipWait(id: string, stageId: string) {
    return this.json<Execution>(
      'POST',
      `/executions/${enc(id)}/stages/${enc(stageId)}/skip-wait`,
      { body: {} },
    );
  }

  evaluateExpression(id: string, expression: string, stageId?: string) {
    return this.json<ExpressionResult>(
      'POST',
      `/executions/${enc(id)}/evaluate-expression`,
      { body: stageId ? { expression, stageId } : { expression } },
    );
  }

  async listAccounts() {
    const { items } = await this.json<{ items: AccountSummary[] }>(
      'GET',
      '/accounts',
    );
    return items;
  }

  getApplicationClusters(application: string) {
    return this.json<ApplicationClusters>(
      'GET',
      `/applications/${enc(application)}/clusters`,
    );
  }

  getServerGroup(
    application: string,
    account: string,
    namespace: string,
    kind: string,
    name: string,
  ) {
    return this.json<ServerGroupDetails>(
      'GET',
      `/applications/${enc(application)}/serverGroups/${enc(account)}/${enc(
        namespace,
      )}/${enc(kind)}/${enc(name)}`,
    );
  }

  async getInstanceLogs(
    application: string,
    account: string,
    namespace: string,
    pod: string,
    query: InstanceLogsQuery = {},
  ) {
    const response = await this.send(
      'GET',
      `/applications/${enc(application)}/instances/${enc(account)}/${enc(
        namespace,
      )}/${enc(pod)}/logs`,
      { query: { container: query.container, tailLines: query.tailLines } },
    );
    return response.text();
  }

  runServerGroupAction(
    application: string,
    serverGroup: { account: string; namespace: string; kind: string; name: string },
    request: ServerGroupActionRequest,
  ) {
    const { account, namespace, kind, name } = serverGroup;
    return this.json<ServerGroupActionResponse>(
      'POST',
      `/applications/${enc(application)}/serverGroups/${enc(account)}/${enc(
        namespace,
      )}/${enc(kind)}/${enc(name)}/actions`,
      { body: request },
    );
  }

  diffPipeline(pipelineId: string, parameters: Record<string, unknown>) {
    return this.json<PipelineDiff>('POST', `/pipelines/${enc(pipelineId)}/diff`, {
      body: { parameters },
    });
  }

  listCanaryConfigs(application: string) {
    return this.json<StoredCanaryConfig[]>(
      'GET',
      `/applications/${enc(application)}/canaryConfigs`,
    );
  }

  getCanaryConfig(id: string) {
    return this.json<StoredCanaryConfig>('GET', `/canaryConfigs/${enc(id)}`);
  }

  createCanaryConfig(application: string, config: CanaryConfig) {
    return this.json<StoredCanaryConfig>(
      'POST',
      `/applications/${enc(application)}/canaryConfigs`,
      { body: { config } },
    );
  }

  updateCanaryConfig(
    id: string,
    config: CanaryConfig,
    options: { expectedVersion?: number } = {},
  ) {
    return this.json<StoredCanaryConfig>('PUT', `/canaryConfigs/${enc(id)}`, {
      body: { config, expectedVersion: options.expectedVersion },
    });
  }

  async deleteCanaryConfig(id: string) {
    await this.send('DELETE', `/canaryConfigs/${enc(id)}`);
  }

  listCanaryConfigVersions(id: string) {
    return this.json<StoredCanaryConfig[]>(
      'GET',
      `/canaryConfigs/${enc(id)}/versions`,
    );
  }

  listAudit(query: AuditQuery) {
    return this.json<AuditPage>('GET', '/audit', { query: { ...query } });
  }

  getDoraMetrics(query: DoraQuery) {
    return this.json<DoraMetrics>('GET', '/dora', { query: { ...query } });
  }

  private async json<T>(
    method: string,
    path: string,
    options?: RequestOptions,
  ): Promise<T> {
    const response = await this.send(method, path, options);
    return (await response.json()) as T;
  }

  /** Throws ResponseError on non-2xx; its `body.issues` holds the backend's validation issues. */
  private async send(
    method: string,
    path: string,
    options: RequestOptions = {},
  ) {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('cd');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const search = params.toString() ? `?${params}` : '';
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.text) {
      headers['Content-Type'] = options.text.contentType;
      body = options.text.content;
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await this.deps.fetchApi.fetch(
      `${baseUrl}${path}${search}`,
      {
        method,
        headers,
        body,
      },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }
}

function documentBody(document: PipelineDocument): RequestOptions {
  switch (document.format) {
    case 'object':
      return { body: document.config };
    case 'json':
      return {
        text: { content: document.text, contentType: 'application/json' },
      };
    default:
      return {
        text: { content: document.text, contentType: 'application/yaml' },
      };
  }
}
