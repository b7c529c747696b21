import { resolveParameters, type Execution, type ExecutionStatus } from '@internal/plugin-cd-common';
import type { ExecutionEngine } from '../ExecutionEngine';
import { deterministicExecutionId } from './ids';
import type { PipelineSource } from './types';

/** Spinnaker's pipeline trigger `status` values for an execution's final status. */
export function triggerStatusOf(status: ExecutionStatus): 'successful' | 'failed' | 'canceled' | undefined {
  if (status === 'SUCCEEDED') return 'successful';
  if (status === 'CANCELED') return 'canceled';
  if (status === 'TERMINAL' || status === 'STOPPED' || status === 'FAILED_CONTINUE') return 'failed';
  return undefined;
}

/**
 * Starts the pipelines whose `pipeline` trigger names a completed
 * execution's pipeline and lists its outcome. Run (at least once) from the
 * engine's FireTriggers message; ids derived from the upstream execution
 * make a repeated run start nothing new.
 */
export function pipelineCompletedTriggers(deps: {
  engine: () => ExecutionEngine;
  pipelines: PipelineSource;
}): (execution: Execution) => Promise<void> {
  return async execution => {
    const outcome = triggerStatusOf(execution.status);
    if (!outcome) return;
    for (const pipeline of await deps.pipelines.listAll()) {
      if (pipeline.config.disabled) continue;
      const trigger = (pipeline.config.triggers ?? []).find(
        t =>
          t.type === 'pipeline' &&
          t.enabled !== false &&
          t.pipeline === execution.pipelineConfigId &&
          (!t.application || t.application === execution.application) &&
          (t.status ?? ['successful']).includes(outcome),
      );
      if (!trigger) continue;
      const { parameters, issues } = resolveParameters(pipeline.config.parameterConfig, {});
      if (issues.length > 0) continue; // required parameters without defaults cannot be satisfied
      await deps.engine().start(
        pipeline,
        {
          type: 'pipeline',
          user: execution.trigger.user,
          parameters,
          parentExecution: { id: execution.id, application: execution.application, name: execution.name, status: execution.status },
          parentPipelineId: execution.pipelineConfigId,
        },
        { executionId: deterministicExecutionId(`pipeline-trigger:${execution.id}:${pipeline.id}`) },
      );
    }
  };
}
