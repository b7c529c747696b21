export { AuditLog, EntityAuditLog } from './AuditLog';
export type { AuditLogProps } from './AuditLog';
