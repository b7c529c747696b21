/*
 * What a deploy would change, before it runs: each manifest of a pipeline's
 * deploy stages against the live object, through a server-side dry-run apply.
 *
 * POST /pipelines/:id/diff  body: { parameters?: Record<string, unknown> }
 *   → PipelineDiff
 */

export interface ManifestDiff {
  stageRefId: string;
  stageName: string;
  account: string;
  namespace: string;
  kind: string;
  /** The name the object would get (with its -vNNN version when versioned). */
  name: string;
  /** create: nothing lives under that name; update: it changes; unchanged: the apply would be a no-op. */
  action: 'create' | 'update' | 'unchanged' | 'error';
  /** Unified diff of the live object's YAML against the dry-run result (server-managed fields stripped). */
  diff: string;
  /** Why the dry-run failed (action: error), e.g. a 422 naming the field. */
  error?: string;
}

export interface PipelineDiff {
  pipelineId: string;
  manifests: ManifestDiff[];
  /** Stages whose manifests could not be evaluated yet (they depend on earlier stages' outputs). */
  skipped: Array<{ stageRefId: string; reason: string }>;
}
