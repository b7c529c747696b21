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

/** The version a live object carries: its sequence annotation, else its `-vNNN` suffix. */
export function sequenceOf(object: KubeObject): number | undefined {
  const annotated = Number(object.metadata?.annotations?.[ANNOTATIONS.sequence]);
  if (Number.isInteger(annotated) && annotated >= 0) return annotated;
  const match = /-v(\d{3,})$/.exec(object.metadata?.name ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * Names a versioned manifest: the version a repeated run of the same task
 * already created, else one past the highest existing version of its cluster.
 */
export function nextVersion(manifest: KubeObject, existing: KubeObject[], deployKey: string): KubeObject {
  const cluster = manifest.metadata!.annotations![ANNOTATIONS.cluster];
  const application = manifest.metadata!.annotations![ANNOTATIONS.application];
  const siblings = existing.filter(
    o => o.metadata?.annotations?.[ANNOTATIONS.cluster] === cluster && o.metadata?.annotations?.[ANNOTATIONS.application] === application,
  );
  const repeated = siblings.find(o => o.metadata?.annotations?.[ANNOTATIONS.deployKey] === deployKey);
  const sequence = repeated
    ? sequenceOf(repeated) ?? 0
    : siblings.reduce((max, o) => Math.max(max, sequenceOf(o) ?? -1), -1) + 1;
  const copy: KubeObject = structuredClone(manifest);
  copy.metadata!.name = `${manifest.metadata!.name}-v${String(sequence).padStart(3, '0')}`;
  copy.metadata!.annotations![ANNOTATIONS.sequence] = String(sequence);
  copy.metadata!.annotations![ANNOTATIONS.deployKey] = deployKey;
  return copy;
}
