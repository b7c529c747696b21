import type { KubeConfig } from '@kubernetes/client-node';
import { kubeRequest } from '../../stages/kubernetes/request';

/** Raw Kubernetes objects as the API server returns them. */
export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string }>;
    [key: string]: unknown;
  };
  spec?: any;
  status?: any;
};

export const FIELD_MANAGER = 'backstage-cd-canary';

const PATHS = {
  Service: (ns: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/services`,
  Pod: (ns: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`,
  Deployment: (ns: string) => `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/deployments`,
  ReplicaSet: (ns: string) => `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/replicasets`,
  StatefulSet: (ns: string) => `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/statefulsets`,
  HTTPRoute: (ns: string) => `/apis/gateway.networking.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/httproutes`,
} as const;
export type CanaryKind = keyof typeof PATHS;

/** The few calls the canary stages make, over one account's KubeConfig. */
export class CanaryKube {
  constructor(private readonly kubeConfig: KubeConfig, private readonly signal?: AbortSignal) {}

  get(kind: CanaryKind, namespace: string, name: string): Promise<KubeObject | undefined> {
    return kubeRequest<KubeObject>(this.kubeConfig, {
      method: 'GET',
      path: `${PATHS[kind](namespace)}/${encodeURIComponent(name)}`,
      what: `read ${kind} ${name} in ${namespace}`,
      signal: this.signal,
    });
  }

  async list(kind: CanaryKind, namespace: string, labelSelector?: string): Promise<KubeObject[]> {
    const list = await kubeRequest<{ items: KubeObject[] }>(this.kubeConfig, {
      method: 'GET',
      path: PATHS[kind](namespace),
      query: labelSelector ? { labelSelector } : {},
      what: `list ${kind}s in ${namespace}`,
      signal: this.signal,
    });
    return list?.items ?? [];
  }

  /** Server-side apply: creates or updates the fields this product manages. */
  async apply(kind: CanaryKind, manifest: KubeObject): Promise<KubeObject> {
    const namespace = manifest.metadata.namespace!;
    const applied = await kubeRequest<KubeObject>(this.kubeConfig, {
      method: 'PATCH',
      path: `${PATHS[kind](namespace)}/${encodeURIComponent(manifest.metadata.name)}`,
      query: { fieldManager: FIELD_MANAGER, force: 'true' },
      body: manifest,
      contentType: 'application/apply-patch+yaml',
      what: `apply ${kind} ${manifest.metadata.name} in ${namespace}`,
      signal: this.signal,
    });
    if (!applied) throw new Error(`apply ${kind} ${manifest.metadata.name} in ${namespace}: not found`);
    return applied;
  }

  /** JSON merge patch (replaces lists such as an HTTPRoute's rules as a whole). */
  async mergePatch(kind: CanaryKind, namespace: string, name: string, patch: unknown): Promise<KubeObject | undefined> {
    return kubeRequest<KubeObject>(this.kubeConfig, {
      method: 'PATCH',
      path: `${PATHS[kind](namespace)}/${encodeURIComponent(name)}`,
      body: patch,
      contentType: 'application/merge-patch+json',
      what: `patch ${kind} ${name} in ${namespace}`,
      signal: this.signal,
    });
  }

  /** Deletes (background propagation); true when it existed. */
  async delete(kind: CanaryKind, namespace: string, name: string): Promise<boolean> {
    const deleted = await kubeRequest(this.kubeConfig, {
      method: 'DELETE',
      path: `${PATHS[kind](namespace)}/${encodeURIComponent(name)}`,
      query: { propagationPolicy: 'Background' },
      what: `delete ${kind} ${name} in ${namespace}`,
      signal: this.signal,
    });
    return deleted !== undefined;
  }
}
