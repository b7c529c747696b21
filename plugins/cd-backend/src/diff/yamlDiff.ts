import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import { canonicalJson, KubeObject } from '../stages/kubernetes/manifests';

const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'selfLink'] as const;

/** An object without the fields the API server manages, so that only user-visible changes remain. */
export function stripServerFields(object: KubeObject): KubeObject {
  const copy: KubeObject = structuredClone(object);
  delete copy.status;
  const metadata = copy.metadata as Record<string, unknown> | undefined;
  for (const field of SERVER_METADATA) delete metadata?.[field];
  return copy;
}

/** YAML with sorted keys, so that key order never shows up as a change. */
export function toStableYaml(object: KubeObject | undefined): string {
  return object ? stringify(JSON.parse(canonicalJson(object)), { sortMapEntries: true }) : '';
}

/** Unified diff of the live object against what the apply would make of it. */
export function manifestDiff(label: string, live: KubeObject | undefined, proposed: KubeObject): { changed: boolean; diff: string } {
  const before = toStableYaml(live && stripServerFields(live));
  const after = toStableYaml(stripServerFields(proposed));
  if (before === after) return { changed: false, diff: '' };
  return { changed: true, diff: createTwoFilesPatch(`live/${label}`, `dry-run/${label}`, before, after, undefined, undefined, { context: 3 }) };
}
