/*
 * HTTPRoute rules for a traffic split (pure). Everything here stays within
 * the Gateway API's standard fields (rules[].matches[].headers with Exact or
 * RegularExpression, backendRefs[].weight), so the same route works on the
 * local cluster's proxies and on any Gateway API implementation.
 */

export interface BackendWeight {
  /** A Service in the route's namespace. */
  name: string;
  port?: number;
  weight: number;
}

/** A group of users sent to one backend whatever the weights say. */
export type UserGroupMatch =
  /** Office networks: CIDRs matched against the client address header set by the edge (X-Forwarded-For). */
  | { type: 'ipRanges'; cidrs: string[]; header?: string }
  /** Devices: a regular expression on the User-Agent. */
  | { type: 'userAgent'; pattern: string }
  /**
   * A sticky random share of users: the edge (or the app) gives each user a
   * cookie with a random bucket 0-99 once; buckets below `percent` match.
   */
  | { type: 'percentage'; percent: number; cookie?: string }
  /** Any header, exact or by regular expression. */
  | { type: 'header'; name: string; value: string; regex?: boolean };

export interface UserGroup {
  name: string;
  backend: { name: string; port?: number };
  match: UserGroupMatch;
}

export const DEFAULT_BUCKET_COOKIE = 'canary-bucket';

interface HeaderMatch {
  type: 'Exact' | 'RegularExpression';
  name: string;
  value: string;
}

/** The route's rules: one per user group (header matches outrank plain ones), then the weighted split. */
export function trafficRules(backends: BackendWeight[], groups: UserGroup[], pathPrefix = '/'): unknown[] {
  const path = { type: 'PathPrefix', value: pathPrefix };
  const groupRules = groups.map(group => ({
    matches: [{ path, headers: [headerMatch(group.match)] }],
    backendRefs: [backendRef(group.backend.name, group.backend.port, 1)],
  }));
  return [
    ...groupRules,
    {
      matches: [{ path }],
      backendRefs: backends.map(b => backendRef(b.name, b.port, b.weight)),
    },
  ];
}

function backendRef(name: string, port: number | undefined, weight: number) {
  return { group: '', kind: 'Service', name, ...(port !== undefined ? { port } : {}), weight };
}

export function headerMatch(match: UserGroupMatch): HeaderMatch {
  switch (match.type) {
    case 'ipRanges':
      return {
        type: 'RegularExpression',
        name: match.header ?? 'X-Forwarded-For',
        // The first address is the client's; proxies append theirs after a comma.
        value: `^(?:${match.cidrs.map(cidrRegex).join('|')})(?:\\s*,.*)?$`,
      };
    case 'userAgent':
      return { type: 'RegularExpression', name: 'User-Agent', value: match.pattern };
    case 'percentage':
      return {
        type: 'RegularExpression',
        name: 'Cookie',
        value: `^(?:.*;\\s*)?${escapeRegex(match.cookie ?? DEFAULT_BUCKET_COOKIE)}=(?:${rangeRegex(0, Math.round(match.percent) - 1)})(?:;.*)?$`,
      };
    case 'header':
      return { type: match.regex ? 'RegularExpression' : 'Exact', name: match.name, value: match.value };
    default:
      throw new Error(`unknown user group match ${JSON.stringify(match)}`);
  }
}

/** An IPv4 CIDR as a regular expression over dotted addresses (`10.1.0.0/16` → `10\.1\.\d{1,3}\.\d{1,3}`). */
export function cidrRegex(cidr: string): string {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(cidr.trim());
  if (!match) throw new Error(`${JSON.stringify(cidr)} is not an IPv4 CIDR such as 10.1.0.0/16`);
  const octets = match.slice(1, 5).map(Number);
  const bits = match[5] === undefined ? 32 : Number(match[5]);
  if (octets.some(o => o > 255) || bits > 32) throw new Error(`${JSON.stringify(cidr)} is not an IPv4 CIDR`);
  return octets
    .map((octet, i) => {
      const fixed = Math.min(8, Math.max(0, bits - i * 8));
      if (fixed === 8) return String(octet);
      if (fixed === 0) return '\\d{1,3}';
      // A partial octet: the 2^(8-fixed) values sharing its first `fixed` bits.
      const low = octet & (0xff << (8 - fixed)) & 0xff;
      return `(?:${rangeRegex(low, low + (1 << (8 - fixed)) - 1)})`;
    })
    .join('\\.');
}

/** A regular expression matching the decimal integers from..to (no leading zeros). */
export function rangeRegex(from: number, to: number): string {
  if (to < from) return '(?!)';
  const values: string[] = [];
  // Ranges here are at most 0-255: listing them keeps the pattern obviously right.
  for (let n = from; n <= to; n++) values.push(String(n));
  return values.join('|');
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
