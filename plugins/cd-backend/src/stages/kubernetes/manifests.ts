import { createHash } from 'crypto';

/** Spinnaker's annotations and the `-vNNN` versioning of manifests (Clouddriver's annotater and strategy rules). */

export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    generation?: number;
  };
  spec?: Record<string, any>;
  status?: Record<string, any>;
  [key: string]: unknown;
};

export const ANNOTATIONS = {
  application: 'moniker.spinnaker.io/application',
  cluster: 'moniker.spinnaker.io/cluster',
  sequence: 'moniker.spinnaker.io/sequence',
  versioned: 'strategy.spinnaker.io/versioned',
  /** Which task attempt created a version, so a repeated run reuses it instead of making another. */
  deployKey: 'cd.backstage.io/deploy-key',
  /** A digest of what was deployed, so deploying the same content again reuses its version. */
  contentHash: 'cd.backstage.io/content-hash',
  maxVersionHistory: 'strategy.spinnaker.io/max-version-history',
  useSourceCapacity: 'strategy.spinnaker.io/use-source-capacity',
  recreate: 'strategy.spinnaker.io/recreate',
  replace: 'strategy.spinnaker.io/replace',
} as const;
export const MANAGED_BY = { label: 'app.kubernetes.io/managed-by', value: 'backstage-cd' };

const VERSIONED_KINDS = new Set(['ReplicaSet', 'ConfigMap', 'Secret', 'Pod']);

export function isVersioned(manifest: KubeObject): boolean {
  const explicit = manifest.metadata?.annotations?.[ANNOTATIONS.versioned];
  if (explicit !== undefined) return explicit === 'true';
  return VERSIONED_KINDS.has(manifest.kind ?? '');
}

export const clusterName = (kind: string, name: string) => `${kind.charAt(0).toLowerCase()}${kind.slice(1)} ${name}`;

/** Adds moniker and artifact annotations and the managed-by label, leaving the input untouched. */
export function annotate(
  manifest: KubeObject,
  options: { application: string; namespace: string; artifact?: Record<string, string> },
): KubeObject {
  const copy: KubeObject = structuredClone(manifest);
  const metadata = (copy.metadata ??= {});
  metadata.namespace = options.namespace;
  const annotations = (metadata.annotations ??= {});
  annotations[ANNOTATIONS.application] ??= options.application;
  annotations[ANNOTATIONS.cluster] ??= clusterName(copy.kind ?? '', metadata.name ?? '');
  for (const [key, value] of Object.entries(options.artifact ?? {})) annotations[`artifact.spinnaker.io/${key}`] = value;
  metadata.labels = { ...metadata.labels, [MANAGED_BY.label]: MANAGED_BY.value };
  return copy;
}

export const versionedName = (name: string, sequence: number) => `${name}-v${String(sequence).padStart(3, '0')}`;

/** The version a live object carries: its sequence annotation, else its `-vNNN` suffix. */
export function sequenceOf(object: KubeObject): number | undefined {
  const annotated = Number(object.metadata?.annotations?.[ANNOTATIONS.sequence]);
  if (Number.isInteger(annotated) && annotated >= 0) return annotated;
  const match = /-v(\d{3,})$/.exec(object.metadata?.name ?? '');
  return match ? Number(match[1]) : undefined;
}

/** Stable JSON (sorted keys) for digests and comparisons. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => Number(a > b) - Number(a < b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The digest of a manifest's content before it is versioned. */
export function contentHash(manifest: KubeObject): string {
  const copy: KubeObject = structuredClone(manifest);
  for (const key of [ANNOTATIONS.contentHash, ANNOTATIONS.deployKey, ANNOTATIONS.sequence]) delete copy.metadata?.annotations?.[key];
  return createHash('sha256').update(canonicalJson(copy)).digest('hex').slice(0, 32);
}

/**
 * Names a versioned manifest: the version a repeated run of the same task
 * already created, else the version already holding the same content (the
 * content hash annotation), else one past the highest version of its cluster.
 */
export function nextVersion(manifest: KubeObject, existing: KubeObject[], deployKey: string): KubeObject {
  const cluster = manifest.metadata!.annotations![ANNOTATIONS.cluster];
  const application = manifest.metadata!.annotations![ANNOTATIONS.application];
  const siblings = existing.filter(
    o => o.metadata?.annotations?.[ANNOTATIONS.cluster] === cluster && o.metadata?.annotations?.[ANNOTATIONS.application] === application,
  );
  const hash = manifest.metadata!.annotations![ANNOTATIONS.contentHash];
  const newestFirst = [...siblings].sort((a, b) => (sequenceOf(b) ?? -1) - (sequenceOf(a) ?? -1));
  const repeated = siblings.find(o => o.metadata?.annotations?.[ANNOTATIONS.deployKey] === deployKey);
  const sameContent = hash ? newestFirst.find(o => o.metadata?.annotations?.[ANNOTATIONS.contentHash] === hash) : undefined;
  const reused = repeated ?? sameContent;
  const sequence = reused ? sequenceOf(reused) ?? 0 : (sequenceOf(newestFirst[0] ?? {}) ?? -1) + 1;
  const copy: KubeObject = structuredClone(manifest);
  copy.metadata!.name = versionedName(manifest.metadata!.name!, sequence);
  copy.metadata!.annotations![ANNOTATIONS.sequence] = String(sequence);
  // Reusing a version keeps its key, so that applying the same content changes nothing.
  copy.metadata!.annotations![ANNOTATIONS.deployKey] = reused?.metadata?.annotations?.[ANNOTATIONS.deployKey] ?? deployKey;
  return copy;
}
