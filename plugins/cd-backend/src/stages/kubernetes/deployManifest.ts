import type { StageDefinition, TaskContext, TaskResult } from '@internal/plugin-cd-node';
import type { StageConfig, ValidationIssue } from '@internal/plugin-cd-common';
import type { KubernetesClientFactory } from '../../kubernetes';
import { isExpression, requireField } from '../validation';
import { applyPrepared, pruneVersions } from './apply';
import { Artifact, createdArtifact } from './artifacts';
import { KubeApi } from './kubeApi';
import type { KubeObject } from './manifests';
import { requiredArtifacts, sourceManifests, textManifests, usesArtifact } from './manifestSource';
import { deployOrder, prepareManifest } from './prepare';
import { spinnakerKind } from './resources';
import { setTraffic } from './traffic';
import { TRAFFIC_TARGETS, TrafficTarget, trafficManagementIssues, trafficManagementOf, trafficStrategyTask } from './trafficStrategy';
import { NAMES_BY_NAMESPACE, waitForManifestStableTask } from './waitForStable';

export { FIELD_MANAGER } from './kubeApi';

/** Field-path issues of one manifest object. */
export function manifestIssues(m: unknown, at: string): ValidationIssue[] {
  if (typeof m === 'string') return [];
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return [{ path: at, message: 'must be an object' }];
  const issues: ValidationIssue[] = [];
  for (const field of ['apiVersion', 'kind'] as const) {
    if (typeof (m as KubeObject)[field] !== 'string') issues.push({ path: `${at}.${field}`, message: 'is required' });
  }
  if (typeof (m as KubeObject).metadata?.name !== 'string') issues.push({ path: `${at}.metadata.name`, message: 'is required' });
  return issues;
}

function manifestsIssues(manifests: unknown, path: string): ValidationIssue[] {
  if (manifests === undefined || manifests === null) return [{ path: `${path}.manifests`, message: 'is required' }];
  if (typeof manifests === 'string') {
    if (!manifests.trim()) return [{ path: `${path}.manifests`, message: 'is required' }];
    if (isExpression(manifests)) return [];
    try {
      return textManifests(manifests).flatMap((m, i) => manifestIssues(m, `${path}.manifests[${i}]`));
    } catch (e) {
      return [{ path: `${path}.manifests`, message: (e as Error).message.replace(/^stage\.manifests: /, '') }];
    }
  }
  if (!Array.isArray(manifests) || manifests.length === 0) {
    return [{ path: `${path}.manifests`, message: 'must be a non-empty array of manifests (or a YAML string)' }];
  }
  return manifests.flatMap((m, i) => manifestIssues(m, `${path}.manifests[${i}]`));
}

/** Spinnaker's deployManifest fields: the manifest source, then traffic management. */
export function deployManifestIssues(stage: StageConfig, path: string): ValidationIssue[] {
  const issues = requireField(stage, 'account', path);
  if (stage.source !== undefined && !['text', 'artifact'].includes(String(stage.source)) && !isExpression(stage.source)) {
    issues.push({ path: `${path}.source`, message: 'must be text or artifact' });
  } else if (usesArtifact(stage)) {
    if (!stage.manifestArtifactId && !stage.manifestArtifact) {
      issues.push({ path: `${path}.manifestArtifactId`, message: 'is required with source: artifact (or give manifestArtifact)' });
    }
  } else {
    issues.push(...manifestsIssues(stage.manifests, path));
  }
  return [...issues, ...trafficManagementIssues(stage, path)];
}

async function deploy(clients: KubernetesClientFactory, ctx: TaskContext): Promise<TaskResult> {
  const account = String(ctx.context.account ?? '');
  if (!account) return { status: 'TERMINAL', error: 'stage.account is required' };
  let manifests: KubeObject[];
  let images: Artifact[];
  try {
    manifests = sourceManifests(ctx);
    images = requiredArtifacts(ctx).filter(a => a.type === 'docker/image');
  } catch (e) {
    return { status: 'TERMINAL', error: (e as Error).message };
  }
  const issues = manifests.flatMap((m, i) => manifestIssues(m, `manifests[${i}]`));
  if (manifests.length === 0) issues.push({ path: 'manifests', message: 'no manifests to deploy' });
  if (issues.length > 0) return { status: 'TERMINAL', error: issues.map(i => `${i.path} ${i.message}`).join('; ') };

  const api = KubeApi.of(clients, account, ctx.signal);
  const moniker = (ctx.context.moniker ?? {}) as { app?: string };
  const application = moniker.app ?? ctx.execution.application;
  const tm = trafficManagementOf(ctx.context);
  const configs = new Map<string, string>();
  const applied: KubeObject[] = [];
  const created: Artifact[] = [];
  const bound: Artifact[] = [...images];
  const namesByNamespace: Record<string, string[]> = {};
  const trafficTargets: TrafficTarget[] = [];
  const pruned: string[] = [];
  for (const raw of deployOrder(manifests)) {
    let prepared;
    try {
      prepared = await prepareManifest(api, raw, {
        application,
        namespaceOverride: ctx.context.namespaceOverride as string | undefined,
        deployKey: ctx.idempotencyKey,
        loadBalancers: tm.services,
        enableTraffic: tm.enableTraffic,
        configs,
        images,
      });
    } catch (e) {
      return { status: 'TERMINAL', error: `${spinnakerKind(raw.kind ?? '')} ${raw.metadata?.name}: ${(e as Error).message}` };
    }
    const live = await applyPrepared(api, prepared, ctx.idempotencyKey, ctx.logger);
    if (prepared.versioned && prepared.services.length > 0) {
      // A reused version (same content) may have been disabled since: its pods follow the template again.
      await setTraffic(api, prepared.ref, prepared.namespace, live, prepared.services, tm.enableTraffic);
    }
    ctx.logger.info(`applied ${prepared.displayName} in ${prepared.namespace || '(cluster)'} (account ${account})`);
    if (prepared.versioned && ['ConfigMap', 'Secret'].includes(prepared.ref.kind)) {
      configs.set(`${spinnakerKind(prepared.ref.kind)} ${raw.metadata!.name}`, prepared.name);
    }
    if (prepared.services.length > 0 && prepared.versioned) {
      trafficTargets.push({
        namespace: prepared.namespace,
        apiVersion: prepared.ref.apiVersion,
        kind: prepared.ref.kind,
        name: prepared.name,
        cluster: prepared.cluster,
        application,
        services: prepared.services,
      });
    }
    pruned.push(...(await pruneVersions(api, prepared, application, ctx.logger)));
    applied.push(live);
    created.push(createdArtifact(live, account));
    bound.push(...prepared.bound);
    (namesByNamespace[prepared.namespace] ??= []).push(prepared.displayName);
  }
  if (tm.strategy !== 'none' && trafficTargets.length === 0) {
    return { status: 'TERMINAL', error: `trafficManagement strategy ${tm.strategy} needs a versioned workload (a ReplicaSet) behind the services; use none for Deployments` };
  }
  const results = {
    'outputs.manifests': applied,
    'outputs.createdArtifacts': created,
    'outputs.boundArtifacts': bound,
    [NAMES_BY_NAMESPACE]: namesByNamespace,
    'deploy.server.groups': namesByNamespace,
    ...(pruned.length > 0 ? { 'outputs.prunedVersions': pruned } : {}),
  };
  return { status: 'SUCCEEDED', context: { ...results, [TRAFFIC_TARGETS]: trafficTargets }, outputs: results };
}

/**
 * `deployManifest`: takes manifests from the stage or an artifact, annotates,
 * versions and applies them by their strategy annotations, waits until they
 * are stable, then applies the traffic strategy (red/black, highlander).
 */
export function deployManifestStage(deps: { clients: KubernetesClientFactory }): StageDefinition {
  return {
    type: 'deployManifest',
    label: 'Deploy (Manifest)',
    description: 'Applies Kubernetes manifests to an account and waits until they are stable.',
    validate: deployManifestIssues,
    tasks: [
      { name: 'deployManifest', run: ctx => deploy(deps.clients, ctx) },
      waitForManifestStableTask(deps.clients),
      trafficStrategyTask(deps.clients),
    ],
  };
}
