import { isComplete } from '@internal/plugin-cd-common';
import { message } from '../messages';
import { bufferExecution, cancelExecution, startExecution } from '../transitions';
import type { MessageHandler } from './types';

/**
 * Starts an execution, or buffers it behind a running execution of the same
 * pipeline when the pipeline has `limitConcurrent`. With
 * `keepWaitingPipelines: false`, older waiting executions are canceled so
 * only the newest waits.
 */
export const startExecutionHandler: MessageHandler = {
  needsState: true,
  serializeBy: state =>
    state?.execution.pipelineConfig.limitConcurrent ? `pipeline:${state.execution.pipelineConfigId}` : undefined,
  async prepare(_msg, state, env) {
    const e = state!.execution;
    if (isComplete(e.status) || e.status === 'RUNNING' || e.status === 'PAUSED') return {};
    if (e.canceled) return { apply: t => cancelExecution(t, {}) };
    if (!e.pipelineConfig.limitConcurrent) return { apply: startExecution };

    const active = (await env.repository.findByPipeline(e.pipelineConfigId, ['RUNNING', 'PAUSED', 'SUSPENDED']))
      .filter(x => x.id !== e.id);
    const waiting = (await env.repository.findByPipeline(e.pipelineConfigId, ['NOT_STARTED', 'BUFFERED']))
      .filter(x => x.id !== e.id);
    const isOlder = (x: { buildTime: number; id: string }) =>
      x.buildTime < e.buildTime || (x.buildTime === e.buildTime && x.id < e.id);
    const older = waiting.filter(isOlder);
    const keepWaiting = e.pipelineConfig.keepWaitingPipelines === true;
    const supersede = keepWaiting
      ? []
      : older.map(x =>
          message('CancelExecution', x.id, {
            user: 'system',
            reason: `superseded by newer execution ${e.id} (keepWaitingPipelines is false)`,
          }),
        );
    const mustWait = active.length > 0 || (keepWaiting && older.length > 0);
    return {
      apply: t => (mustWait ? bufferExecution(t) : startExecution(t)),
      messages: supersede,
    };
  },
};
