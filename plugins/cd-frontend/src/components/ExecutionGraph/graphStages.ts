import type {
  Execution,
  ExecutionStatus,
  PipelineConfig,
} from '@internal/plugin-cd-common';
import type { LayoutStage } from './layoutStages';

/** A box of the graph: a top-level stage of an execution, or a stage of a definition. */
export interface GraphStage extends LayoutStage {
  name: string;
  type: string;
  status?: ExecutionStatus;
  startTime?: number;
  endTime?: number;
}

/** Top-level stages only: synthetic (before/after) stages belong to their parent's details. */
export function executionGraphStages(
  execution: Pick<Execution, 'stages'>,
): GraphStage[] {
  return execution.stages
    .filter(s => !s.parentStageId)
    .map(s => ({
      id: s.id,
      refId: s.refId,
      requisiteStageRefIds: s.requisiteStageRefIds,
      name: s.name,
      type: s.type,
      status: s.status,
      startTime: s.startTime,
      endTime: s.endTime,
    }));
}

/** A pipeline definition's stages, identified by refId. */
export function pipelineGraphStages(
  config: Pick<PipelineConfig, 'stages'>,
): GraphStage[] {
  return config.stages.map(s => ({
    id: s.refId,
    refId: s.refId,
    requisiteStageRefIds: s.requisiteStageRefIds ?? [],
    name: s.name ?? s.type,
    type: s.type,
  }));
}
