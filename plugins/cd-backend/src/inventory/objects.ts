/** A Kubernetes object as the API server sends it (only what the inventory reads is typed). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; uid: string; controller?: boolean }>;
    managedFields?: unknown;
    [key: string]: unknown;
  };
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * What the inventory keeps of an object: no managedFields (large, never shown),
 * and for Secrets metadata only — their data and any annotation that copies
 * it (`last-applied-configuration`) never enter memory.
 */
export function slim(kind: string, obj: KubeObject): KubeObject {
  const { managedFields: _managed, ...metadata } = obj.metadata;
  if (kind !== 'Secret') return { ...obj, metadata };
  const annotations = { ...(metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  return {
    apiVersion: obj.apiVersion ?? 'v1',
    kind: 'Secret',
    metadata: { ...metadata, annotations },
    type: obj.type,
  };
}

/** The controlling owner (or the first one). */
export function ownerOf(obj: KubeObject) {
  const refs = obj.metadata.ownerReferences ?? [];
  return refs.find(r => r.controller) ?? refs[0];
}

export function matchesSelector(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const entries = Object.entries(selector);
  if (entries.length === 0) return false;
  return entries.every(([key, value]) => labels?.[key] === value);
}

/** The pod template of a workload (a CronJob's is inside its job template). */
export function podTemplate(kind: string, obj: KubeObject): { metadata?: { labels?: Record<string, string> }; spec?: any } | undefined {
  if (kind === 'CronJob') return obj.spec?.jobTemplate?.spec?.template;
  return obj.spec?.template;
}
