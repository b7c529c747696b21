import type { Knex } from 'knex';
import type {
  Execution,
  ExecutionPage,
  ExecutionStatus,
  ExecutionSummary,
  StageExecution,
} from '@internal/plugin-cd-common';
import { ExecutionState } from './ExecutionState';
import { isPostgres, toNumber } from './db';
import type { OutgoingMessage } from './messages';
import { writePostgres } from './postgresCommit';
import { LeaseLostError, VersionConflictError } from './errors';

export { LeaseLostError, VersionConflictError };

export interface CommitOptions {
  /** Acknowledge (delete) this claimed message, fenced by its lease. */
  ack?: { id: string; leaseOwner: string };
  messages?: OutgoingMessage[];
  /** Messages of this execution due now are inserted already leased to this owner (processed inline next). */
  selfLease?: { owner: string; expiresAt: number; executionId: string };
}

export interface ExecutionFilter {
  application?: string;
  /** Any of these applications (the portal-wide listing passes those the caller may read). */
  applications?: string[];
  pipelineConfigId?: string;
  statuses?: ExecutionStatus[];
  limit?: number;
  cursor?: string;
}

type ExecutionRow = {
  id: string;
  application: string;
  pipeline_config_id: string;
  name: string;
  status: string;
  build_time: number | string;
  start_time: number | string | null;
  end_time: number | string | null;
  version: number;
  data: string;
};

export type StageRow = {
  id: string;
  execution_id: string;
  seq: number;
  ref_id: string;
  status: string;
  data: string;
};

const MESSAGE_COLUMNS_INSERT = (m: OutgoingMessage, lease?: { owner: string; expiresAt: number }) => ({
  id: m.id,
  execution_id: m.executionId,
  kind: m.kind,
  payload: JSON.stringify(m.payload),
  not_before: m.notBefore,
  lease_owner: lease?.owner ?? null,
  lease_expires_at: lease?.expiresAt ?? null,
  attempts: 0,
  created_at: Date.now(),
});

/** Reads and writes executions, their stages and their outgoing messages. */
export class ExecutionRepository {
  constructor(private readonly knex: Knex) {}

  get db() {
    return this.knex;
  }

  async load(id: string, trx: Knex | Knex.Transaction = this.knex): Promise<ExecutionState | undefined> {
    const row = await trx<ExecutionRow>('cd_executions').where({ id }).first();
    if (!row) return undefined;
    const stageRows = await trx<StageRow>('cd_stages').where({ execution_id: id }).orderBy('seq');
    const execution = executionFromRow(row, stageRows.map(stageFromRow));
    return new ExecutionState(execution, row.version, new Map(stageRows.map(r => [r.id, r.seq])));
  }

  /** Inserts a new execution with its first messages; false if the id exists (idempotent starts). */
  async insert(execution: Execution, messages: OutgoingMessage[]): Promise<boolean> {
    return this.knex.transaction(async trx => {
      const existing = await trx('cd_executions').where({ id: execution.id }).first('id');
      if (existing) return false;
      await trx('cd_executions').insert(executionToRow(execution, 0));
      if (execution.stages.length > 0) {
        const rows = execution.stages.map((s, i) => stageToRow(s, execution.id, i));
        for (let i = 0; i < rows.length; i += 100) {
          await trx('cd_stages').insert(rows.slice(i, i + 100));
        }
      }
      await this.insertMessages(trx, messages);
      return true;
    });
  }

  /**
   * Commits a transition: the changed rows, the acknowledgement of the
   * message that caused it and the messages it produced, in one transaction.
   * Fenced twice: by the message's lease and by the execution's version.
   * Returns the messages leased to `selfLease.owner`.
   */
  async commit(state: ExecutionState, options: CommitOptions = {}): Promise<OutgoingMessage[]> {
    const changed = state.hasChanges;
    const selfLeased = await this.commitChanges(options, changed ? stateChanges(state) : undefined);
    if (changed) state.markCommitted();
    return selfLeased;
  }

  /** Acknowledges a message and queues others, without state changes, in one transaction. */
  commitMessages(options: CommitOptions): Promise<OutgoingMessage[]> {
    return this.commitChanges(options);
  }

  private async commitChanges(options: CommitOptions, changes?: StateChanges): Promise<OutgoingMessage[]> {
    const selfLeased: OutgoingMessage[] = [];
    const now = Date.now();
    const rows = dedupe(options.messages ?? []).map(m => {
      const lease = options.selfLease;
      if (lease && m.executionId === lease.executionId && m.notBefore <= now) {
        selfLeased.push(m);
        return MESSAGE_COLUMNS_INSERT(m, lease);
      }
      return MESSAGE_COLUMNS_INSERT(m);
    });
    const commit: ChangeSet = { ack: options.ack, state: changes, messages: rows };
    await this.knex.transaction(async trx => {
      // PostgreSQL: the whole change in one statement (3 round trips with
      // BEGIN/COMMIT, like the smallest possible write). Not when a message
      // replaces the acknowledged one (same id): one statement cannot
      // delete and re-insert the same row.
      if (isPostgres(trx) && changes && !rows.some(r => r.id === options.ack?.id)) {
        await writePostgres(trx, commit);
      } else {
        await this.writeGeneric(trx, commit);
      }
    });
    return selfLeased;
  }

  private async writeGeneric(trx: Knex.Transaction, c: ChangeSet) {
    if (c.ack) {
      const deleted = await trx('cd_queue').where({ id: c.ack.id, lease_owner: c.ack.leaseOwner }).delete();
      if (deleted === 0) throw new LeaseLostError(c.ack.id);
    }
    if (c.state) {
      const updated = await trx('cd_executions')
        .where({ id: c.state.executionId, version: c.state.expectedVersion })
        .update(c.state.executionChanges);
      if (updated === 0) throw new VersionConflictError(c.state.executionId);
      if (c.state.deleteStageIds.length > 0) await trx('cd_stages').whereIn('id', c.state.deleteStageIds).delete();
      for (const row of c.state.updateStages) {
        await trx('cd_stages').where({ id: row.id }).update({ status: row.status, ref_id: row.ref_id, data: row.data });
      }
      if (c.state.insertStages.length > 0) await trx('cd_stages').insert(c.state.insertStages);
    }
    await this.insertRows(trx, c.messages);
  }

  /** Inserts messages outside a transition (e.g. from triggers). */
  async insertMessages(trx: Knex | Knex.Transaction, messages: OutgoingMessage[]) {
    await this.insertRows(trx, dedupe(messages).map(m => MESSAGE_COLUMNS_INSERT(m)));
  }

  private async insertRows(trx: Knex | Knex.Transaction, rows: ReturnType<typeof MESSAGE_COLUMNS_INSERT>[]) {
    if (rows.length === 0) return;
    const least = isPostgres(trx)
      ? 'LEAST(cd_queue.not_before, excluded.not_before)'
      : 'min(cd_queue.not_before, excluded.not_before)';
    // An existing message with the same id (a waiting task's re-check) is
    // moved earlier instead of duplicated, and takes the new lease.
    await trx('cd_queue')
      .insert(rows)
      .onConflict('id')
      .merge({
        not_before: trx.raw(least),
        lease_owner: trx.raw('excluded.lease_owner'),
        lease_expires_at: trx.raw('excluded.lease_expires_at'),
      });
  }

  async list(filter: ExecutionFilter): Promise<ExecutionPage> {
    const limit = Math.min(Math.max(filter.limit ?? 25, 1), 200);
    let q = this.knex<ExecutionRow>('cd_executions');
    if (filter.application) q = q.where('application', filter.application);
    if (filter.applications) q = q.whereIn('application', filter.applications);
    if (filter.pipelineConfigId) q = q.where('pipeline_config_id', filter.pipelineConfigId);
    if (filter.statuses?.length) q = q.whereIn('status', filter.statuses);
    if (filter.cursor) {
      const [bt, id] = decodeCursor(filter.cursor);
      q = q.where(w =>
        w.where('build_time', '<', bt).orWhere(w2 => w2.where('build_time', bt).andWhere('id', '<', id)),
      );
    }
    const rows = await q.orderBy([
      { column: 'build_time', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]).limit(limit + 1);
    const page = rows.slice(0, limit);
    const counts = page.length
      ? await this.knex('cd_stages')
          .whereIn('execution_id', page.map(r => r.id))
          .select('execution_id', 'status')
          .count({ n: '*' })
          .groupBy('execution_id', 'status')
      : [];
    const items: ExecutionSummary[] = page.map(r => {
      const { stages: _s, pipelineConfig: _p, ...rest } = executionFromRow(r, []);
      const stageCounts: ExecutionSummary['stageCounts'] = {};
      for (const c of counts as Array<{ execution_id: string; status: ExecutionStatus; n: number | string }>) {
        if (c.execution_id === r.id) stageCounts[c.status] = Number(c.n);
      }
      return { ...rest, stageCounts };
    });
    const last = page[page.length - 1];
    return {
      items,
      nextCursor:
        rows.length > limit && last ? encodeCursor(toNumber(last.build_time)!, last.id) : undefined,
    };
  }

  /** Every application that has executions. */
  async applications(): Promise<string[]> {
    const rows = await this.knex('cd_executions').distinct('application').orderBy('application');
    return rows.map(r => r.application as string);
  }

  /** Executions of a pipeline in the given statuses, oldest first. */
  async findByPipeline(pipelineConfigId: string, statuses: ExecutionStatus[]) {
    const rows = await this.knex<ExecutionRow>('cd_executions')
      .where('pipeline_config_id', pipelineConfigId)
      .whereIn('status', statuses)
      .orderBy([{ column: 'build_time' }, { column: 'id' }])
      .select('id', 'status', 'build_time');
    return rows.map(r => ({ id: r.id, status: r.status as ExecutionStatus, buildTime: toNumber(r.build_time)! }));
  }

  async statusOf(id: string): Promise<ExecutionStatus | undefined> {
    const row = await this.knex<ExecutionRow>('cd_executions').where({ id }).first('status');
    return row?.status as ExecutionStatus | undefined;
  }
}

/**
 * The "no zombie" invariant: every execution that is not finished and not
 * paused has at least one queued message. Returns the ids that break it.
 */
export async function findZombies(knex: Knex): Promise<string[]> {
  const rows = await knex('cd_executions as e')
    .whereIn('e.status', ['RUNNING', 'NOT_STARTED', 'BUFFERED'])
    .whereNotExists(knex('cd_queue as q').whereRaw('q.execution_id = e.id').select(knex.raw('1')))
    .select('e.id');
  return rows.map((r: { id: string }) => r.id);
}

function dedupe(messages: OutgoingMessage[]): OutgoingMessage[] {
  const byId = new Map<string, OutgoingMessage>();
  for (const m of messages) {
    const prev = byId.get(m.id);
    if (!prev || m.notBefore < prev.notBefore) byId.set(m.id, m);
  }
  return [...byId.values()];
}

function encodeCursor(buildTime: number, id: string) {
  return Buffer.from(JSON.stringify([buildTime, id])).toString('hex');
}

export class CursorError extends Error {
  constructor() {
    super('cursor is not valid');
  }
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'hex').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // fall through
  }
  throw new CursorError();
}


function executionToRow(e: Execution, version: number) {
  const {
    id,
    application,
    pipelineConfigId,
    name,
    status,
    buildTime,
    startTime,
    endTime,
    stages: _stages,
    ...data
  } = e;
  return {
    id,
    application,
    pipeline_config_id: pipelineConfigId,
    name,
    status,
    build_time: buildTime,
    start_time: startTime ?? null,
    end_time: endTime ?? null,
    version,
    data: JSON.stringify(data),
  };
}

function executionFromRow(row: ExecutionRow, stages: StageExecution[]): Execution {
  const data = JSON.parse(row.data);
  return {
    ...data,
    id: row.id,
    application: row.application,
    pipelineConfigId: row.pipeline_config_id,
    name: row.name,
    status: row.status as ExecutionStatus,
    buildTime: toNumber(row.build_time)!,
    startTime: toNumber(row.start_time),
    endTime: toNumber(row.end_time),
    stages,
  };
}

function stageToRow(s: StageExecution, executionId: string, seq: number): StageRow {
  const { id, refId, status, ...data } = s;
  return { id, execution_id: executionId, seq, ref_id: refId, status, data: JSON.stringify(data) };
}

function stageFromRow(row: StageRow): StageExecution {
  return { ...JSON.parse(row.data), id: row.id, refId: row.ref_id, status: row.status as ExecutionStatus };
}

export type MessageRow = ReturnType<typeof MESSAGE_COLUMNS_INSERT>;

/** The rows one transition changes. */
export interface StateChanges {
  executionId: string;
  expectedVersion: number;
  executionChanges: Record<string, unknown>;
  deleteStageIds: string[];
  updateStages: StageRow[];
  insertStages: StageRow[];
}

export interface ChangeSet {
  ack?: { id: string; leaseOwner: string };
  state?: StateChanges;
  messages: MessageRow[];
}

function stateChanges(state: ExecutionState): StateChanges {
  const e = state.execution;
  const executionChanges: Record<string, unknown> = { version: state.version + 1 };
  if (state.executionDirty) {
    const row = executionToRow(e, state.version + 1);
    Object.assign(executionChanges, {
      status: row.status,
      start_time: row.start_time,
      end_time: row.end_time,
      data: row.data,
    });
  }
  const rowOf = (s: StageExecution) => stageToRow(s, e.id, state.seqs.get(s.id) ?? 0);
  const existing = (ids: Iterable<string>) =>
    [...ids].map(id => state.stage(id)).filter((s): s is StageExecution => !!s);
  return {
    executionId: e.id,
    expectedVersion: state.version,
    executionChanges,
    deleteStageIds: [...state.deletedStages],
    updateStages: existing(state.dirtyStages).map(rowOf),
    insertStages: existing(state.newStages).map(rowOf),
  };
}
