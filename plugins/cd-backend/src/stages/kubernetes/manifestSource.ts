import type { TaskContext } from '@internal/plugin-cd-node';
import { parseAllDocuments } from 'yaml';
import { Artifact, decodeEmbedded, findArtifact } from './artifacts';
import type { KubeObject } from './manifests';

/** YAML (one or more documents, `kind: List` flattened) → manifests. */
export function parseManifestText(text: string, where: string): KubeObject[] {
  const docs = parseAllDocuments(text);
  const out: KubeObject[] = [];
  docs.forEach((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`${where}: YAML document ${i + 1}: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: YAML document ${i + 1} is not an object`);
    out.push(...flattenLists([value as KubeObject]));
  });
  return out;
}

function flattenLists(manifests: KubeObject[]): KubeObject[] {
  return manifests.flatMap(m => (m.kind === 'List' && Array.isArray(m.items) ? flattenLists(m.items as KubeObject[]) : [m]));
}

/** `manifests` as text: a list of objects (or YAML strings), or one YAML string. */
export function textManifests(value: unknown): KubeObject[] {
  if (typeof value === 'string') return parseManifestText(value, 'stage.manifests');
  if (!Array.isArray(value)) throw new Error('stage.manifests must be a list of manifests or a YAML string');
  return flattenLists(value.flatMap((m, i) => (typeof m === 'string' ? parseManifestText(m, `stage.manifests[${i}]`) : [m as KubeObject])));
}

export const usesArtifact = (c: Readonly<Record<string, unknown>>) =>
  c.source === 'artifact' || (c.source === undefined && Boolean(c.manifestArtifactId || c.manifestArtifact));

/**
 * The manifests a deploy applies: from the stage (`source: text`) or from an
 * embedded/base64 artifact (`source: artifact`), whose `${…}` expressions are
 * evaluated here unless `skipExpressionEvaluation` is set.
 */
export function sourceManifests(ctx: TaskContext): KubeObject[] {
  const c = ctx.context;
  if (!usesArtifact(c)) return textManifests(c.manifests);
  const artifact = findArtifact(ctx.execution, c.manifestArtifactId as string | undefined, c.manifestArtifact as Partial<Artifact> | undefined);
  if (!artifact) {
    const named = c.manifestArtifactId ? `id ${JSON.stringify(c.manifestArtifactId)}` : JSON.stringify(c.manifestArtifact ?? null);
    throw new Error(`stage.manifestArtifactId: no artifact ${named} was produced by an earlier stage or the trigger`);
  }
  const manifests = parseManifestText(decodeEmbedded(artifact), `artifact ${artifact.name ?? artifact.id ?? ''}`);
  if (c.skipExpressionEvaluation === true) return manifests;
  const evaluated = ctx.evaluate(manifests);
  if (evaluated.failed && evaluated.errors.length > 0) {
    throw new Error(`expressions in artifact ${artifact.name ?? ''} failed: ${evaluated.errors.join('; ')}`);
  }
  return evaluated.value;
}

/** `requiredArtifactIds` and `requiredArtifacts` ({id} or {artifact}) resolved against the execution. */
export function requiredArtifacts(ctx: TaskContext): Artifact[] {
  const c = ctx.context;
  const ids = Array.isArray(c.requiredArtifactIds) ? (c.requiredArtifactIds as string[]) : [];
  type Required = { id?: string; artifact?: Artifact };
  const entries = Array.isArray(c.requiredArtifacts) ? (c.requiredArtifacts as Required[]) : [];
  const found: Artifact[] = [];
  for (const ref of [...ids.map((id): Required => ({ id })), ...entries]) {
    const artifact = ref.artifact?.reference ? ref.artifact : findArtifact(ctx.execution, ref.id ?? ref.artifact?.id, ref.id ? undefined : ref.artifact);
    if (!artifact) throw new Error(`stage.requiredArtifacts: no artifact ${JSON.stringify(ref.id ?? ref.artifact)} was produced by an earlier stage or the trigger`);
    found.push(artifact);
  }
  return found;
}
