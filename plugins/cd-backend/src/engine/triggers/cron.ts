import { CronTime } from 'cron';
import type { Knex } from 'knex';
import { resolveParameters } from '@internal/plugin-cd-common';
import type { ExecutionEngine } from '../ExecutionEngine';
import { toNumber } from '../db';
import { deterministicExecutionId } from './ids';
import type { PipelineSource } from './types';

/**
 * Next fire time of a cron expression after `from`. Spinnaker writes Quartz
 * expressions (6–7 fields, `?` for "no specific value"); 5-field Unix
 * expressions work too.
 */
export function nextCronTime(expression: string, from: Date): Date {
  const fields = expression.trim().split(/\s+/);
  if (fields.length === 7) fields.pop(); // Quartz's optional year
  const normalized = fields.map(f => (f === '?' ? '*' : f)).join(' ');
  return new CronTime(normalized).getNextDateFrom(from).toJSDate();
}

export interface CronRunResult {
  fired: Array<{ pipelineId: string; executionId: string; scheduledFor: number }>;
  errors: Array<{ pipelineId: string; message: string }>;
}

/**
 * Fires the pipelines whose cron trigger came due since the last run (at
 * most once per trigger per run, however many occurrences were missed).
 * Meant to be scheduled through Backstage's scheduler with `scope: 'global'`
 * every minute; the execution id is derived from the occurrence, so a run
 * repeated on another replica starts nothing twice. A trigger seen for the
 * first time starts counting from now.
 */
export async function runCronTriggers(
  deps: { engine: ExecutionEngine; pipelines: PipelineSource; knex: Knex },
  now: Date = new Date(),
): Promise<CronRunResult> {
  const result: CronRunResult = { fired: [], errors: [] };
  for (const pipeline of await deps.pipelines.listAll()) {
    if (pipeline.config.disabled) continue;
    const triggers = pipeline.config.triggers ?? [];
    for (let i = 0; i < triggers.length; i++) {
      const trigger = triggers[i];
      if (trigger.type !== 'cron' || trigger.enabled === false || !trigger.cronExpression) continue;
      const key = `cron:${pipeline.id}:${i}:${trigger.cronExpression}`;
      try {
        const row = await deps.knex('cd_trigger_state').where({ key }).first();
        const last = toNumber(row?.value);
        if (last === undefined) {
          await deps.knex('cd_trigger_state').insert({ key, value: now.getTime() }).onConflict('key').ignore();
          continue;
        }
        const next = nextCronTime(trigger.cronExpression, new Date(last));
        if (next.getTime() > now.getTime()) continue;
        const { parameters } = resolveParameters(pipeline.config.parameterConfig, {});
        const execution = await deps.engine.start(
          pipeline,
          { type: 'cron', user: 'cron', parameters, cronExpression: trigger.cronExpression },
          { executionId: deterministicExecutionId(`${key}:${next.getTime()}`) },
        );
        await deps.knex('cd_trigger_state').where({ key }).update({ value: now.getTime() });
        result.fired.push({ pipelineId: pipeline.id, executionId: execution.id, scheduledFor: next.getTime() });
      } catch (e) {
        result.errors.push({ pipelineId: pipeline.id, message: e instanceof Error ? e.message : String(e) });
      }
    }
  }
  return result;
}
