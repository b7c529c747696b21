export { ExecutionGraph } from './ExecutionGraph';
export type { ExecutionGraphProps } from './ExecutionGraph';
export { executionGraphStages, pipelineGraphStages } from './graphStages';
export type { GraphStage } from './graphStages';
export { layoutStages, DEFAULT_LAYOUT } from './layoutStages';
export type {
  LayoutNode,
  LayoutEdge,
  StageLayout,
  LayoutStage,
} from './layoutStages';
