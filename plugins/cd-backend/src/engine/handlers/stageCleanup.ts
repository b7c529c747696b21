import type { StageExecution } from '@internal/plugin-cd-common';
import { startedForCleanup } from '../transitions';
import type { HandlerEnv, MessageHandler, Prepared } from './types';
import type { ExecutionState } from '../ExecutionState';
import type { QueuedMessage } from '../messages';

/**
 * Runs stage types' cleanup hooks: a stage's onCancel when it was stopped
 * because its execution failed, or (`cleanup: 'executionFailure'`) the
 * onExecutionFailure hooks of every started stage once the execution ended
 * TERMINAL or CANCELED.
 */
export const stageCleanupHandler: MessageHandler = {
  needsState: true,
  async prepare(msg, state, env) {
    if (msg.payload.cleanup === 'executionFailure') return executionFailureCleanup(msg, state!, env);
    const stage = state!.stage(msg.payload.stageId ?? '');
    const def = stage && env.registry.get(stage.type);
    if (!stage || !def?.onCancel) return {};
    try {
      await def.onCancel({
        stage,
        execution: state!.execution,
        idempotencyKey: `${stage.id}:${msg.payload.attempt ?? stage.attempt ?? 1}:cancel`,
        logger: env.logger,
      });
    } catch (err) {
      env.logger.warn(`onCancel of stage ${stage.id} (${stage.type}) failed: ${err}`);
    }
    return {};
  },
};

async function executionFailureCleanup(
  _msg: QueuedMessage,
  state: ExecutionState,
  env: HandlerEnv,
): Promise<Prepared> {
  const e = state.execution;
  // Restarted since it failed: its stages own their resources again.
  if (e.status !== 'TERMINAL' && e.status !== 'CANCELED') return {};
  const stages = e.stages
    .filter(s => startedForCleanup(s) && env.registry.get(s.type)?.onExecutionFailure)
    .sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0));
  const outputs = new Map<string, Record<string, unknown>>();
  for (const stage of stages) {
    try {
      const result = await env.registry.get(stage.type)!.onExecutionFailure!({
        stage,
        execution: e,
        idempotencyKey: `${stage.id}:${stage.attempt ?? 1}:executionFailure`,
        logger: env.logger,
      });
      if (result) outputs.set(stage.id, result);
    } catch (err) {
      env.logger.warn(`onExecutionFailure of stage ${stage.id} (${stage.type}) failed: ${err}`);
      outputs.set(stage.id, { cleanupError: String(err instanceof Error ? err.message : err) });
    }
  }
  if (outputs.size === 0) return {};
  return {
    apply: t => {
      for (const [id, extra] of outputs) {
        const stage: StageExecution | undefined = t.state.stage(id);
        if (!stage) continue;
        stage.outputs = { ...stage.outputs, ...extra };
        t.state.touch(stage);
      }
    },
  };
}
