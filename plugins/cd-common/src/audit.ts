/*
 * The audit log: every change made through the product, append-only.
 *
 * GET /audit?entityRef=&application=&action=&actor=&since=&until=&limit=&cursor=
 *   → AuditPage (newest first)
 */

export const AUDIT_ACTIONS = [
  'pipeline.create',
  'pipeline.update',
  'pipeline.delete',
  'pipeline.restore',
  'execution.start',
  'execution.cancel',
  'execution.pause',
  'execution.resume',
  'execution.restartStage',
  'execution.skipWait',
  'judgment.submit',
  'serverGroup.scale',
  'serverGroup.disable',
  'serverGroup.enable',
  'serverGroup.rollback',
  'serverGroup.delete',
  'canaryConfig.create',
  'canaryConfig.update',
  'canaryConfig.delete',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
  id: string;
  /** ISO time. */
  at: string;
  /** The user's entity ref (`user:default/jane`) or the service that acted (`plugin:scaffolder`). */
  actor: string;
  action: AuditAction;
  application: string;
  /** The catalog entity owning the application, when known. */
  entityRef?: string;
  /** What was acted on: a pipeline id, execution id, `replicaSet web-v002 in local/default`… */
  target: string;
  /** Action-specific details (the new replica count, the judgment input, the reason…), secrets redacted. */
  details: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditRecord[];
  nextCursor?: string;
}
