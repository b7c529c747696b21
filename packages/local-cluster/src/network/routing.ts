import type { KubeObject } from '../store/types';

/*
 * Gateway API HTTPRoute matching (pure): which rule of which route takes a request, and which
 * backend a weighted rule sends it to.
 */

export interface RequestInfo {
  method: string;
  /** path without the query string */
  path: string;
  /** lower-case header names */
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
}

export interface BackendRef {
  name: string;
  namespace: string;
  port?: number;
  weight: number;
}

export interface RouteDecision {
  route: KubeObject;
  ruleIndex: number;
  backends: BackendRef[];
  filters: any[];
}

export interface ParentRef {
  kind: 'Service' | 'Gateway';
  namespace: string;
  name: string;
  port?: number;
  sectionName?: string;
}

/** The parents a route attaches to; kind defaults to Gateway, group to gateway.networking.k8s.io. */
export function routeParents(route: KubeObject): ParentRef[] {
  const namespace = route.metadata.namespace ?? 'default';
  return (route.spec?.parentRefs ?? []).map((p: any) => ({
    kind:
      p.kind === 'Service' &&
      (p.group === undefined || p.group === '' || p.group === 'core')
        ? 'Service'
        : 'Gateway',
    namespace: p.namespace ?? namespace,
    name: p.name,
    ...(p.port !== undefined ? { port: p.port } : {}),
    ...(p.sectionName ? { sectionName: p.sectionName } : {}),
  }));
}

interface Candidate {
  route: KubeObject;
  ruleIndex: number;
  match: any;
}

/** The matching rule with the highest precedence, as the Gateway API orders them; undefined when none matches. */
export function matchRoute(
  routes: KubeObject[],
  request: RequestInfo,
): RouteDecision | undefined {
  const candidates: Candidate[] = [];
  for (const route of routes) {
    (route.spec?.rules ?? []).forEach((rule: any, ruleIndex: number) => {
      const matches: any[] = rule.matches?.length
        ? rule.matches
        : [{ path: { type: 'PathPrefix', value: '/' } }];
      for (const match of matches) {
        if (requestMatches(match, request))
          candidates.push({ route, ruleIndex, match });
      }
    });
  }
  if (candidates.length === 0) return undefined;
  candidates.sort(comparePrecedence);
  const best = candidates[0];
  const rule = best.route.spec.rules[best.ruleIndex];
  const namespace = best.route.metadata.namespace ?? 'default';
  const backends: BackendRef[] = (rule.backendRefs ?? [])
    .filter(
      (b: any) => (b.kind ?? 'Service') === 'Service' && (b.group ?? '') === '',
    )
    .map((b: any) => ({
      name: b.name,
      namespace: b.namespace ?? namespace,
      port: b.port,
      weight: b.weight ?? 1,
    }));
  return {
    route: best.route,
    ruleIndex: best.ruleIndex,
    backends,
    filters: rule.filters ?? [],
  };
}

export function requestMatches(match: any, request: RequestInfo): boolean {
  const path = match.path ?? { type: 'PathPrefix', value: '/' };
  if (!pathMatches(path.type ?? 'PathPrefix', path.value ?? '/', request.path))
    return false;
  if (
    match.method &&
    match.method.toUpperCase() !== request.method.toUpperCase()
  )
    return false;
  for (const h of match.headers ?? []) {
    const raw = request.headers[String(h.name).toLowerCase()];
    const value = Array.isArray(raw) ? raw.join(',') : raw;
    if (value === undefined || !valueMatches(h.type ?? 'Exact', h.value, value))
      return false;
  }
  for (const q of match.queryParams ?? []) {
    const value = request.query.get(q.name);
    if (value === null || !valueMatches(q.type ?? 'Exact', q.value, value))
      return false;
  }
  return true;
}

function pathMatches(type: string, value: string, path: string): boolean {
  if (type === 'Exact') return path === value;
  if (type === 'RegularExpression')
    return safeRegex(value)?.test(path) ?? false;
  // PathPrefix matches whole path elements: /foo matches /foo and /foo/bar, not /foobar
  const prefix =
    value.length > 1 && value.endsWith('/') ? value.slice(0, -1) : value;
  if (prefix === '/') return true;
  return path === prefix || path.startsWith(`${prefix}/`);
}

function valueMatches(type: string, expected: string, actual: string): boolean {
  if (type === 'RegularExpression')
    return safeRegex(`^(?:${expected})$`)?.test(actual) ?? false;
  return actual === expected;
}

const regexCache = new Map<string, RegExp | null>();
function safeRegex(pattern: string): RegExp | undefined {
  if (!regexCache.has(pattern)) {
    try {
      regexCache.set(pattern, new RegExp(pattern));
    } catch {
      regexCache.set(pattern, null); // an invalid pattern matches nothing
    }
  }
  return regexCache.get(pattern) ?? undefined;
}

/** Gateway API precedence: Exact path, longest prefix, method, most headers, most query params, oldest route, name, rule order. */
function comparePrecedence(a: Candidate, b: Candidate): number {
  const pathRank = (c: Candidate) => {
    const type = c.match.path?.type ?? 'PathPrefix';
    const ranks: Record<string, number> = { Exact: 2, PathPrefix: 1 };
    return ranks[type] ?? 0;
  };
  const pathLength = (c: Candidate) => (c.match.path?.value ?? '/').length;
  return (
    pathRank(b) - pathRank(a) ||
    pathLength(b) - pathLength(a) ||
    (b.match.method ? 1 : 0) - (a.match.method ? 1 : 0) ||
    (b.match.headers?.length ?? 0) - (a.match.headers?.length ?? 0) ||
    (b.match.queryParams?.length ?? 0) - (a.match.queryParams?.length ?? 0) ||
    (a.route.metadata.creationTimestamp ?? '').localeCompare(
      b.route.metadata.creationTimestamp ?? '',
    ) ||
    `${a.route.metadata.namespace}/${a.route.metadata.name}`.localeCompare(
      `${b.route.metadata.namespace}/${b.route.metadata.name}`,
    ) ||
    a.ruleIndex - b.ruleIndex
  );
}

/**
 * Smooth weighted round-robin (as nginx): over any window of sum(weights) requests each backend gets
 * exactly its share, so a 80/20 split is 80/20, not 80/20 on average.
 */
export class WeightedPicker {
  private readonly current = new Map<string, number[]>();

  pick(key: string, backends: BackendRef[]): BackendRef | undefined {
    const total = backends.reduce((sum, b) => sum + Math.max(0, b.weight), 0);
    if (total <= 0) return undefined;
    const signature = `${key}|${backends
      .map(b => `${b.namespace}/${b.name}:${b.weight}`)
      .join(',')}`;
    let state = this.current.get(signature);
    if (!state) {
      state = backends.map(() => 0);
      if (this.current.size > 1000) this.current.clear();
      this.current.set(signature, state);
    }
    let best = -1;
    backends.forEach((b, i) => {
      state![i] += Math.max(0, b.weight);
      if (best < 0 || state![i] > state![best]) best = i;
    });
    state[best] -= total;
    return backends[best];
  }
}
