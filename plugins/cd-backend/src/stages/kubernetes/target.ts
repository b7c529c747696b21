import type { TaskContext, TaskDefinition } from '@internal/plugin-cd-node';
import type { StageConfig, ValidationIssue } from '@internal/plugin-cd-common';
import type { KubernetesClientFactory } from '../../kubernetes';
import { isExpression, requireField } from '../validation';
import { KubeApi } from './kubeApi';
import { clusterName } from './manifests';
import { parseManifestName, ResourceRef } from './resources';
import { CRITERIA, Criteria, listCluster, pickByCriteria } from './serverGroups';

/**
 * The object a stage acts on: `account`, `location` (namespace) and either a
 * static `manifestName` ("kind name") or a dynamic `cluster` + `criteria`,
 * which the `resolveTargetManifest` task turns into a `manifestName` first.
 */
export interface ManifestTarget {
  account: string;
  namespace: string;
  manifestName: string;
  ref: ResourceRef;
  name: string;
}

const isDynamic = (c: Readonly<Record<string, unknown>>) =>
  c.mode === 'dynamic' || (c.mode !== 'static' && Boolean(c.cluster) && Boolean(c.criteria));

/** Validation: account, and a static or dynamic target. */
export function targetIssues(stage: StageConfig, path: string): ValidationIssue[] {
  const issues = requireField(stage, 'account', path);
  if (!isDynamic(stage)) {
    if (stage.cluster && !stage.criteria) return [...issues, { path: `${path}.criteria`, message: `is required with cluster (one of ${CRITERIA.join(', ')})` }];
    return [...issues, ...requireField(stage, 'manifestName', path)];
  }
  issues.push(...requireField(stage, 'cluster', path));
  const criteria = stage.criteria;
  if (!isExpression(criteria) && !CRITERIA.includes(criteria as Criteria)) {
    issues.push({ path: `${path}.criteria`, message: `must be one of ${CRITERIA.join(', ')}` });
  }
  return issues;
}

/** The static target from the stage context (after resolution for dynamic stages). */
export function manifestTarget(ctx: Pick<TaskContext, 'context'>): ManifestTarget | { error: string } {
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

/** `replicaSet demo` (or `demo` with `kind: replicaSet`) → the cluster name and its resource. */
function clusterTarget(context: Readonly<Record<string, unknown>>): { cluster: string; ref: ResourceRef } | { error: string } {
  const raw = String(context.cluster ?? '').trim();
  const full = !raw.includes(' ') && context.kind ? clusterName(String(context.kind), raw) : raw;
  try {
    const { ref, kind, name } = parseManifestName(full);
    if (!ref) return { error: `stage.cluster: unsupported kind '${kind}'` };
    return { cluster: clusterName(ref.kind, name), ref };
  } catch {
    return { error: `stage.cluster must be "kind name" (e.g. "replicaSet demo-app") or come with stage.kind, got ${JSON.stringify(raw)}` };
  }
}

/**
 * `resolveTargetManifest`: for a dynamic target, lists the cluster's server
 * groups and records the chosen one as `manifestName`, so that later tasks
 * (and their repeated runs) act on the same object.
 */
export function resolveTargetTask(clients: KubernetesClientFactory): TaskDefinition {
  return {
    name: 'resolveTargetManifest',
    async run(ctx) {
      if (!isDynamic(ctx.context)) return { status: 'SUCCEEDED' };
      const account = String(ctx.context.account ?? '');
      if (!account) return { status: 'TERMINAL', error: 'stage.account is required' };
      const criteria = String(ctx.context.criteria ?? '') as Criteria;
      if (!CRITERIA.includes(criteria)) return { status: 'TERMINAL', error: `stage.criteria must be one of ${CRITERIA.join(', ')}, got ${JSON.stringify(criteria)}` };
      const target = clusterTarget(ctx.context);
      if ('error' in target) return { status: 'TERMINAL', error: target.error };
      const namespace = String(ctx.context.location || 'default');
      const application = typeof ctx.context.app === 'string' ? ctx.context.app : undefined;
      const serverGroups = await listCluster(KubeApi.of(clients, account, ctx.signal), target.ref, namespace, target.cluster, application);
      const chosen = pickByCriteria(serverGroups, criteria);
      if (!chosen) {
        return {
          status: 'TERMINAL',
          error: `no ${criteria} server group in cluster '${target.cluster}' in ${namespace} (account ${account}): it has ${serverGroups.length}`,
        };
      }
      const manifestName = clusterName(target.ref.kind, chosen.metadata!.name!);
      ctx.logger.info(`${criteria} of ${target.cluster} in ${namespace} is ${manifestName}`);
      return { status: 'SUCCEEDED', context: { manifestName, location: namespace }, outputs: { manifestName } };
    },
  };
}
