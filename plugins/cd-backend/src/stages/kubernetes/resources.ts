import type { KubeConfig } from '@kubernetes/client-node';
import { getJson } from '../../kubernetes';

/** Where a kind lives in the API: enough to build its REST path. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

/** Kinds reachable by Spinnaker's "kind name" (`replicaSet demo-v001`), keyed by lowercased kind. */
const KNOWN: ResourceRef[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true },
  { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true },
  { apiVersion: 'v1', kind: 'Service', plural: 'services', namespaced: true },
  { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  { apiVersion: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
  { apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true },
  { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true },
  { apiVersion: 'batch/v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', plural: 'ingresses', namespaced: true },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true },
];
const BY_KIND = new Map(KNOWN.map(r => [r.kind.toLowerCase(), r]));

/** `replicaSet demo-v001` → the known kind and the name; undefined for kinds not in the table. */
export function parseManifestName(manifestName: string): { ref?: ResourceRef; kind: string; name: string } {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(manifestName);
  if (!match) throw new Error(`manifestName must be "kind name" (e.g. "deployment web"), got ${JSON.stringify(manifestName)}`);
  return { ref: BY_KIND.get(match[1].toLowerCase()), kind: match[1], name: match[2] };
}

/** Spinnaker's spelling of a kind in names: `replicaSet`, `deployment`. */
export const spinnakerKind = (kind: string) => kind.charAt(0).toLowerCase() + kind.slice(1);

export function resourcePath(ref: ResourceRef, namespace: string, name?: string): string {
  const base = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
  const scope = ref.namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${scope}/${ref.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

interface ApiResourceList {
  resources: Array<{ name: string; kind: string; namespaced: boolean }>;
}

/** Finds a manifest's resource: the table first, then the API server's discovery (for CRDs). */
export async function resolveResource(kubeConfig: KubeConfig, apiVersion: string, kind: string): Promise<ResourceRef> {
  const known = BY_KIND.get(kind.toLowerCase());
  if (known && known.apiVersion === apiVersion) return known;
  const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const list = await getJson<ApiResourceList>(kubeConfig, path, `discovery of ${apiVersion}`);
  const found = list.resources.find(r => r.kind === kind && !r.name.includes('/'));
  if (!found) throw new Error(`the cluster has no kind ${kind} in ${apiVersion}`);
  return { apiVersion, kind, plural: found.name, namespaced: found.namespaced };
}
