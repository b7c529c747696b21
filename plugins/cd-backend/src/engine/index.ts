export { ExecutionEngine } from './ExecutionEngine';
export type { ExecutionEngineOptions, ExecutionListener, StartOptions } from './ExecutionEngine';
export { ExecutionRepository, findZombies } from './ExecutionRepository';
export type { ExecutionFilter } from './ExecutionRepository';
export { StageRegistry } from './StageRegistry';
export type { ExpressionEngine } from './expressions';
export type { WorkerOptions } from './Worker';
export * from './triggers';
