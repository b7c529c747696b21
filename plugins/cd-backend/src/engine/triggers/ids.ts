import { createHash } from 'crypto';

/**
 * A UUID-shaped id derived from a key, so that a trigger or child start that
 * is repeated (redelivered message, cron fired by two replicas) creates the
 * same execution id, and the second insert is a no-op.
 */
export function deterministicExecutionId(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
