import { randomUUID } from 'crypto';
import {
  ExecutionStatus,
  isComplete,
  isHalt,
  isSuccessful,
  StageConfig,
  StageExecution,
  SyntheticStageOwner,
} from '@internal/plugin-cd-common';
import type { TaskResult } from '@internal/plugin-cd-node';
import {
  childrenOf,
  descendantsOf,
  initialStages,
  requisitesSatisfied,
  siblingsOf,
  startableDownstream,
  startableStages,
  topLevelStages,
} from './dag';
import { evaluateCondition, expressionContext, summaryErrors } from './expressions';
import { message, runTaskMessage } from './messages';
import {
  failureStatus,
  finalExecutionStatus,
  haltsExecution,
  isActive,
  parentStatusForChild,
  stageStatusForTaskResult,
} from './statusRules';
import type { Transition } from './Transition';

/**
 * The state machine of executions and stages (Orca's handlers), as
 * synchronous functions over an in-memory execution. Transitions that need
 * no I/O chain into each other here, so that one commit carries, e.g., a
 * task's result, its stage's completion and the start of the next stage.
 */

/** Re-check interval of executions waiting under limitConcurrent (a safety net; completion starts them at once). */
export const BUFFERED_RECHECK_MS = 30_000;

/** The stage config fields that are not part of a stage's context. */
export function contextFromConfig(config: StageConfig): Record<string, unknown> {
  const { refId: _r, requisiteStageRefIds: _q, type: _t, name: _n, ...context } = config;
  return structuredClone(context);
}

export function newStage(
  config: StageConfig,
  links: { parentStageId?: string; syntheticStageOwner?: SyntheticStageOwner } = {},
): StageExecution {
  return {
    id: randomUUID(),
    refId: String(config.refId),
    type: config.type,
    name: config.name ?? config.type,
    status: 'NOT_STARTED',
    requisiteStageRefIds: (config.requisiteStageRefIds ?? []).map(String),
    context: contextFromConfig(config),
    outputs: {},
    tasks: [],
    attempt: 1,
    ...(links.parentStageId ? links : {}),
  };
}

// ---------------------------------------------------------------- execution

export function startExecution(t: Transition) {
  const e = t.execution;
  if (e.status !== 'NOT_STARTED' && e.status !== 'BUFFERED') return;
  if (e.canceled) {
    cancelExecution(t, {});
    return;
  }
  e.status = 'RUNNING';
  e.startTime = t.now;
  t.state.touchExecution();
  t.emit('pipeline.starting');
  const initial = initialStages(topLevelStages(t.state.stages));
  if (initial.length === 0) {
    completeExecution(t);
    return;
  }
  for (const s of initial) startStage(t, s);
}

/** Waits (BUFFERED) behind a running execution of the same limitConcurrent pipeline. */
export function bufferExecution(t: Transition) {
  const e = t.execution;
  if (e.status !== 'BUFFERED') {
    e.status = 'BUFFERED';
    t.state.touchExecution();
  }
  t.send({
    ...message('StartExecution', e.id, {}, t.now + BUFFERED_RECHECK_MS),
    id: `StartExecution:${e.id}`,
  });
}

/** Completes the execution when nothing runs and nothing can start. */
export function maybeCompleteExecution(t: Transition) {
  if (t.execution.status !== 'RUNNING') return;
  const top = topLevelStages(t.state.stages);
  if (top.some(s => isActive(s.status))) return;
  if (startableStages(top).length > 0) return;
  completeExecution(t);
}

export function completeExecution(t: Transition, options: { cleanupDone?: boolean } = {}) {
  const e = t.execution;
  if (isComplete(e.status)) return;
  // A failing branch (or a cancel) stops everything still running.
  for (const s of t.state.stages) {
    if (!isActive(s.status)) continue;
    markStage(t, s, 'CANCELED');
    if (!options.cleanupDone && t.env.registry.get(s.type)?.onCancel) {
      t.send(message('StageCleanup', e.id, { stageId: s.id, attempt: s.attempt ?? 1 }));
    }
  }
  e.status = finalExecutionStatus(t.state.stages, e.canceled === true);
  if (
    (e.status === 'TERMINAL' || e.status === 'CANCELED') &&
    t.state.stages.some(s => startedForCleanup(s) && t.env.registry.get(s.type)?.onExecutionFailure)
  ) {
    t.send(message('StageCleanup', e.id, { cleanup: 'executionFailure' }));
  }
  e.endTime = t.now;
  if (!e.startTime) e.startTime = t.now;
  t.state.touchExecution();
  t.emit(e.status === 'SUCCEEDED' ? 'pipeline.complete' : 'pipeline.failed');
  afterExecutionComplete(t);
}

/** Stages whose onExecutionFailure hook runs: those that began doing something. */
export function startedForCleanup(stage: StageExecution): boolean {
  return stage.startTime !== undefined && stage.status !== 'SKIPPED' && stage.status !== 'NOT_STARTED';
}

function afterExecutionComplete(t: Transition) {
  const e = t.execution;
  t.send(message('FireTriggers', e.id));
  if (e.pipelineConfig.limitConcurrent) {
    t.send(message('StartWaiting', e.id, { pipelineConfigId: e.pipelineConfigId }));
  }
  if (e.parentExecution) {
    t.send(message('PokeStage', e.parentExecution.executionId, { stageId: e.parentExecution.stageId }));
  }
}

export function cancelExecution(t: Transition, request: { user?: string; reason?: string }, cleanupDone = false) {
  const e = t.execution;
  if (isComplete(e.status)) return;
  if (!e.canceled) {
    e.canceled = true;
    e.canceledBy = request.user ?? 'system';
    e.cancellationReason = request.reason;
  }
  t.state.touchExecution();
  completeExecution(t, { cleanupDone });
}

/** Schedules whatever a RUNNING execution needs: used after resume and restart. */
export function reconcile(t: Transition) {
  const e = t.execution;
  if (e.status !== 'RUNNING') return;
  if (e.canceled) {
    cancelExecution(t, {});
    return;
  }
  for (const s of [...t.state.stages]) {
    if (s.status !== 'RUNNING') continue;
    const index = s.tasks.findIndex(task => task.status === 'RUNNING');
    if (index >= 0) t.send(runTaskMessage(e.id, s.id, s.attempt ?? 1, index));
    for (const owner of ['STAGE_BEFORE', 'STAGE_AFTER'] as const) {
      for (const c of startableStages(childrenOf(s.id, owner, t.state.stages))) startStage(t, c);
    }
  }
  for (const s of startableStages(topLevelStages(t.state.stages))) startStage(t, s);
  maybeCompleteExecution(t);
}

// -------------------------------------------------------------------- stages

export function startStage(t: Transition, stage: StageExecution) {
  const e = t.execution;
  if (stage.status !== 'NOT_STARTED' || e.status !== 'RUNNING' || e.canceled) return;
  if (!requisitesSatisfied(stage, siblingsOf(stage, t.state.stages))) return;
  if (stage.parentStageId) {
    const parent = t.state.stage(stage.parentStageId);
    if (!parent || parent.status !== 'RUNNING') return;
  }
  stage.startTime = t.now;
  stage.attempt ??= 1;
  t.state.touch(stage);
  const def = t.env.registry.get(stage.type);
  if (!def) {
    finalizeStage(t, stage, 'TERMINAL', `Unknown stage type ${JSON.stringify(stage.type)}`);
    return;
  }
  const ctx = () => expressionContext(e, stage);

  const enabled = stage.context.stageEnabled as { type?: string; expression?: unknown } | undefined;
  if (enabled && typeof enabled.expression === 'string' && enabled.type !== 'disabled') {
    const r = evaluateCondition(t.env.expressions, enabled.expression, ctx());
    if ('error' in r) {
      finalizeStage(t, stage, failureStatus(stage.context), `stageEnabled expression failed: ${r.error}`);
      return;
    }
    if (!r.value) {
      finalizeStage(t, stage, 'SKIPPED');
      return;
    }
  }

  if (stage.context.skipExpressionEvaluation !== true) {
    const deferred = new Set([...(def.deferredExpressionFields ?? []), 'stageEnabled', 'expressionEvaluationSummary']);
    const toEvaluate = Object.fromEntries(Object.entries(stage.context).filter(([k]) => !deferred.has(k)));
    const r = t.env.expressions.evaluateAll(toEvaluate, ctx());
    stage.context = { ...stage.context, ...r.value };
    if (Object.keys(r.summary).length > 0) stage.context.expressionEvaluationSummary = r.summary;
    if (r.failed && stage.context.failOnFailedExpressions === true) {
      finalizeStage(
        t,
        stage,
        failureStatus(stage.context),
        `Failed to evaluate expressions: ${summaryErrors(r.summary).join('; ')}`,
      );
      return;
    }
  }

  stage.status = 'RUNNING';
  t.emit('stage.starting', stage);
  if (stage.type === 'manualJudgment') t.emit('manualJudgment', stage);

  const before = def.beforeStages?.({ stage, execution: e }) ?? [];
  if (before.length > 0) {
    planChildren(t, stage, before, 'STAGE_BEFORE');
    return;
  }
  startTasks(t, stage);
}

function planChildren(t: Transition, parent: StageExecution, configs: StageConfig[], owner: SyntheticStageOwner) {
  const marker = owner === 'STAGE_BEFORE' ? '<' : '>';
  let previous: string | undefined;
  const children = configs.map((c, i) => {
    const refId = c.refId ? String(c.refId) : `${parent.refId}${marker}${i + 1}`;
    const requisites = c.requisiteStageRefIds ?? (previous ? [previous] : []);
    previous = refId;
    const child = newStage({ ...c, refId, requisiteStageRefIds: requisites }, {
      parentStageId: parent.id,
      syntheticStageOwner: owner,
    });
    child.attempt = parent.attempt ?? 1;
    t.state.addStage(child);
    return child;
  });
  for (const c of initialStages(children)) startStage(t, c);
}

export function startTasks(t: Transition, stage: StageExecution) {
  if (stage.status !== 'RUNNING') return;
  const def = t.env.registry.get(stage.type);
  const tasks = def?.tasks ?? [];
  stage.tasks = tasks.map((task, i) => ({
    id: String(i + 1),
    name: task.name,
    status: 'NOT_STARTED' as ExecutionStatus,
    stageStart: i === 0,
    stageEnd: i === tasks.length - 1,
  }));
  t.state.touch(stage);
  if (stage.tasks.length === 0) {
    tasksDone(t, stage);
    return;
  }
  startTask(t, stage, 0);
}

function startTask(t: Transition, stage: StageExecution, index: number) {
  const task = stage.tasks[index];
  task.status = 'RUNNING';
  task.startTime = t.now;
  task.pausedMsAtStart = stage.pausedMs ?? 0;
  t.state.touch(stage);
  t.send(runTaskMessage(t.execution.id, stage.id, stage.attempt ?? 1, index));
}

/** Applies one run of a task. Stale results (the task no longer runs) are dropped. */
export function applyTaskResult(
  t: Transition,
  stageId: string,
  index: number,
  attempt: number,
  result: TaskResult,
  timeoutAt?: number,
) {
  const stage = t.state.stage(stageId);
  const task = stage?.tasks[index];
  if (!stage || !task || stage.status !== 'RUNNING' || task.status !== 'RUNNING') return;
  if ((stage.attempt ?? 1) !== attempt || t.execution.status !== 'RUNNING' || t.execution.canceled) return;
  if (result.context) stage.context = { ...stage.context, ...result.context };
  if (result.outputs) stage.outputs = { ...stage.outputs, ...result.outputs };
  task.runCount = (task.runCount ?? 0) + 1;
  t.state.touch(stage);

  if (result.status === 'RUNNING') {
    let at = t.now + Math.max(0, result.backoffMs ?? 1000);
    if (timeoutAt !== undefined) at = Math.min(at, Math.max(timeoutAt, t.now));
    t.send(runTaskMessage(t.execution.id, stage.id, attempt, index, at));
    return;
  }
  task.status = result.status;
  task.endTime = t.now;
  if (result.status === 'SUCCEEDED' || result.status === 'SKIPPED') {
    if (index + 1 < stage.tasks.length) startTask(t, stage, index + 1);
    else tasksDone(t, stage);
    return;
  }
  finalizeStage(t, stage, stageStatusForTaskResult(result.status, stage.context), result.error);
}

/** The stage's tasks are done: plan after-stages once, then complete. */
function tasksDone(t: Transition, stage: StageExecution) {
  const def = t.env.registry.get(stage.type);
  if (!stage.afterStagesPlanned) {
    stage.afterStagesPlanned = true;
    t.state.touch(stage);
    const after = def?.afterStages?.({ stage, execution: t.execution }) ?? [];
    if (after.length > 0) {
      planChildren(t, stage, after, 'STAGE_AFTER');
      return;
    }
  }
  const children = descendantsOf(stage.id, t.state.stages);
  const continued =
    stage.tasks.some(x => x.status === 'FAILED_CONTINUE') ||
    children.some(c => c.status === 'FAILED_CONTINUE');
  finalizeStage(t, stage, continued ? 'FAILED_CONTINUE' : 'SUCCEEDED');
}

/** Sets a stage's status and end time, and its unfinished tasks' (no follow-up). */
function markStage(t: Transition, stage: StageExecution, status: ExecutionStatus, error?: string) {
  stage.status = status;
  stage.endTime = t.now;
  stage.pausedAt = undefined;
  if (error) stage.exception = { details: { error } };
  for (const task of stage.tasks) {
    if (isActive(task.status)) {
      task.status = status;
      task.endTime = t.now;
    }
  }
  t.state.touch(stage);
}

export function finalizeStage(t: Transition, stage: StageExecution, status: ExecutionStatus, error?: string) {
  if (isComplete(stage.status)) return;
  // A parent ending early (a child failed) stops its other children.
  for (const child of descendantsOf(stage.id, t.state.stages)) {
    if (isActive(child.status)) markStage(t, child, 'CANCELED');
  }
  markStage(t, stage, status, error);
  t.emit(isSuccessful(status) ? 'stage.complete' : 'stage.failed', stage);
  afterStageFinalized(t, stage);
}

function afterStageFinalized(t: Transition, stage: StageExecution) {
  if (stage.parentStageId) {
    const parent = t.state.stage(stage.parentStageId);
    if (!parent || isComplete(parent.status)) return;
    if (isHalt(stage.status)) {
      finalizeStage(
        t,
        parent,
        parentStatusForChild(stage.status, parent.context),
        stage.exception?.details.error ?? `${stage.name} ended ${stage.status}`,
      );
      return;
    }
    if (parent.status !== 'RUNNING') return;
    const owner = stage.syntheticStageOwner!;
    const level = childrenOf(parent.id, owner, t.state.stages);
    for (const s of startableDownstream(stage, level)) startStage(t, s);
    if (level.every(s => isComplete(s.status))) {
      if (owner === 'STAGE_BEFORE') startTasks(t, parent);
      else tasksDone(t, parent);
    }
    return;
  }
  if (t.execution.status !== 'RUNNING') return;
  if (haltsExecution(stage.status)) {
    completeExecution(t);
    return;
  }
  for (const s of startableDownstream(stage, topLevelStages(t.state.stages))) startStage(t, s);
  maybeCompleteExecution(t);
}

/** A task ran past the stage's timeout (paused time excluded). */
export function timeoutStage(t: Transition, stageId: string, index: number, attempt: number, timeoutMs: number) {
  const stage = t.state.stage(stageId);
  const task = stage?.tasks[index];
  if (!stage || !task || stage.status !== 'RUNNING' || task.status !== 'RUNNING') return;
  if ((stage.attempt ?? 1) !== attempt || t.execution.status !== 'RUNNING') return;
  task.status = 'TERMINAL';
  task.endTime = t.now;
  finalizeStage(t, stage, failureStatus(stage.context), `Stage timed out after ${timeoutMs} ms`);
}

/**
 * The stage timeout in force (its own `stageTimeoutMs` or the nearest
 * parent's) and when it expires, paused time excluded.
 */
export function stageDeadline(
  stages: readonly StageExecution[],
  stage: StageExecution,
): { timeoutMs: number; deadline: number } | undefined {
  let s: StageExecution | undefined = stage;
  while (s) {
    const ms = Number(s.context.stageTimeoutMs);
    if (Number.isFinite(ms) && ms > 0 && s.startTime) {
      return { timeoutMs: ms, deadline: s.startTime + ms + (s.pausedMs ?? 0) };
    }
    const parentId: string | undefined = s.parentStageId;
    s = parentId ? stages.find(x => x.id === parentId) : undefined;
  }
  return undefined;
}
