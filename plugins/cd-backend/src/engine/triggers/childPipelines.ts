import { InputError, NotFoundError } from '@backstage/errors';
import { resolveParameters } from '@internal/plugin-cd-common';
import type { ChildPipelines } from '../../stages/pipeline';
import type { ExecutionEngine } from '../ExecutionEngine';
import { deterministicExecutionId } from './ids';
import type { PipelineSource } from './types';

/** The `pipeline` stage's access to the engine: child executions linked to their parent. */
export function engineChildPipelines(deps: { engine: () => ExecutionEngine; pipelines: PipelineSource }): ChildPipelines {
  return {
    async start(args) {
      const pipeline = await deps.pipelines.get(args.pipelineId);
      if (!pipeline) throw new NotFoundError(`pipeline ${args.pipelineId} not found`);
      if (args.application && pipeline.application !== args.application) {
        throw new InputError(`pipeline ${args.pipelineId} belongs to ${pipeline.application}, not ${args.application}`);
      }
      const { parameters, issues } = resolveParameters(pipeline.config.parameterConfig, args.parameters);
      if (issues.length > 0) throw new InputError(issues.map(i => `${i.path} ${i.message}`).join('; '));
      const execution = await deps.engine().start(
        pipeline,
        {
          type: 'pipeline',
          user: args.parent.user,
          parameters,
          parentExecution: { id: args.parent.executionId, application: args.parent.application, stageId: args.parent.stageId },
        },
        {
          executionId: deterministicExecutionId(`child:${args.requestKey}`),
          parentExecution: { executionId: args.parent.executionId, stageId: args.parent.stageId },
        },
      );
      return { executionId: execution.id, name: execution.name };
    },
    status: id => deps.engine().statusOf(id),
    async cancel(id, user, reason) {
      try {
        await deps.engine().cancel(id, user, reason);
      } catch {
        // already complete: nothing to cancel
      }
    },
  };
}
