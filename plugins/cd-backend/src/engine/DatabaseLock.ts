import { randomUUID } from 'crypto';
import type { Knex } from 'knex';

const TABLE = 'cd_locks';

/**
 * A named lease in the database, so that replicas serialize a critical
 * section: acquired by inserting the key, or by taking it over once the
 * previous holder's lease has expired (a dead replica never blocks others
 * for longer than the lease).
 */
export class DatabaseLock {
  constructor(
    private readonly knex: Knex,
    private readonly options: { leaseMs: number; retryMs?: number; timeoutMs?: number } = { leaseMs: 30_000 },
  ) {}

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const owner = randomUUID();
    const deadline = Date.now() + (this.options.timeoutMs ?? 60_000);
    while (!(await this.tryAcquire(key, owner))) {
      if (Date.now() > deadline) throw new Error(`lock ${key} not acquired within ${this.options.timeoutMs ?? 60_000} ms`);
      await new Promise(r => setTimeout(r, this.options.retryMs ?? 20));
    }
    try {
      return await fn();
    } finally {
      await this.knex(TABLE).where({ key, owner }).delete();
    }
  }

  private async tryAcquire(key: string, owner: string): Promise<boolean> {
    const now = Date.now();
    const expiresAt = now + this.options.leaseMs;
    // One statement on both engines: insert, or take over an expired lease.
    const rows = await this.knex(TABLE)
      .insert({ key, owner, expires_at: expiresAt })
      .onConflict('key')
      .merge({ owner, expires_at: expiresAt })
      .where(`${TABLE}.expires_at`, '<', now)
      .returning('owner');
    return rows.some((r: { owner: string } | string) => (typeof r === 'string' ? r : r.owner) === owner);
  }
}
