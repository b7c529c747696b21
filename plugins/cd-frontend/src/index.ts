/**
 * Continuous delivery for Backstage: the frontend plugin.
 *
 * @packageDocumentation
 */
export { cdPlugin, EntityCdContent, CdDeploymentsPage } from './plugin';
export { cdApiRef, CdClient, issuesOf, errorMessage, isConflict } from './api';
export type {
  CdApi,
  ExecutionQuery,
  ExpressionResult,
  ImportResult,
  JudgmentInput,
  PipelineDocument,
  ValidationResult,
} from './api';
export { isCdAvailable, getCdApplication } from '@internal/plugin-cd-common';
export { layoutStages } from './components/ExecutionGraph';
export type {
  StageLayout,
  LayoutNode,
  LayoutEdge,
  LayoutStage,
} from './components/ExecutionGraph';
