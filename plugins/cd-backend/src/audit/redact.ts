/** Replaces a secret's value in audit details. */
export const REDACTED = '[redacted]';

// Compared against keys lower-cased with separators removed (`api_key`, `X-Api-Key` → `apikey`).
const SECRET_KEY_PARTS = ['password', 'passwd', 'token', 'secret', 'apikey', 'authorization', 'credential', 'privatekey'];

export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_KEY_PARTS.some(part => normalized.includes(part));
}

/**
 * A copy of `value` with the values of secret-looking keys replaced, at any
 * depth (pipeline parameters, webhook headers, stage contexts…).
 */
export function redactSecrets<T>(value: T): T {
  return redact(value, new WeakSet()) as T;
}

function redact(value: unknown, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map(v => redact(v, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSecretKey(key) && v !== null && v !== undefined && v !== '' ? REDACTED : redact(v, seen);
  }
  return out;
}
