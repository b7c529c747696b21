import type { StageDefinition } from '@internal/plugin-cd-node';
import { requireNumberOrExpression } from './validation';

/**
 * `wait`: waits `waitTime` seconds (paused time excluded), or until someone
 * skips the remaining wait. It is re-checked by a delayed message at the end
 * of the wait, so a restart of the backend continues the wait.
 */
export function waitStage(): StageDefinition {
  return {
    type: 'wait',
    label: 'Wait',
    description: 'Waits a number of seconds.',
    validate: (stage, path) => requireNumberOrExpression(stage, 'waitTime', path, { required: true, min: 0 }),
    tasks: [
      {
        name: 'wait',
        async run(ctx) {
          if (ctx.context.skipRemainingWait === true) return { status: 'SUCCEEDED' };
          const seconds = Number(ctx.context.waitTime);
          if (!Number.isFinite(seconds) || seconds < 0) {
            return { status: 'TERMINAL', error: `waitTime must be a number of seconds, got ${JSON.stringify(ctx.context.waitTime)}` };
          }
          const remaining = seconds * 1000 - ctx.elapsedMs;
          if (remaining <= 0) return { status: 'SUCCEEDED' };
          return { status: 'RUNNING', backoffMs: remaining };
        },
      },
    ],
  };
}
