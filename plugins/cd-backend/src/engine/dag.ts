import { isComplete, isSuccessful, StageExecution } from '@internal/plugin-cd-common';

/**
 * The stage graph: top-level stages linked by refId/requisiteStageRefIds,
 * and synthetic children chained in order under their parent.
 */

type Stage = Pick<
  StageExecution,
  'id' | 'refId' | 'requisiteStageRefIds' | 'status' | 'parentStageId' | 'syntheticStageOwner'
>;

/** Stages sharing a level: the top level, or one parent's before/after children. */
export function siblingsOf<S extends Stage>(stage: S, stages: readonly S[]): S[] {
  return stages.filter(
    s =>
      s.parentStageId === stage.parentStageId &&
      s.syntheticStageOwner === stage.syntheticStageOwner,
  );
}

export function topLevelStages<S extends Stage>(stages: readonly S[]): S[] {
  return stages.filter(s => !s.parentStageId);
}

export function childrenOf<S extends Stage>(
  parentId: string,
  owner: 'STAGE_BEFORE' | 'STAGE_AFTER',
  stages: readonly S[],
): S[] {
  return stages.filter(s => s.parentStageId === parentId && s.syntheticStageOwner === owner);
}

/** Stages of a level with no requisites: where that level starts. */
export function initialStages<S extends Stage>(level: readonly S[]): S[] {
  return level.filter(s => s.status === 'NOT_STARTED' && s.requisiteStageRefIds.length === 0);
}

/** Whether every requisite of the stage (within its level) has completed successfully. */
export function requisitesSatisfied<S extends Stage>(stage: S, level: readonly S[]): boolean {
  return stage.requisiteStageRefIds.every(ref => {
    const r = level.find(s => s.refId === ref);
    return r !== undefined && isSuccessful(r.status);
  });
}

/** Whether every requisite has completed (successfully or not). */
export function requisitesComplete<S extends Stage>(stage: S, level: readonly S[]): boolean {
  return stage.requisiteStageRefIds.every(ref => {
    const r = level.find(s => s.refId === ref);
    return r !== undefined && isComplete(r.status);
  });
}

/** NOT_STARTED stages directly downstream of `stage` whose requisites are all satisfied. */
export function startableDownstream<S extends Stage>(stage: S, level: readonly S[]): S[] {
  return level.filter(
    s =>
      s.status === 'NOT_STARTED' &&
      s.requisiteStageRefIds.includes(stage.refId) &&
      requisitesSatisfied(s, level),
  );
}

/** NOT_STARTED stages of a level that could start now. */
export function startableStages<S extends Stage>(level: readonly S[]): S[] {
  return level.filter(s => s.status === 'NOT_STARTED' && requisitesSatisfied(s, level));
}

/** The stage and everything transitively downstream of it (for restarts). */
export function withAllDownstream<S extends Stage>(stage: S, level: readonly S[]): S[] {
  const result = new Map<string, S>([[stage.refId, stage]]);
  const queue = [stage.refId];
  while (queue.length > 0) {
    const ref = queue.shift()!;
    for (const s of level) {
      if (!result.has(s.refId) && s.requisiteStageRefIds.includes(ref)) {
        result.set(s.refId, s);
        queue.push(s.refId);
      }
    }
  }
  return [...result.values()];
}

/** All synthetic descendants of a stage (children, grandchildren…). */
export function descendantsOf<S extends Stage>(stageId: string, stages: readonly S[]): S[] {
  const out: S[] = [];
  const queue = [stageId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const s of stages) {
      if (s.parentStageId === id) {
        out.push(s);
        queue.push(s.id);
      }
    }
  }
  return out;
}
