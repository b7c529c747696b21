import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { isComplete, StageExecution } from '@internal/plugin-cd-common';
import { descendantsOf, topLevelStages, withAllDownstream } from './dag';
import { message } from './messages';
import { isActive } from './statusRules';
import { contextFromConfig } from './transitions';
import type { Transition } from './Transition';

/**
 * State changes requested through the API. Each checks the current state
 * first (409 when it does not allow the change), changes it, and queues the
 * message that makes the workers act, all committed together.
 */

function requireStage(t: Transition, stageId: string): StageExecution {
  const stage = t.state.stage(stageId);
  if (!stage) throw new NotFoundError(`stage ${stageId} not found in execution ${t.execution.id}`);
  return stage;
}

export function requestCancel(t: Transition, user: string, reason?: string) {
  const e = t.execution;
  if (isComplete(e.status)) throw new ConflictError(`execution ${e.id} is already ${e.status}`);
  if (e.canceled) return; // asked twice: the first request is being applied
  e.canceled = true;
  e.canceledBy = user;
  e.cancellationReason = reason;
  t.state.touchExecution();
  t.send(message('CancelExecution', e.id, {}));
}

export function pause(t: Transition, user: string) {
  const e = t.execution;
  if (e.status !== 'RUNNING') throw new ConflictError(`execution ${e.id} is ${e.status}, not RUNNING`);
  e.status = 'PAUSED';
  e.paused = { pauseTime: t.now, pausedBy: user };
  t.state.touchExecution();
  for (const s of t.state.stages) {
    if (s.status !== 'RUNNING') continue;
    s.status = 'PAUSED';
    s.pausedAt = t.now;
    for (const task of s.tasks) if (task.status === 'RUNNING') task.status = 'PAUSED';
    t.state.touch(s);
  }
  t.emit('pipeline.paused');
}

export function resume(t: Transition, user: string) {
  const e = t.execution;
  if (e.status !== 'PAUSED') throw new ConflictError(`execution ${e.id} is ${e.status}, not PAUSED`);
  e.status = 'RUNNING';
  e.paused = { ...(e.paused ?? { pauseTime: t.now }), resumeTime: t.now, resumedBy: user };
  t.state.touchExecution();
  for (const s of t.state.stages) {
    if (s.status !== 'PAUSED') continue;
    s.status = 'RUNNING';
    s.pausedMs = (s.pausedMs ?? 0) + (t.now - (s.pausedAt ?? t.now));
    s.pausedAt = undefined;
    for (const task of s.tasks) if (task.status === 'PAUSED') task.status = 'RUNNING';
    t.state.touch(s);
  }
  t.send(message('Reconcile', e.id));
  t.emit('pipeline.resumed');
}

/**
 * Resets a complete (or NOT_STARTED) top-level stage and everything
 * downstream of it, and runs them again: a new attempt, so tasks get new
 * idempotency keys.
 */
export function restartStage(t: Transition, stageId: string, user: string, reason?: string) {
  const e = t.execution;
  const stage = requireStage(t, stageId);
  if (stage.parentStageId) throw new ConflictError(`stage ${stageId} is synthetic; restart its parent stage`);
  if (!isComplete(stage.status) && stage.status !== 'NOT_STARTED') {
    throw new ConflictError(`stage ${stageId} is ${stage.status}; only a complete or NOT_STARTED stage can be restarted`);
  }
  if (e.status === 'PAUSED') throw new ConflictError(`execution ${e.id} is PAUSED; resume it first`);
  const reset = withAllDownstream(stage, topLevelStages(t.state.stages));
  const running = reset.find(s => isActive(s.status));
  if (running) throw new ConflictError(`stage ${running.id} downstream of ${stageId} is ${running.status}`);
  const previousException = stage.exception;
  for (const s of reset) {
    for (const d of descendantsOf(s.id, t.state.stages)) t.state.removeStage(d.id);
    const config = e.pipelineConfig.stages.find(c => String(c.refId) === s.refId);
    s.status = 'NOT_STARTED';
    s.context = config ? contextFromConfig(config) : {};
    s.outputs = {};
    s.tasks = [];
    s.startTime = undefined;
    s.endTime = undefined;
    s.exception = undefined;
    s.pausedMs = undefined;
    s.pausedAt = undefined;
    s.afterStagesPlanned = undefined;
    s.lastModified = undefined;
    s.attempt = (s.attempt ?? 1) + 1;
    t.state.touch(s);
  }
  stage.restartDetails = { restartedBy: user, restartTime: t.now, reason, previousException };
  if (isComplete(e.status)) {
    e.status = 'RUNNING';
    e.endTime = undefined;
    e.canceled = undefined;
    e.canceledBy = undefined;
    e.cancellationReason = undefined;
  }
  t.state.touchExecution();
  t.send(message('Reconcile', e.id));
}

export function submitJudgment(
  t: Transition,
  stageId: string,
  judgment: { judgmentStatus: 'continue' | 'stop'; input?: string },
  user: string,
) {
  const stage = requireStage(t, stageId);
  if (stage.type !== 'manualJudgment') throw new ConflictError(`stage ${stageId} is not a manual judgment`);
  if (stage.status !== 'RUNNING' || stage.context.judgmentStatus) {
    throw new ConflictError(`stage ${stageId} is not awaiting judgment (${stage.status})`);
  }
  if (judgment.judgmentStatus !== 'continue' && judgment.judgmentStatus !== 'stop') {
    throw new InputError('judgmentStatus must be continue or stop');
  }
  stage.context = {
    ...stage.context,
    judgmentStatus: judgment.judgmentStatus,
    ...(judgment.input !== undefined ? { judgmentInput: judgment.input } : {}),
    lastModifiedBy: user,
  };
  stage.lastModified = { user, at: t.now };
  t.state.touch(stage);
  t.emit(judgment.judgmentStatus === 'continue' ? 'manualJudgmentContinue' : 'manualJudgmentStop', stage);
  t.send(message('PokeStage', t.execution.id, { stageId }));
}

export function skipWait(t: Transition, stageId: string, user: string) {
  const stage = requireStage(t, stageId);
  if (stage.type !== 'wait') throw new ConflictError(`stage ${stageId} is not a wait stage`);
  if (stage.status !== 'RUNNING') throw new ConflictError(`stage ${stageId} is ${stage.status}, not RUNNING`);
  stage.context = { ...stage.context, skipRemainingWait: true };
  stage.lastModified = { user, at: t.now };
  t.state.touch(stage);
  t.send(message('PokeStage', t.execution.id, { stageId }));
}
