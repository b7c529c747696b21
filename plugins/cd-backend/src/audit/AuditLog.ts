import type { AuditAction, AuditPage, AuditRecord } from '@internal/plugin-cd-common';

/** What a caller records; the log stamps the id and the time. */
export type AuditEntry = Omit<AuditRecord, 'id' | 'at'>;

/**
 * The append-only audit log. Routes record after their change is committed;
 * a failure to record is logged, never undoes the change.
 */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** A page of the log, newest first. Every filter narrows; none means everything. */
export interface AuditQuery {
  /** Only these applications; an empty list matches nothing (the caller may read none). */
  applications?: string[];
  actions?: AuditAction[];
  actor?: string;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, exclusive. */
  until?: number;
  /** 1..200, default 50. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** Reads the log back (the audit API). */
export interface AuditReader {
  list(query: AuditQuery): Promise<AuditPage>;
  /** Applications that have at least one record (to filter portal-wide queries by permission). */
  applications(): Promise<string[]>;
}
