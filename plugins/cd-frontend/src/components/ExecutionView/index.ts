export { ExecutionView } from './ExecutionView';
export { useExecution } from './useExecution';
export type { ExecutionState } from './useExecution';
