import type {
  KubeObject,
  ObjectStore,
  OwnerReference,
  ResourceType,
} from '../store/types';

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function splitKey(key: string): {
  namespace: string | undefined;
  name: string;
} {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: undefined, name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export function keyOf(obj: KubeObject): string {
  return objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
}

/** The selector in the label-selector query syntax the store (and the API) accept. */
export function selectorToString(selector: LabelSelector | undefined): string {
  if (!selector) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {}))
    parts.push(`${k}=${v}`);
  for (const req of selector.matchExpressions ?? []) {
    const values = (req.values ?? []).join(',');
    if (req.operator === 'In') parts.push(`${req.key} in (${values})`);
    else if (req.operator === 'NotIn')
      parts.push(`${req.key} notin (${values})`);
    else if (req.operator === 'Exists') parts.push(req.key);
    else if (req.operator === 'DoesNotExist') parts.push(`!${req.key}`);
    else
      throw new Error(
        `spec.selector.matchExpressions: unknown operator ${req.operator}`,
      );
  }
  return parts.join(',');
}

/** Whether labels satisfy a LabelSelector; an empty selector selects nothing, as for workloads. */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  const matchLabels = Object.entries(selector.matchLabels ?? {});
  const exprs = selector.matchExpressions ?? [];
  if (matchLabels.length === 0 && exprs.length === 0) return false;
  for (const [k, v] of matchLabels) if (l[k] !== v) return false;
  for (const req of exprs) {
    const has = Object.prototype.hasOwnProperty.call(l, req.key);
    const values = req.values ?? [];
    if (req.operator === 'In' && !(has && values.includes(l[req.key])))
      return false;
    if (req.operator === 'NotIn' && has && values.includes(l[req.key]))
      return false;
    if (req.operator === 'Exists' && !has) return false;
    if (req.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** A Service-style map selector: every pair must match; an empty map selects nothing. */
export function mapSelectorMatches(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  const entries = Object.entries(selector ?? {});
  if (entries.length === 0) return false;
  const l = labels ?? {};
  return entries.every(([k, v]) => l[k] === v);
}

export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find(r => r.controller);
}

export function ownerRefTo(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isOwnedBy(obj: KubeObject, owner: KubeObject): boolean {
  return controllerRef(obj)?.uid === owner.metadata.uid;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

export function isStatusError(error: unknown, code: number): boolean {
  return (error as any)?.status?.code === code;
}

/**
 * Read-modify-write of an object's status with retries on conflicts. `mutate` returns false when
 * nothing changed, which skips the write (controllers must not write when at rest).
 */
export function writeStatus(
  store: ObjectStore,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  mutate: (obj: KubeObject) => boolean,
  /** a fresh copy just read, to spare the first read (it is modified in place) */
  fresh?: KubeObject,
): KubeObject | undefined {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current =
      attempt === 0 && fresh ? fresh : store.get(type, namespace, name);
    if (!current) return undefined;
    const copy = current === fresh ? current : clone(current);
    if (!mutate(copy)) return current;
    try {
      return store.updateStatus(type, copy);
    } catch (error) {
      if (isStatusError(error, 409)) continue;
      if (isStatusError(error, 404)) return undefined;
      throw error;
    }
  }
  throw new Error(
    `status of ${type.resource} ${objectKey(
      namespace,
      name,
    )}: too many conflicts`,
  );
}

/** Read-modify-write of a whole object (spec, metadata) with retries on conflicts. */
export function writeObject(
  store: ObjectStore,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  mutate: (obj: KubeObject) => boolean,
): KubeObject | undefined {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = store.get(type, namespace, name);
    if (!current) return undefined;
    const copy = clone(current);
    if (!mutate(copy)) return current;
    try {
      return store.update(type, copy);
    } catch (error) {
      if (isStatusError(error, 409)) continue;
      if (isStatusError(error, 404)) return undefined;
      throw error;
    }
  }
  throw new Error(
    `${type.resource} ${objectKey(namespace, name)}: too many conflicts`,
  );
}

/** Deletes, ignoring objects already gone. */
export function deleteQuietly(
  store: ObjectStore,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
): void {
  try {
    store.delete(type, namespace, name, { propagationPolicy: 'Background' });
  } catch (error) {
    if (!isStatusError(error, 404)) throw error;
  }
}

export function isJsonEqual(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

/** JSON with sorted keys, so equal objects give equal strings (template hashing, comparisons). */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object')
    return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => compareStrings(a, b));
  return `{${entries
    .map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`)
    .join(',')}}`;
}

export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export type Condition = {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
};

/**
 * Sets a condition, keeping lastTransitionTime when the status does not change.
 * Returns whether anything changed.
 */
export function setCondition(
  status: { conditions?: Condition[] },
  next: Condition,
  withUpdateTime = false,
): boolean {
  const conditions = (status.conditions ??= []);
  const index = conditions.findIndex(c => c.type === next.type);
  const previous = index >= 0 ? conditions[index] : undefined;
  if (
    previous &&
    previous.status === next.status &&
    previous.reason === next.reason &&
    previous.message === next.message
  ) {
    return false;
  }
  const now = nowIso();
  const merged: Condition = {
    ...next,
    lastTransitionTime:
      previous && previous.status === next.status
        ? previous.lastTransitionTime
        : now,
  };
  if (withUpdateTime) merged.lastUpdateTime = now;
  if (index >= 0) conditions[index] = merged;
  else conditions.push(merged);
  return true;
}

export function getCondition(
  obj: KubeObject,
  type: string,
): Condition | undefined {
  return (obj.status?.conditions as Condition[] | undefined)?.find(
    c => c.type === type,
  );
}

export function isPodReady(pod: KubeObject): boolean {
  return getCondition(pod, 'Ready')?.status === 'True';
}

export function isPodTerminal(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Pods that count for a workload: not being deleted and not finished. */
export function isPodActive(pod: KubeObject): boolean {
  return !pod.metadata.deletionTimestamp && !isPodTerminal(pod);
}

/** 32-bit FNV-1a, rendered with the alphabet Kubernetes uses for pod-template-hash (no vowels). */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  let n = hash;
  do {
    out += alphabet[n % alphabet.length];
    n = Math.floor(n / alphabet.length);
  } while (n > 0);
  return out;
}

/** Code-unit order, as JSON canonicalisation wants (not locale order). */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
