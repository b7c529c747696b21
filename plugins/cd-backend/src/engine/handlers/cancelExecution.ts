import { isComplete } from '@internal/plugin-cd-common';
import { cancelExecution } from '../transitions';
import { isActive } from '../statusRules';
import type { MessageHandler } from './types';

/**
 * Applies a cancel: first each running stage type's cleanup hook (e.g. a
 * webhook's cancel endpoint), then the running stages and the execution
 * become CANCELED in one commit.
 */
export const cancelExecutionHandler: MessageHandler = {
  needsState: true,
  async prepare(msg, state, env) {
    const e = state!.execution;
    if (isComplete(e.status)) return {};
    env.aborts.abort(e.id);
    for (const stage of e.stages) {
      if (!isActive(stage.status)) continue;
      const def = env.registry.get(stage.type);
      if (!def?.onCancel) continue;
      try {
        await def.onCancel({
          stage,
          execution: e,
          idempotencyKey: `${stage.id}:${stage.attempt ?? 1}:cancel`,
          logger: env.logger,
        });
      } catch (err) {
        // Cleanup is best effort: the cancel itself must not be blocked by it.
        env.logger.warn(`onCancel of stage ${stage.id} (${stage.type}) failed: ${err}`);
      }
    }
    return {
      apply: t => cancelExecution(t, { user: msg.payload.user, reason: msg.payload.reason }, true),
    };
  },
};
