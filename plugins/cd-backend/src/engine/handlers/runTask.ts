import type { TaskContext, TaskResult } from '@internal/plugin-cd-node';
import { expressionContext, summaryErrors } from '../expressions';
import { applyTaskResult, stageDeadline, timeoutStage } from '../transitions';
import type { MessageHandler } from './types';

/**
 * Runs one task outside any transaction (it may call other systems), then
 * commits its result with the transition it causes. A crash in between
 * redelivers the message: the task runs again with the same idempotency key.
 */
export const runTaskHandler: MessageHandler = {
  needsState: true,
  async prepare(msg, state, env) {
    const e = state!.execution;
    const stageId = msg.payload.stageId!;
    const index = msg.payload.taskIndex ?? 0;
    const stage = state!.stage(stageId);
    const task = stage?.tasks[index];
    const attempt = msg.payload.attempt ?? stage?.attempt ?? 1;
    // Stale (already done, restarted) or not runnable now (paused: resume re-queues it).
    if (!stage || !task || stage.status !== 'RUNNING' || task.status !== 'RUNNING') return {};
    if (e.status !== 'RUNNING' || e.canceled || (stage.attempt ?? 1) !== attempt) return {};

    const now = Date.now();
    const deadline = stageDeadline(state!.stages, stage);
    if (deadline && now >= deadline.deadline) {
      return { apply: t => timeoutStage(t, stageId, index, attempt, deadline.timeoutMs) };
    }
    const def = env.registry.get(stage.type);
    const taskDef = def?.tasks[index];
    if (!taskDef) {
      const missing: TaskResult = { status: 'TERMINAL', error: `stage type ${stage.type} has no task ${index + 1}` };
      return { apply: t => applyTaskResult(t, stageId, index, attempt, missing) };
    }

    const controller = env.aborts.open(e.id);
    const ctx: TaskContext = {
      context: stage.context,
      stage,
      execution: e,
      idempotencyKey: `${stage.id}:${attempt}:${index}`,
      attempt,
      runCount: task.runCount ?? 0,
      signal: controller.signal,
      logger: env.logger,
      elapsedMs: now - (task.startTime ?? now) - ((stage.pausedMs ?? 0) - (task.pausedMsAtStart ?? 0)),
      evaluate: (value, extra) => {
        const r = env.expressions.evaluateAll(value, expressionContext(e, stage, extra));
        return { value: r.value, failed: r.failed, errors: summaryErrors(r.summary) };
      },
    };
    let result: TaskResult;
    try {
      result = await taskDef.run(ctx);
    } catch (err) {
      result = controller.signal.aborted
        ? { status: 'CANCELED', error: 'canceled' }
        : { status: 'TERMINAL', error: `${taskDef.name} failed: ${err instanceof Error ? err.message : String(err)}` };
    } finally {
      env.aborts.close(e.id, controller);
    }
    return { apply: t => applyTaskResult(t, stageId, index, attempt, result, deadline?.deadline) };
  },
};
