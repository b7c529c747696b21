import type { Knex } from 'knex';
import { isPostgres, toNumber } from './db';
import type { MessageKind, QueuedMessage } from './messages';

type QueueRow = {
  id: string;
  execution_id: string;
  kind: string;
  payload: string;
  not_before: number | string;
  attempts: number;
};

/**
 * Claiming with leases. A claim takes every due message of ONE execution that
 * has no live lease, so one execution is handled by one worker at a time
 * (per-execution serialization); the lease owner is a fresh token per claim
 * and is the fencing token that the handler's commit checks. Messages whose
 * lease expired (a dead replica) are claimable again.
 */
export class WorkQueue {
  constructor(private readonly knex: Knex) {}

  async claimExecution(leaseOwner: string, leaseMs: number, now = Date.now()): Promise<QueuedMessage[]> {
    const expires = now + leaseMs;
    const rows: QueueRow[] = isPostgres(this.knex)
      ? (
          await this.knex.raw(
            `WITH picked AS (
               SELECT e.id FROM cd_executions e
               WHERE e.id IN (
                 SELECT q.execution_id FROM cd_queue q
                 WHERE q.not_before <= :now AND (q.lease_expires_at IS NULL OR q.lease_expires_at < :now)
                 ORDER BY q.not_before LIMIT 50)
               AND NOT EXISTS (
                 SELECT 1 FROM cd_queue o WHERE o.execution_id = e.id AND o.lease_expires_at >= :now)
               LIMIT 1
               FOR UPDATE SKIP LOCKED)
             UPDATE cd_queue SET lease_owner = :owner, lease_expires_at = :expires, attempts = attempts + 1
             WHERE execution_id = (SELECT id FROM picked)
               AND not_before <= :now AND (lease_expires_at IS NULL OR lease_expires_at < :now)
             RETURNING id, execution_id, kind, payload, not_before, attempts`,
            { now, owner: leaseOwner, expires },
          )
        ).rows
      : await this.knex.raw(
          `UPDATE cd_queue SET lease_owner = :owner, lease_expires_at = :expires, attempts = attempts + 1
           WHERE execution_id = (
             SELECT q.execution_id FROM cd_queue q
             WHERE q.not_before <= :now AND (q.lease_expires_at IS NULL OR q.lease_expires_at < :now)
               AND NOT EXISTS (
                 SELECT 1 FROM cd_queue o WHERE o.execution_id = q.execution_id AND o.lease_expires_at >= :now)
             ORDER BY q.not_before LIMIT 1)
           AND not_before <= :now AND (lease_expires_at IS NULL OR lease_expires_at < :now)
           RETURNING id, execution_id, kind, payload, not_before, attempts`,
          { now, owner: leaseOwner, expires },
        );
    return rows
      .map(r => ({
        id: r.id,
        executionId: r.execution_id,
        kind: r.kind as MessageKind,
        payload: JSON.parse(r.payload),
        notBefore: toNumber(r.not_before)!,
        attempts: r.attempts,
      }))
      .sort((a, b) => a.notBefore - b.notBefore);
  }

  /** Keeps a claim alive while its handler runs (long tasks). */
  async extendLease(leaseOwner: string, leaseMs: number): Promise<number> {
    return this.knex('cd_queue')
      .where({ lease_owner: leaseOwner })
      .update({ lease_expires_at: Date.now() + leaseMs });
  }

  /** Gives a message back (after a handler error), to be retried after a delay. */
  async release(id: string, leaseOwner: string, retryAt: number): Promise<void> {
    await this.knex('cd_queue')
      .where({ id, lease_owner: leaseOwner })
      .update({ lease_owner: null, lease_expires_at: null, not_before: retryAt });
  }

  /** Gives back every message still held by a claim (shutdown, lost chain). */
  async releaseAll(leaseOwner: string): Promise<void> {
    await this.knex('cd_queue')
      .where({ lease_owner: leaseOwner })
      .update({ lease_owner: null, lease_expires_at: null });
  }

  /** When the next message becomes due (for the poller's sleep), if any. */
  async nextDueAt(): Promise<number | undefined> {
    const row = await this.knex('cd_queue').min({ t: 'not_before' }).first();
    return toNumber(row?.t);
  }
}
