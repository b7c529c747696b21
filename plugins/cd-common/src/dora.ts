/*
 * DORA metrics computed from the product's own executions.
 *
 * GET /dora?application=…|entityRef=…&days=30 → DoraMetrics; without either
 * filter, portal-wide.
 */

export interface DoraTrendPoint {
  /** Start of the bucket (ISO date, UTC midnight, weekly buckets). */
  start: string;
  deployments: number;
  failures: number;
  /** Median lead time of the bucket's successful production deploys, ms. */
  leadTimeMs?: number;
  /** Median time to restore of incidents resolved in the bucket, ms. */
  timeToRestoreMs?: number;
}

export interface DoraMetrics {
  /** `application:demo-app`, `entity:component:default/demo-app` or `portal`. */
  scope: string;
  windowDays: number;
  from: string;
  to: string;
  /** Successful production deployments in the window. */
  deployments: number;
  deploymentsPerDay: number;
  /** Median ms from the trigger's artifact/commit time (else the trigger time) to production success. */
  leadTimeMs?: number;
  /** Production executions that failed or were followed by a rollback, over all production executions (0..1). */
  changeFailureRate?: number;
  /** Median ms from a failed production change to the next successful one. */
  timeToRestoreMs?: number;
  trend: DoraTrendPoint[];
}
