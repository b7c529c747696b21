import { message } from '../messages';
import type { MessageHandler } from './types';

/** After a limitConcurrent execution ends, starts the oldest execution waiting behind it. */
export const startWaitingHandler: MessageHandler = {
  needsState: false,
  async prepare(msg, _state, env) {
    const pipelineConfigId = msg.payload.pipelineConfigId;
    if (!pipelineConfigId) return {};
    const [next] = await env.repository.findByPipeline(pipelineConfigId, ['BUFFERED', 'NOT_STARTED']);
    if (!next) return {};
    return { messages: [{ ...message('StartExecution', next.id), id: `StartExecution:${next.id}` }] };
  },
};
