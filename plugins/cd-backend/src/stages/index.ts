import type { StageDefinition } from '@internal/plugin-cd-node';
import { checkPreconditionsStage, expressionPrecondition, PreconditionType } from './checkPreconditions';
import { evaluateVariablesStage } from './evaluateVariables';
import { manualJudgmentStage } from './manualJudgment';
import { ChildPipelines, pipelineStage } from './pipeline';
import { waitStage } from './wait';
import { webhookStage, WebhookStageOptions } from './webhook';

export interface GenericStagesOptions {
  webhook: WebhookStageOptions;
  childPipelines: ChildPipelines;
  /** Extra precondition types (e.g. clusterSize from the Kubernetes provider). */
  preconditionTypes?: PreconditionType[];
}

/** The stage types that need no cloud provider. */
export function genericStages(options: GenericStagesOptions): StageDefinition[] {
  return [
    waitStage(),
    manualJudgmentStage(),
    checkPreconditionsStage([expressionPrecondition, ...(options.preconditionTypes ?? [])]),
    evaluateVariablesStage(),
    webhookStage(options.webhook),
    pipelineStage(options.childPipelines),
  ];
}

export type { ChildPipelines } from './pipeline';
export type { JudgmentAuthorizer } from './manualJudgment';
export type { PreconditionConfig, PreconditionType } from './checkPreconditions';
export type { WebhookStageOptions } from './webhook';
export { checkPreconditionsStage, expressionPrecondition } from './checkPreconditions';
export { evaluateVariablesStage } from './evaluateVariables';
export { manualJudgmentStage } from './manualJudgment';
export { pipelineStage } from './pipeline';
export { waitStage } from './wait';
export { webhookStage } from './webhook';
