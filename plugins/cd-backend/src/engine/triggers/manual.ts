import { ConflictError, NotFoundError } from '@backstage/errors';
import { resolveParameters, type Execution } from '@internal/plugin-cd-common';
import type { ExecutionEngine } from '../ExecutionEngine';
import { PipelineValidationError } from '../../pipelines/errors';
import type { PipelineSource } from './types';

/** Starts a pipeline by hand, with parameters checked against its parameterConfig. */
export async function startManual(
  deps: { engine: ExecutionEngine; pipelines: PipelineSource },
  pipelineId: string,
  request: { parameters?: Record<string, unknown>; artifacts?: unknown[] },
  user: string,
): Promise<Execution> {
  const pipeline = await deps.pipelines.get(pipelineId);
  if (!pipeline) throw new NotFoundError(`pipeline ${pipelineId} not found`);
  if (pipeline.config.disabled) throw new ConflictError(`pipeline ${pipelineId} is disabled`);
  const { parameters, issues } = resolveParameters(pipeline.config.parameterConfig, request.parameters ?? {});
  // 400 with each bad field's path (`parameters.version`).
  if (issues.length > 0) throw new PipelineValidationError(issues, 'invalid parameters');
  return deps.engine.start(pipeline, {
    type: 'manual',
    user,
    parameters,
    ...(request.artifacts ? { artifacts: request.artifacts } : {}),
  });
}
