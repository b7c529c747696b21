import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AuditEntry, AuditLog } from './AuditLog';

/**
 * Records a change that is already committed. A failure to record is logged
 * as a warning and swallowed: the change happened, the request succeeded.
 */
export async function recordAudit(
  audit: AuditLog | undefined,
  logger: Pick<LoggerService, 'warn'> | undefined,
  entry: AuditEntry,
): Promise<void> {
  if (!audit) return;
  try {
    await audit.record(entry);
  } catch (error) {
    logger?.warn(
      `could not record audit ${entry.action} of ${entry.target} (application ${entry.application}) by ${entry.actor}: ${error}`,
    );
  }
}
