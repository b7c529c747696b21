export { startManual } from './manual';
export { WebhookTriggers } from './webhook';
export type { WebhookTriggerResult } from './webhook';
export { runCronTriggers, nextCronTime } from './cron';
export type { CronRunResult } from './cron';
export { pipelineCompletedTriggers, triggerStatusOf } from './pipelineCompleted';
export { engineChildPipelines } from './childPipelines';
export { deterministicExecutionId } from './ids';
export type { PipelineSource } from './types';
