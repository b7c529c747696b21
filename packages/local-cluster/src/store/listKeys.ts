/*
 * How lists merge, per field path: the patchMergeKey / listMapKeys of the built-in Kubernetes types.
 * Strategic merge patch and server-side apply both read it; lists not listed here are atomic.
 */

export type ListStrategy = { type: 'map'; key: string } | { type: 'set' } | { type: 'atomic' };

const ATOMIC: ListStrategy = { type: 'atomic' };

const MAP_KEYS_BY_FIELD: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  imagePullSecrets: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  hostAliases: 'ip',
  conditions: 'type',
  readinessGates: 'conditionType',
  topologySpreadConstraints: 'topologyKey',
  secrets: 'name',
  resourceClaims: 'name',
};

/**
 * @param fieldPath field names from the object root, list positions left out
 *   (e.g. ['spec', 'template', 'spec', 'containers', 'ports'])
 * @param builtin whether the kind is a built-in one (custom resources only know metadata lists)
 */
export function listStrategy(fieldPath: string[], builtin: boolean): ListStrategy {
  const field = fieldPath[fieldPath.length - 1];
  if (fieldPath.length === 2 && fieldPath[0] === 'metadata') {
    if (field === 'finalizers') return { type: 'set' };
    if (field === 'ownerReferences') return { type: 'map', key: 'uid' };
    return ATOMIC;
  }
  if (!builtin) return ATOMIC;
  if (field === 'ports') {
    const inContainer = fieldPath.some(f => f === 'containers' || f === 'initContainers' || f === 'ephemeralContainers');
    return { type: 'map', key: inContainer ? 'containerPort' : 'port' };
  }
  const key = MAP_KEYS_BY_FIELD[field];
  return key ? { type: 'map', key } : ATOMIC;
}

/** Whether every item of `list` carries the merge key, so the list can merge as a map. */
export function itemsHaveKey(list: unknown[], key: string): boolean {
  return list.every(i => i !== null && typeof i === 'object' && !Array.isArray(i) && (i as any)[key] !== undefined);
}

const BUILTIN_GROUPS = new Set(['', 'apps', 'batch', 'networking.k8s.io', 'autoscaling', 'coordination.k8s.io', 'policy', 'apiextensions.k8s.io']);

export function isBuiltinApiVersion(apiVersion: string | undefined): boolean {
  if (!apiVersion) return false;
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return BUILTIN_GROUPS.has(group);
}
