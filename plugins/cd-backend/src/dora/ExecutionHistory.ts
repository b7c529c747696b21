import type { Knex } from 'knex';
import type { ExecutionStatus } from '@internal/plugin-cd-common';
import type { DoraExecution } from './classify';

const CHUNK = 500;

type ExecutionRow = {
  id: string;
  application: string;
  name: string;
  status: string;
  build_time: number | string;
  start_time: number | string | null;
  end_time: number | string | null;
  data: string;
};

type StageRow = { execution_id: string; status: string; data: string };

const num = (v: number | string | null) => (v === null ? undefined : Number(v));

/**
 * Reads finished executions (SUCCEEDED or TERMINAL) with their stages from
 * the engine's tables, in the shape the metrics need.
 */
export class ExecutionHistory {
  constructor(private readonly knex: Knex) {}

  /** Executions that ended in [endedFrom, endedBefore), of the given applications (all when undefined). */
  async finished(options: { applications?: string[]; endedFrom: number; endedBefore: number }): Promise<DoraExecution[]> {
    if (options.applications && options.applications.length === 0) return [];
    let q = this.knex<ExecutionRow>('cd_executions')
      .whereIn('status', ['SUCCEEDED', 'TERMINAL'])
      .where('end_time', '>=', options.endedFrom)
      .where('end_time', '<', options.endedBefore);
    if (options.applications) q = q.whereIn('application', options.applications);
    const rows = await q.select('id', 'application', 'name', 'status', 'build_time', 'start_time', 'end_time', 'data');

    const stages = new Map<string, DoraExecution['stages']>();
    for (let i = 0; i < rows.length; i += CHUNK) {
      const stageRows: StageRow[] = await this.knex('cd_stages')
        .whereIn('execution_id', rows.slice(i, i + CHUNK).map(r => r.id))
        .orderBy(['execution_id', 'seq'])
        .select('execution_id', 'status', 'data');
      for (const row of stageRows) {
        const data = JSON.parse(row.data) as { type?: string; context?: Record<string, unknown> };
        const list = stages.get(row.execution_id) ?? [];
        list.push({ type: data.type ?? '', status: row.status as ExecutionStatus, context: data.context ?? {} });
        stages.set(row.execution_id, list);
      }
    }

    return rows.map(row => {
      const data = JSON.parse(row.data) as { type?: DoraExecution['type']; trigger?: Record<string, unknown> };
      return {
        id: row.id,
        type: data.type ?? 'PIPELINE',
        application: row.application,
        name: row.name,
        status: row.status as ExecutionStatus,
        trigger: data.trigger ?? {},
        buildTime: Number(row.build_time),
        startTime: num(row.start_time),
        endTime: num(row.end_time),
        stages: stages.get(row.id) ?? [],
      };
    });
  }

  /** Applications that have executions (portal-wide metrics filter them by permission). */
  async applications(): Promise<string[]> {
    const rows: Array<{ application: string }> = await this.knex('cd_executions').distinct('application');
    return rows.map(r => r.application).sort();
  }
}
