import type { StoredPipeline } from '@internal/plugin-cd-common';

/** The part of the pipeline store (src/pipelines) the engine's triggers use. */
export interface PipelineSource {
  get(id: string): Promise<StoredPipeline | undefined>;
  listAll(): Promise<StoredPipeline[]>;
}
