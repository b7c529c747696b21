import { randomUUID } from 'crypto';
import type { Knex } from 'knex';
import type { AuditAction, AuditPage, AuditRecord } from '@internal/plugin-cd-common';
import type { AuditEntry, AuditLog, AuditQuery, AuditReader } from './AuditLog';
import { redactSecrets } from './redact';

const TABLE = 'cd_audit';
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

type AuditRow = {
  seq: number | string;
  id: string;
  at: number | string;
  actor: string;
  action: string;
  application: string;
  entity_ref: string | null;
  target: string;
  details: string;
};

/** A cursor that does not come from a previous page. */
export class AuditCursorError extends Error {
  constructor() {
    super('cursor is not valid');
  }
}

/**
 * The audit log in the plugin's database (table cd_audit). It only ever
 * inserts; the table's triggers refuse updates and deletes.
 */
export class DatabaseAuditLog implements AuditLog, AuditReader {
  constructor(
    private readonly deps: {
      knex: Knex;
      /** Fills in `entityRef` when the caller did not (the entity that owns the application). */
      entityRefFor?: (application: string) => Promise<string | undefined>;
      now?: () => number;
    },
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const entityRef = entry.entityRef ?? (await this.ownerOf(entry.application));
    await this.deps.knex<AuditRow>(TABLE).insert({
      id: randomUUID(),
      at: (this.deps.now ?? Date.now)(),
      actor: entry.actor,
      action: entry.action,
      application: entry.application,
      entity_ref: entityRef ?? null,
      target: entry.target,
      details: JSON.stringify(redactSecrets(entry.details ?? {})),
    });
  }

  /** Best effort: a record without its entity beats no record. */
  private async ownerOf(application: string): Promise<string | undefined> {
    try {
      return await this.deps.entityRefFor?.(application);
    } catch {
      return undefined;
    }
  }

  async list(query: AuditQuery): Promise<AuditPage> {
    const limit = Math.min(Math.max(query.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
    if (query.applications && query.applications.length === 0) return { items: [] };
    let q = this.deps.knex<AuditRow>(TABLE);
    if (query.applications) q = q.whereIn('application', query.applications);
    if (query.actions?.length) q = q.whereIn('action', query.actions);
    if (query.actor) q = q.where('actor', query.actor);
    if (query.since !== undefined) q = q.where('at', '>=', query.since);
    if (query.until !== undefined) q = q.where('at', '<', query.until);
    if (query.cursor) q = q.where('seq', '<', decodeCursor(query.cursor));
    const rows = await q.orderBy('seq', 'desc').limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(recordFromRow),
      ...(rows.length > limit && last ? { nextCursor: encodeCursor(Number(last.seq)) } : {}),
    };
  }

  async applications(): Promise<string[]> {
    const rows: Array<{ application: string }> = await this.deps.knex(TABLE).distinct('application');
    return rows.map(r => r.application).sort();
  }
}

function recordFromRow(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    at: new Date(Number(row.at)).toISOString(),
    actor: row.actor,
    action: row.action as AuditAction,
    application: row.application,
    ...(row.entity_ref ? { entityRef: row.entity_ref } : {}),
    target: row.target,
    details: JSON.parse(row.details),
  };
}

function encodeCursor(seq: number): string {
  return Buffer.from(`audit:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^audit:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new AuditCursorError();
  return Number(match[1]);
}
