import type { MessageHandler } from './types';

/**
 * Starts the pipelines whose pipeline trigger follows a completed execution.
 * Triggered executions get ids derived from the upstream execution, so a
 * redelivered message does not start them twice.
 */
export const fireTriggersHandler: MessageHandler = {
  needsState: true,
  async prepare(_msg, state, env) {
    if (env.onExecutionComplete) await env.onExecutionComplete(state!.execution);
    return {};
  },
};
