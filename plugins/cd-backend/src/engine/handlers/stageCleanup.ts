import type { MessageHandler } from './types';

/** Runs a stage type's onCancel hook for a stage stopped because its execution failed. */
export const stageCleanupHandler: MessageHandler = {
  needsState: true,
  async prepare(msg, state, env) {
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
