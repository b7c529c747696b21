import { createApiRef } from '@backstage/core-plugin-api';
import type {
  Execution,
  PipelineConfig,
  StoredPipeline,
} from '@internal/plugin-cd-common';

/** The cd backend's REST API, as the frontend uses it. */
export interface CdApi {
  health(): Promise<{ status: string }>;
  listPipelines(application: string): Promise<StoredPipeline[]>;
  savePipeline(application: string, config: PipelineConfig): Promise<StoredPipeline>;
  listExecutions(query: {
    application?: string;
    pipelineId?: string;
    status?: string;
    limit?: number;
  }): Promise<{ items: Execution[]; nextCursor?: string }>;
  getExecution(id: string): Promise<Execution>;
  startExecution(
    pipelineId: string,
    parameters: Record<string, unknown>,
  ): Promise<Execution>;
}

export const cdApiRef = createApiRef<CdApi>({ id: 'plugin.cd.api' });
