export { DatabasePipelineStore } from './PipelineStore';
export type {
  PipelineStore,
  SavedPipeline,
  UpdateOptions,
} from './PipelineStore';
export {
  assertValidPipeline,
  parsePipelineDocument,
  validatePipelineConfig,
} from './validatePipeline';
export type { StageTypeLookup } from './validatePipeline';
export { resolveParameters } from './parameters';
export type { ResolvedParameters } from './parameters';
export { importSpinnakerPipelines } from './spinnakerImport';
export type { SpinnakerImportResult } from './spinnakerImport';
export { PipelineValidationError, isPipelineValidationError } from './errors';
