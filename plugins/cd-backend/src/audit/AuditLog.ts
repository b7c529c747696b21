import type { AuditRecord } from '@internal/plugin-cd-common';

/** What a caller records; the log stamps the id and the time. */
export type AuditEntry = Omit<AuditRecord, 'id' | 'at'>;

/**
 * The append-only audit log. Routes record after their change is committed;
 * a failure to record is logged, never undoes the change.
 */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}
