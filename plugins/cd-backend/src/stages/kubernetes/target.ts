import type { TaskContext } from '@internal/plugin-cd-node';
import { parseManifestName, ResourceRef } from './resources';

/** The object a scale/delete stage acts on: `account`, `location` (namespace) and `manifestName` ("kind name"). */
export interface ManifestTarget {
  account: string;
  namespace: string;
  manifestName: string;
  ref: ResourceRef;
  name: string;
}

export function manifestTarget(ctx: TaskContext): ManifestTarget | { error: string } {
  const { account, location, manifestName } = ctx.context;
  if (typeof account !== 'string' || !account) return { error: 'stage.account is required' };
  if (typeof manifestName !== 'string' || !manifestName) return { error: 'stage.manifestName is required' };
  let parsed;
  try {
    parsed = parseManifestName(manifestName);
  } catch (e) {
    return { error: `stage.manifestName: ${(e as Error).message}` };
  }
  if (!parsed.ref) return { error: `stage.manifestName: unsupported kind '${parsed.kind}'` };
  const namespace = typeof location === 'string' && location ? location : 'default';
  return { account, namespace, manifestName, ref: parsed.ref, name: parsed.name };
}
