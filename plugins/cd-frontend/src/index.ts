/**
 * Continuous delivery for Backstage: the frontend plugin.
 *
 * @packageDocumentation
 */
export {
  cdPlugin,
  EntityCdContent,
  CdDeploymentsPage,
  EntityCdDoraCard,
} from './plugin';
export {
  CanaryReport,
  CanaryReportChip,
  CanaryReportLink,
} from './components/CanaryReport';
export { CanaryConfigs } from './components/CanaryConfigs';
export { DoraCard, EntityDoraCard, PortalDoraCard } from './components/Dora';
export { AuditLog, EntityAuditLog } from './components/Audit';
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
