import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  Execution,
  PipelineConfig,
  StoredPipeline,
} from '@internal/plugin-cd-common';
import type { CdApi } from './CdApi';

/** Talks to `/api/cd` with the signed-in user's token (fetchApi adds it). */
export class CdClient implements CdApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  health() {
    return this.request<{ status: string }>('GET', '/health');
  }

  async listPipelines(application: string) {
    const { items } = await this.request<{ items: StoredPipeline[] }>(
      'GET',
      `/applications/${encodeURIComponent(application)}/pipelines`,
    );
    return items;
  }

  savePipeline(application: string, config: PipelineConfig) {
    return this.request<StoredPipeline>(
      'POST',
      `/applications/${encodeURIComponent(application)}/pipelines`,
      config,
    );
  }

  listExecutions(query: {
    application?: string;
    pipelineId?: string;
    status?: string;
    limit?: number;
  }) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined) params.set(k, String(v));
    }
    return this.request<{ items: Execution[]; nextCursor?: string }>(
      'GET',
      `/executions?${params}`,
    );
  }

  getExecution(id: string) {
    return this.request<Execution>('GET', `/executions/${encodeURIComponent(id)}`);
  }

  startExecution(pipelineId: string, parameters: Record<string, unknown>) {
    return this.request<Execution>(
      'POST',
      `/pipelines/${encodeURIComponent(pipelineId)}/executions`,
      { parameters },
    );
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('cd');
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
