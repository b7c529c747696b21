import type { StageDefinition } from '@internal/plugin-cd-node';
import type { ExecutionStatus, ValidationIssue } from '@internal/plugin-cd-common';

/** How the `pipeline` stage starts and follows child executions (implemented over the engine). */
export interface ChildPipelines {
  /** Starts (idempotently, per `requestKey`) an execution of another pipeline linked to its parent. */
  start(args: {
    application?: string;
    pipelineId: string;
    parameters: Record<string, unknown>;
    parent: { executionId: string; stageId: string; application: string; user: string };
    requestKey: string;
  }): Promise<{ executionId: string; name: string }>;
  status(executionId: string): Promise<ExecutionStatus | undefined>;
  cancel(executionId: string, user: string, reason: string): Promise<void>;
}

/** Re-check of a running child; the child's completion re-runs the check at once. */
const RECHECK_MS = 15_000;

/**
 * `pipeline`: runs another pipeline as a child execution with
 * `pipelineParameters`, and by default waits for it; the parent stage stores
 * the child's id (`executionId`) and the child links back to its parent.
 */
export function pipelineStage(children: ChildPipelines): StageDefinition {
  return {
    type: 'pipeline',
    label: 'Pipeline',
    description: 'Runs another pipeline.',
    validate(stage, path) {
      const issues: ValidationIssue[] = [];
      if (typeof stage.pipeline !== 'string' || !stage.pipeline) {
        issues.push({ path: `${path}.pipeline`, message: 'is required (the id of the pipeline to run)' });
      }
      if (stage.pipelineParameters !== undefined && (typeof stage.pipelineParameters !== 'object' || Array.isArray(stage.pipelineParameters))) {
        issues.push({ path: `${path}.pipelineParameters`, message: 'must be an object' });
      }
      return issues;
    },
    tasks: [
      {
        name: 'startPipeline',
        async run(ctx) {
          const c = ctx.context;
          try {
            const child = await children.start({
              application: typeof c.application === 'string' ? c.application : undefined,
              pipelineId: String(c.pipeline),
              parameters: (c.pipelineParameters ?? {}) as Record<string, unknown>,
              parent: {
                executionId: ctx.execution.id,
                stageId: ctx.stage.id,
                application: ctx.execution.application,
                user: ctx.execution.trigger.user,
              },
              requestKey: ctx.idempotencyKey,
            });
            return {
              status: 'SUCCEEDED',
              context: { executionId: child.executionId, executionName: child.name },
              outputs: { executionId: child.executionId },
            };
          } catch (err) {
            return { status: 'TERMINAL', error: `Could not start pipeline ${String(c.pipeline)}: ${err instanceof Error ? err.message : err}` };
          }
        },
      },
      {
        name: 'monitorPipeline',
        async run(ctx) {
          if (ctx.context.waitForCompletion === false) return { status: 'SUCCEEDED' };
          const id = String(ctx.context.executionId);
          const status = await children.status(id);
          if (!status) return { status: 'TERMINAL', error: `child execution ${id} not found` };
          const context = { status };
          if (status === 'SUCCEEDED') return { status: 'SUCCEEDED', context };
          if (status === 'CANCELED') return { status: 'CANCELED', context, error: `child execution ${id} was canceled` };
          if (['TERMINAL', 'STOPPED', 'FAILED_CONTINUE'].includes(status)) {
            return { status: 'TERMINAL', context, error: `child execution ${id} ended ${status}` };
          }
          return { status: 'RUNNING', context, backoffMs: RECHECK_MS };
        },
      },
    ],
    async onCancel(ctx) {
      const id = ctx.stage.context.executionId;
      if (typeof id === 'string') {
        await children.cancel(id, ctx.execution.canceledBy ?? 'system', `parent execution ${ctx.execution.id} canceled`);
      }
    },
  };
}
