import type { ExecutionView } from '@internal/plugin-cd-node';
import type { KubeObject } from './manifests';
import { spinnakerKind } from './resources';

/** Spinnaker's artifact: what stages produce and consume (images, manifests, configs). */
export interface Artifact {
  type: string;
  name?: string;
  reference?: string;
  version?: string;
  location?: string;
  id?: string;
  artifactAccount?: string;
  metadata?: Record<string, unknown>;
}

export const EMBEDDED = 'embedded/base64';

export function decodeEmbedded(artifact: Artifact): string {
  if (artifact.type !== EMBEDDED) throw new Error(`artifact ${artifact.name ?? artifact.id ?? ''} is of type ${artifact.type}; only ${EMBEDDED} manifests can be read`);
  if (typeof artifact.reference !== 'string') throw new Error(`artifact ${artifact.name ?? artifact.id ?? ''} has no reference (base64 content)`);
  return Buffer.from(artifact.reference, 'base64').toString('utf8');
}

/** `artifact.spinnaker.io/*`: what the deployed object is, as an artifact. */
export function withArtifactAnnotations(manifest: KubeObject, baseName: string, version?: string): KubeObject {
  const copy: KubeObject = structuredClone(manifest);
  const annotations = ((copy.metadata ??= {}).annotations ??= {});
  annotations['artifact.spinnaker.io/type'] = `kubernetes/${spinnakerKind(copy.kind ?? '')}`;
  annotations['artifact.spinnaker.io/name'] = baseName;
  annotations['artifact.spinnaker.io/location'] = copy.metadata.namespace ?? '';
  if (version) annotations['artifact.spinnaker.io/version'] = version;
  return copy;
}

/** The artifact an applied object is (Spinnaker's `outputs.createdArtifacts`). */
export function createdArtifact(applied: KubeObject, account: string): Artifact {
  const a = applied.metadata?.annotations ?? {};
  return {
    type: a['artifact.spinnaker.io/type'] ?? `kubernetes/${spinnakerKind(applied.kind ?? '')}`,
    name: a['artifact.spinnaker.io/name'] ?? applied.metadata?.name,
    reference: applied.metadata?.name,
    location: applied.metadata?.namespace,
    ...(a['artifact.spinnaker.io/version'] ? { version: a['artifact.spinnaker.io/version'] } : {}),
    metadata: { account },
  };
}

/** The trigger's artifacts, then every artifact earlier stages produced (`outputs.artifacts`, `outputs.createdArtifacts`), newest stage last. */
export function producedArtifacts(execution: ExecutionView): Artifact[] {
  const stages = [...execution.stages].filter(s => s.endTime).sort((a, b) => (a.endTime ?? 0) - (b.endTime ?? 0));
  const fromTrigger = (execution.trigger as { artifacts?: unknown }).artifacts;
  return [
    ...(Array.isArray(fromTrigger) ? (fromTrigger as Artifact[]) : []),
    ...stages.flatMap(s => {
      const o = (s.outputs ?? {}) as Record<string, unknown>;
      return [o.artifacts, o['outputs.createdArtifacts']].flatMap(list => (Array.isArray(list) ? (list as Artifact[]) : []));
    }),
  ];
}

/** Expected artifacts declared anywhere in the execution (Spinnaker binds produced artifacts to them by id). */
function expectedArtifacts(execution: ExecutionView): Array<{ id: string; matchArtifact?: Partial<Artifact> }> {
  const top = ((execution as { expectedArtifacts?: unknown }).expectedArtifacts ?? []) as Array<{ id: string }>;
  const inStages = execution.stages.flatMap(s => ((s.context as Record<string, unknown>)?.expectedArtifacts ?? []) as Array<{ id: string }>);
  return [...(Array.isArray(top) ? top : []), ...inStages];
}

const matches = (artifact: Artifact, pattern: Partial<Artifact>) =>
  (!pattern.type || artifact.type === pattern.type) && (!pattern.name || artifact.name === pattern.name);

/**
 * The artifact a consumer names: by `manifestArtifactId` (an artifact's id, or
 * an expected artifact's id whose match picks the produced one), or inline
 * (`manifestArtifact`: used as it is when it carries content, else matched).
 */
export function findArtifact(execution: ExecutionView, byId?: string, inline?: Partial<Artifact>): Artifact | undefined {
  const produced = producedArtifacts(execution).reverse();
  if (inline) {
    if (inline.type === EMBEDDED && inline.reference) return inline as Artifact;
    return produced.find(a => matches(a, inline));
  }
  if (!byId) return undefined;
  const direct = produced.find(a => a.id === byId);
  if (direct) return direct;
  const expected = expectedArtifacts(execution).find(e => e.id === byId);
  return expected?.matchArtifact ? produced.find(a => matches(a, expected.matchArtifact!)) : undefined;
}

const imageName = (image: string) => {
  const withoutDigest = image.split('@')[0];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
};

/** Pod specs of a workload: its own (Pod), its template's, or a CronJob's job template's. */
function podSpecs(manifest: KubeObject): Array<Record<string, any>> {
  if (manifest.kind === 'Pod') return manifest.spec ? [manifest.spec] : [];
  const template = manifest.spec?.template?.spec ?? manifest.spec?.jobTemplate?.spec?.template?.spec;
  return template ? [template] : [];
}

export interface Bindings {
  /** docker/image artifacts: a container whose image has the artifact's name gets its reference. */
  images: Artifact[];
  /** `configMap settings` → `settings-v003`: versioned configs deployed in the same stage. */
  configs: Map<string, string>;
}

/**
 * Spinnaker's artifact replacement: images named by docker/image artifacts,
 * and references to ConfigMaps/Secrets deployed (versioned) in the same stage.
 */
export function bindArtifacts(manifest: KubeObject, bindings: Bindings): { manifest: KubeObject; bound: Artifact[] } {
  const copy: KubeObject = structuredClone(manifest);
  const bound: Artifact[] = [];
  const config = (kind: 'configMap' | 'secret', ref: Record<string, any> | undefined, field: string) => {
    const versioned = ref?.[field] && bindings.configs.get(`${kind} ${ref[field]}`);
    if (versioned) {
      bound.push({ type: `kubernetes/${kind}`, name: ref![field], reference: versioned });
      ref![field] = versioned;
    }
  };
  for (const spec of podSpecs(copy)) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      const image = bindings.images.find(a => c.image && a.name === imageName(c.image));
      if (image?.reference) {
        c.image = image.reference;
        bound.push(image);
      }
      for (const from of c.envFrom ?? []) {
        config('configMap', from.configMapRef, 'name');
        config('secret', from.secretRef, 'name');
      }
      for (const env of c.env ?? []) {
        config('configMap', env.valueFrom?.configMapKeyRef, 'name');
        config('secret', env.valueFrom?.secretKeyRef, 'name');
      }
    }
    for (const volume of spec.volumes ?? []) {
      config('configMap', volume.configMap, 'name');
      config('secret', volume.secret, 'secretName');
    }
  }
  return { manifest: copy, bound };
}

/** A ConfigMap/Secret name without its `-vNNN` version: the artifact's name. */
const unversioned = (name: string) => name.replace(/-v\d{3,}$/, '');

/**
 * What a live workload uses, as artifacts: container images (docker/image)
 * and the ConfigMaps/Secrets it references (kubernetes/configMap|secret).
 */
export function referencedArtifacts(manifest: KubeObject): Artifact[] {
  const namespace = manifest.metadata?.namespace;
  const found = new Map<string, Artifact>();
  const add = (a: Artifact) => found.set(`${a.type} ${a.reference}`, a);
  const config = (kind: 'configMap' | 'secret', name: unknown) => {
    if (typeof name === 'string' && name) {
      const version = /-(v\d{3,})$/.exec(name)?.[1];
      add({ type: `kubernetes/${kind}`, name: unversioned(name), reference: name, location: namespace, ...(version ? { version } : {}) });
    }
  };
  for (const spec of podSpecs(manifest)) {
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      if (typeof c.image === 'string') {
        const name = imageName(c.image);
        const tag = c.image.includes('@') ? c.image.split('@')[1] : c.image.slice(name.length + 1) || undefined;
        add({ type: 'docker/image', name, reference: c.image, ...(tag ? { version: tag } : {}) });
      }
      for (const from of c.envFrom ?? []) {
        config('configMap', from.configMapRef?.name);
        config('secret', from.secretRef?.name);
      }
      for (const env of c.env ?? []) {
        config('configMap', env.valueFrom?.configMapKeyRef?.name);
        config('secret', env.valueFrom?.secretKeyRef?.name);
      }
    }
    for (const volume of spec.volumes ?? []) {
      config('configMap', volume.configMap?.name);
      config('secret', volume.secret?.secretName);
      for (const source of volume.projected?.sources ?? []) {
        config('configMap', source.configMap?.name);
        config('secret', source.secret?.name);
      }
    }
  }
  return [...found.values()];
}
