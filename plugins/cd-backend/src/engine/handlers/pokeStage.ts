import { runTaskMessage } from '../messages';
import type { MessageHandler } from './types';

/**
 * Runs a waiting stage's current task now instead of at its next re-check
 * (judgment submitted, wait skipped, child pipeline finished). The RunTask
 * id is per task attempt, so this moves the queued re-check, never adds one.
 */
export const pokeStageHandler: MessageHandler = {
  needsState: true,
  async prepare(msg, state) {
    const e = state!.execution;
    const stage = state!.stage(msg.payload.stageId ?? '');
    if (!stage || stage.status !== 'RUNNING' || e.status !== 'RUNNING') return {};
    const index = stage.tasks.findIndex(task => task.status === 'RUNNING');
    if (index < 0) return {};
    return { messages: [runTaskMessage(e.id, stage.id, stage.attempt ?? 1, index)] };
  },
};
