import type { IncomingMessage } from 'http';
import type { FaultInjector, InjectedFault } from './types';

/**
 * One way the API server misbehaves, for the requests it matches. A rule
 * matches when every given condition holds; the first matching rule wins.
 */
export interface FaultRule {
  /** answer with this status (500, 429, 409, 504…); omit with `delayMs` alone to only slow requests down */
  code?: number;
  /** sent as the Retry-After header and in the Status details (429) */
  retryAfterSeconds?: number;
  message?: string;
  /** wait this long before answering (a slow or hanging server) */
  delayMs?: number;
  /** reset the connection instead of answering */
  drop?: boolean;
  /** only these HTTP methods, e.g. ['PATCH'] */
  methods?: string[];
  /** only requests whose path and query contain this text, e.g. '/deployments' */
  pathIncludes?: string;
  /** true: only watch requests; false: never watch requests; unset: both */
  watch?: boolean;
  /** how many requests it fails before it retires itself (unset: no limit) */
  count?: number;
  /** how long it stays active from when it is set (unset: until cleared) */
  durationMs?: number;
}

/** A request a rule acted on: what the fault control reports, so tests can check clients' backoff. */
export interface FaultHit {
  at: number;
  method: string;
  path: string;
  rule: number;
  code?: number;
  drop?: boolean;
}

interface ActiveRule extends FaultRule {
  index: number;
  expiresAt?: number;
  remaining?: number;
}

const MAX_HITS = 10_000;

function isWatch(url: URL): boolean {
  const flag = url.searchParams.get('watch');
  return flag === 'true' || flag === '1' || url.pathname.includes('/watch/');
}

/** Checks a rule's fields; returns a message naming the bad field, or undefined. */
export function faultRuleProblem(rule: unknown, at: string): string | undefined {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return `${at} must be an object`;
  const r = rule as Record<string, unknown>;
  const known = ['code', 'retryAfterSeconds', 'message', 'delayMs', 'drop', 'methods', 'pathIncludes', 'watch', 'count', 'durationMs'];
  for (const key of Object.keys(r)) if (!known.includes(key)) return `${at}.${key} is not a known field (known: ${known.join(', ')})`;
  if (r.code !== undefined && (!Number.isInteger(r.code) || (r.code as number) < 400 || (r.code as number) > 599)) {
    return `${at}.code must be an HTTP error status (400-599)`;
  }
  for (const key of ['retryAfterSeconds', 'delayMs', 'count', 'durationMs']) {
    if (r[key] !== undefined && (!Number.isInteger(r[key]) || (r[key] as number) < 0)) return `${at}.${key} must be a whole number >= 0`;
  }
  if (r.methods !== undefined && (!Array.isArray(r.methods) || r.methods.some(m => typeof m !== 'string'))) {
    return `${at}.methods must be an array of strings`;
  }
  if (r.pathIncludes !== undefined && typeof r.pathIncludes !== 'string') return `${at}.pathIncludes must be a string`;
  if (r.message !== undefined && typeof r.message !== 'string') return `${at}.message must be a string`;
  for (const key of ['drop', 'watch']) {
    if (r[key] !== undefined && typeof r[key] !== 'boolean') return `${at}.${key} must be true or false`;
  }
  if (r.code === undefined && r.delayMs === undefined && r.drop !== true) return `${at} needs code, delayMs or drop`;
  return undefined;
}

/** A FaultInjector whose rules change at runtime (the fault control endpoint sets them). */
export class RuleFaultInjector implements FaultInjector {
  private rules: ActiveRule[] = [];
  private nextIndex = 0;
  private hitLog: FaultHit[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Replaces every rule; each one's `durationMs` starts now. Returns the rules' indexes (used in hits). */
  set(rules: FaultRule[]): number[] {
    const start = this.now();
    this.rules = rules.map(rule => ({
      ...rule,
      index: this.nextIndex++,
      expiresAt: rule.durationMs !== undefined ? start + rule.durationMs : undefined,
      remaining: rule.count,
    }));
    return this.rules.map(r => r.index);
  }

  clear(): void {
    this.rules = [];
  }

  /** The rules still active. */
  active(): FaultRule[] {
    this.expire();
    return this.rules.map(({ index: _i, expiresAt: _e, remaining, ...rule }) => ({ ...rule, count: remaining }));
  }

  /** Requests the rules acted on since `since` (epoch ms). */
  hits(since = 0): FaultHit[] {
    return this.hitLog.filter(h => h.at >= since);
  }

  shouldFail(req: IncomingMessage): InjectedFault | undefined {
    this.expire();
    if (this.rules.length === 0) return undefined;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const target = url.pathname + url.search;
    const rule = this.rules.find(r => {
      if (r.methods && !r.methods.map(m => m.toUpperCase()).includes(method)) return false;
      if (r.pathIncludes !== undefined && !target.includes(r.pathIncludes)) return false;
      if (r.watch !== undefined && r.watch !== isWatch(url)) return false;
      return true;
    });
    if (!rule) return undefined;
    if (rule.remaining !== undefined) {
      rule.remaining--;
      if (rule.remaining <= 0) this.rules = this.rules.filter(r => r !== rule);
    }
    if (this.hitLog.length >= MAX_HITS) this.hitLog.splice(0, MAX_HITS / 2);
    this.hitLog.push({ at: this.now(), method, path: target, rule: rule.index, code: rule.code, drop: rule.drop });
    return {
      code: rule.code,
      retryAfterSeconds: rule.retryAfterSeconds,
      message: rule.message,
      delayMs: rule.delayMs,
      drop: rule.drop,
    };
  }

  private expire() {
    const now = this.now();
    if (this.rules.some(r => r.expiresAt !== undefined && r.expiresAt <= now)) {
      this.rules = this.rules.filter(r => r.expiresAt === undefined || r.expiresAt > now);
    }
  }
}
