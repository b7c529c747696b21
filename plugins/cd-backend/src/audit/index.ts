export type { AuditEntry, AuditLog, AuditQuery, AuditReader } from './AuditLog';
export { AuditCursorError, DatabaseAuditLog } from './DatabaseAuditLog';
export { recordAudit } from './recordAudit';
export { isSecretKey, redactSecrets, REDACTED } from './redact';
