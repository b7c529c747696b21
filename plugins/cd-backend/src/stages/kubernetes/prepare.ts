import { Artifact, bindArtifacts, withArtifactAnnotations } from './artifacts';
import type { KubeApi } from './kubeApi';
import { annotate, ANNOTATIONS, clusterName, contentHash, isVersioned, KubeObject, nextVersion, sequenceOf } from './manifests';
import type { ResourceRef } from './resources';
import { listCluster } from './serverGroups';
import { LOAD_BALANCERS_ANNOTATION, loadBalancersOf, readServices, selectorOverlap, TrafficService, withTrafficLabels } from './traffic';

/** What a deploy does to every manifest, shared by deployManifest and the diff service. */
export interface PrepareOptions {
  application: string;
  namespaceOverride?: string;
  /** The task's idempotency key: a repeated run finds the version it created. */
  deployKey: string;
  /** trafficManagement.options.services, added to each workload's load balancers. */
  loadBalancers: string[];
  enableTraffic: boolean;
  /** Versioned configs deployed earlier in the same stage: `configMap settings` → `settings-v002`. */
  configs: Map<string, string>;
  images: Artifact[];
}

export interface PreparedManifest {
  manifest: KubeObject;
  ref: ResourceRef;
  namespace: string;
  name: string;
  /** Spinnaker's "kind name": `replicaSet demo-v001`. */
  displayName: string;
  /** `replicaSet demo`: the cluster the versions belong to. */
  cluster: string;
  versioned: boolean;
  services: TrafficService[];
  bound: Artifact[];
}

const KIND_ORDER = ['Namespace', 'CustomResourceDefinition', 'ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding',
  'ConfigMap', 'Secret', 'PersistentVolumeClaim', 'Service'];
const rank = (m: KubeObject) => {
  const i = KIND_ORDER.indexOf(m.kind ?? '');
  return i === -1 ? KIND_ORDER.length : i;
};

/** Configs and Services before the workloads that use them (stable otherwise). */
export const deployOrder = (manifests: KubeObject[]) => manifests.map((m, i) => ({ m, i })).sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i).map(x => x.m);

const hasPodTemplate = (m: KubeObject) => Boolean(m.spec?.template);
const isTrue = (v: unknown) => String(v).toLowerCase() === 'true';

/**
 * Annotates (moniker, artifact, load balancers), binds artifacts, labels the
 * pod template for traffic, names the version and applies the capacity
 * strategy: the manifest exactly as it will be applied.
 */
export async function prepareManifest(api: KubeApi, raw: KubeObject, options: PrepareOptions): Promise<PreparedManifest> {
  const ref = await api.resource(raw.apiVersion!, raw.kind!);
  const namespace = ref.namespaced ? options.namespaceOverride || raw.metadata?.namespace || 'default' : '';
  const baseName = raw.metadata!.name!;
  let manifest = annotate(raw, { application: options.application, namespace });
  if (!ref.namespaced) delete manifest.metadata!.namespace;
  const binding = bindArtifacts(manifest, { images: options.images, configs: options.configs });
  manifest = binding.manifest;

  let services: TrafficService[] = [];
  if (hasPodTemplate(manifest)) {
    const loadBalancers = [...new Set([...loadBalancersOf(manifest), ...options.loadBalancers])];
    if (loadBalancers.length > 0) {
      manifest.metadata!.annotations![LOAD_BALANCERS_ANNOTATION] = JSON.stringify(loadBalancers);
      services = await readServices(api, namespace, loadBalancers);
      const overlap = selectorOverlap(manifest, services);
      if (overlap) throw new Error(overlap);
      manifest = withTrafficLabels(manifest, services, options.enableTraffic);
    }
  }

  const versioned = isVersioned(manifest);
  const cluster = manifest.metadata!.annotations![ANNOTATIONS.cluster];
  let live: KubeObject | undefined;
  let siblings: KubeObject[] = [];
  if (versioned) {
    manifest.metadata!.annotations![ANNOTATIONS.contentHash] = contentHash(manifest);
    siblings = await listCluster(api, ref, namespace, cluster, options.application);
    manifest = nextVersion(manifest, siblings, options.deployKey);
    live = siblings.find(s => s.metadata?.name === manifest.metadata!.name);
  } else {
    live = await api.get(ref, namespace, baseName);
  }
  const sequence = versioned ? sequenceOf(manifest) : undefined;
  manifest = withArtifactAnnotations(manifest, baseName, sequence === undefined ? undefined : `v${String(sequence).padStart(3, '0')}`);

  if (isTrue(manifest.metadata!.annotations![ANNOTATIONS.useSourceCapacity]) && manifest.spec && 'replicas' in manifest.spec) {
    // The version being replaced (or this object itself) sets the capacity.
    const source = live ?? siblings[siblings.length - 1];
    if (source?.spec?.replicas !== undefined) manifest.spec.replicas = source.spec.replicas;
  }
  const name = manifest.metadata!.name!;
  return {
    manifest,
    ref,
    namespace,
    name,
    displayName: clusterName(ref.kind, name),
    cluster,
    versioned,
    services,
    bound: binding.bound,
  };
}

/** Whether the strategy annotations ask for delete-then-create or `kubectl replace`. */
export function applyStrategy(manifest: KubeObject): { recreate: boolean; replace: boolean; maxVersionHistory?: number } {
  const a = manifest.metadata?.annotations ?? {};
  const max = Number(a[ANNOTATIONS.maxVersionHistory]);
  return {
    recreate: isTrue(a[ANNOTATIONS.recreate]),
    replace: isTrue(a[ANNOTATIONS.replace]),
    maxVersionHistory: Number.isInteger(max) && max > 0 ? max : undefined,
  };
}
