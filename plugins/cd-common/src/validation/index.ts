export { validatePipeline } from './validatePipeline';
export type {
  ExpressionChecker,
  PipelineValidationOptions,
  PipelineValidationResult,
} from './validatePipeline';
export { resolveParameters, parameterConfigIssues } from './parameters';
export type { ResolvedParameters } from './parameters';
export { cronExpressionError } from './cron';
export {
  triggerIssues,
  SUPPORTED_TRIGGER_TYPES,
  PIPELINE_TRIGGER_STATUSES,
} from './triggers';
export { notificationIssues, NOTIFICATION_EVENTS } from './notifications';
export { stageGraphIssues } from './stageGraph';
export { schemaIssues, pipelineSchema, stageSchema } from './pipelineSchema';
export { formatPath, childPath, prefixIssues, describeIssues } from './paths';
export type { PathSegment } from './paths';
