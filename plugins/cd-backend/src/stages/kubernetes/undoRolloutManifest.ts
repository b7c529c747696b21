import type { StageDefinition, TaskContext, TaskResult } from '@internal/plugin-cd-node';
import type { StageConfig, ValidationIssue } from '@internal/plugin-cd-common';
import type { KubernetesClientFactory } from '../../kubernetes';
import { requireNumberOrExpression } from '../validation';
import { KubeApi, PATCH_TYPES } from './kubeApi';
import { clusterName, KubeObject, sequenceOf } from './manifests';
import { parseManifestName, ResourceRef } from './resources';
import { clusterOf, listCluster } from './serverGroups';
import { manifestTarget, ManifestTarget, resolveTargetTask, targetIssues } from './target';
import { loadBalancersOf, readServices, setTraffic } from './traffic';
import { NAMES_BY_NAMESPACE, waitForManifestStableTask } from './waitForStable';

const REVISION = 'deployment.kubernetes.io/revision';
const DEPLOYMENTS: ResourceRef = { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true };
const REPLICA_SETS: ResourceRef = { apiVersion: 'apps/v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true };
/** Set by the first task when a versioned server group is restored: the version to disable once the restored one is stable. */
const TO_DISABLE = 'rollbackDisable';

function undoIssues(stage: StageConfig, path: string): ValidationIssue[] {
  return [
    ...targetIssues(stage, path),
    ...requireNumberOrExpression(stage, 'revision', path, { min: 1 }),
    ...requireNumberOrExpression(stage, 'numRevisionsBack', path, { min: 1 }),
  ];
}

const revisionOf = (o: KubeObject) => Number(o.metadata?.annotations?.[REVISION] ?? 0);
const uidOf = (o: KubeObject) => String((o.metadata as { uid?: string }).uid ?? '');
const controllerOf = (o: KubeObject) =>
  ((o.metadata as { ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }> }).ownerReferences ?? []).find(r => r.controller);

/** `kubectl rollout undo`: the Deployment's pod template goes back to an older ReplicaSet's. */
async function undoDeployment(api: KubeApi, ctx: TaskContext, namespace: string, deployment: KubeObject): Promise<TaskResult> {
  const name = deployment.metadata!.name!;
  const owned = (await api.list(REPLICA_SETS, namespace)).filter(rs =>
    ((rs.metadata as { ownerReferences?: Array<{ uid: string }> }).ownerReferences ?? []).some(r => r.uid === uidOf(deployment)),
  );
  const current = Math.max(revisionOf(deployment), ...owned.map(revisionOf));
  const older = owned.filter(rs => revisionOf(rs) < current).sort((a, b) => revisionOf(b) - revisionOf(a));
  const revision = ctx.context.revision !== undefined ? Number(ctx.context.revision) : undefined;
  const back = Number(ctx.context.numRevisionsBack ?? 1);
  const target = revision !== undefined ? owned.find(rs => revisionOf(rs) === revision) : older[back - 1];
  if (!target) {
    const available = owned.map(revisionOf).sort((a, b) => a - b).join(', ') || 'none';
    const wanted = revision !== undefined ? `revision ${revision}` : `${back} revision(s) back from ${current}`;
    return { status: 'TERMINAL', error: `deployment ${name} in ${namespace} has no ${wanted} (revisions kept: ${available})` };
  }
  if (revisionOf(target) === current) return { status: 'TERMINAL', error: `deployment ${name} is already at revision ${current}` };
  const template = structuredClone(target.spec!.template);
  delete template.metadata?.labels?.['pod-template-hash'];
  await api.patch(DEPLOYMENTS, namespace, name, [{ op: 'replace', path: '/spec/template', value: template }], PATCH_TYPES.json);
  ctx.logger.info(`rolled deployment ${name} back from revision ${current} to ${revisionOf(target)}`);
  const names = { [namespace]: [`deployment ${name}`] };
  return {
    status: 'SUCCEEDED',
    context: { [NAMES_BY_NAMESPACE]: names },
    outputs: { [NAMES_BY_NAMESPACE]: names, rolledBackTo: { revision: revisionOf(target), replicaSet: target.metadata?.name } },
  };
}

/** The older version to restore: `restoreServerGroup`, else `revision` (its sequence), else `numRevisionsBack` (default 1). */
function pickVersion(ctx: TaskContext, versions: KubeObject[], current: KubeObject): KubeObject | string {
  const currentSequence = sequenceOf(current) ?? Number.MAX_SAFE_INTEGER;
  const restore = ctx.context.restoreServerGroup;
  if (typeof restore === 'string' && restore) {
    const name = restore.includes(' ') ? parseManifestName(restore).name : restore;
    return versions.find(v => v.metadata?.name === name) ?? `no server group ${restore} in cluster ${clusterOf(current)}`;
  }
  if (ctx.context.revision !== undefined) {
    const revision = Number(ctx.context.revision);
    return versions.find(v => sequenceOf(v) === revision) ?? `cluster ${clusterOf(current)} has no version ${revision}`;
  }
  const back = Number(ctx.context.numRevisionsBack ?? 1);
  const older = versions.filter(v => (sequenceOf(v) ?? -1) < currentSequence).reverse();
  return older[back - 1] ?? `cluster ${clusterOf(current)} has ${older.length} version(s) older than ${current.metadata?.name}, not ${back}`;
}

/**
 * Rollback of Spinnaker-style versioned server groups: the older version is
 * enabled (scaled back up first if it was scaled to zero); the current one is
 * disabled once the older one is stable (the last task).
 */
async function restoreVersion(api: KubeApi, ctx: TaskContext, target: ManifestTarget, current: KubeObject): Promise<TaskResult> {
  const versions = await listCluster(api, target.ref, target.namespace, clusterOf(current));
  const chosen = pickVersion(ctx, versions, current);
  if (typeof chosen === 'string') return { status: 'TERMINAL', error: `cannot roll back ${target.manifestName}: ${chosen}` };
  if (chosen.metadata?.name === current.metadata?.name) return { status: 'TERMINAL', error: `${target.manifestName} is the version to restore already` };
  const loadBalancers = loadBalancersOf(chosen).length > 0 ? loadBalancersOf(chosen) : loadBalancersOf(current);
  if (loadBalancers.length === 0) return { status: 'TERMINAL', error: `${target.manifestName} names no load balancers, so there is no traffic to move back` };
  const services = await readServices(api, target.namespace, loadBalancers);
  const restoreName = clusterName(target.ref.kind, chosen.metadata!.name!);
  if (Number(chosen.spec?.replicas ?? 0) === 0 && Number(current.spec?.replicas ?? 0) > 0) {
    await api.patch(target.ref, target.namespace, chosen.metadata!.name!, { spec: { replicas: current.spec!.replicas } }, PATCH_TYPES.merge, 'scale');
  }
  await setTraffic(api, target.ref, target.namespace, chosen, services, true);
  ctx.logger.info(`enabled ${restoreName}; ${target.manifestName} is disabled once it is stable`);
  const names = { [target.namespace]: [restoreName] };
  return {
    status: 'SUCCEEDED',
    context: { [NAMES_BY_NAMESPACE]: names, [TO_DISABLE]: { manifestName: target.manifestName, loadBalancers } },
    outputs: { [NAMES_BY_NAMESPACE]: names, rolledBackTo: { serverGroup: restoreName } },
  };
}

async function undo(clients: KubernetesClientFactory, ctx: TaskContext): Promise<TaskResult> {
  const target = manifestTarget(ctx);
  if ('error' in target) return { status: 'TERMINAL', error: target.error };
  const api = KubeApi.of(clients, target.account, ctx.signal);
  const live = await api.get(target.ref, target.namespace, target.name);
  if (!live) return { status: 'TERMINAL', error: `${target.manifestName} not found in ${target.namespace} (account ${target.account})` };
  if (target.ref.kind === 'Deployment') return undoDeployment(api, ctx, target.namespace, live);
  const owner = controllerOf(live);
  if (target.ref.kind === 'ReplicaSet' && owner?.kind === 'Deployment') {
    const deployment = await api.get(DEPLOYMENTS, target.namespace, owner.name);
    if (!deployment) return { status: 'TERMINAL', error: `deployment ${owner.name} owning ${target.manifestName} is gone` };
    return undoDeployment(api, ctx, target.namespace, deployment);
  }
  if (target.ref.kind !== 'ReplicaSet') return { status: 'TERMINAL', error: `undoRolloutManifest works on Deployments and ReplicaSets, not ${target.ref.kind}` };
  return restoreVersion(api, ctx, target, live);
}

/**
 * `undoRolloutManifest`: a Deployment (or one of its ReplicaSets) goes back to
 * `revision` or `numRevisionsBack`; a versioned ReplicaSet hands the traffic
 * back to the previous version.
 */
export function undoRolloutManifestStage(deps: { clients: KubernetesClientFactory }): StageDefinition {
  return {
    type: 'undoRolloutManifest',
    label: 'Undo Rollout (Manifest)',
    description: 'Rolls a Deployment back to an earlier revision, or moves traffic back to the previous version of a server group.',
    validate: undoIssues,
    tasks: [
      resolveTargetTask(deps.clients),
      { name: 'undoRolloutManifest', run: ctx => undo(deps.clients, ctx) },
      waitForManifestStableTask(deps.clients),
      {
        name: 'disableRolledBackVersion',
        async run(ctx) {
          const toDisable = ctx.context[TO_DISABLE] as { manifestName: string; loadBalancers: string[] } | undefined;
          if (!toDisable) return { status: 'SUCCEEDED' };
          const namespace = String(ctx.context.location || 'default');
          const api = KubeApi.of(deps.clients, String(ctx.context.account), ctx.signal);
          const { ref, name } = parseManifestName(toDisable.manifestName);
          const live = await api.get(ref!, namespace, name);
          if (!live) return { status: 'SUCCEEDED' }; // deleted meanwhile: it takes no traffic
          await setTraffic(api, ref!, namespace, live, await readServices(api, namespace, toDisable.loadBalancers), false);
          ctx.logger.info(`disabled ${toDisable.manifestName}`);
          return { status: 'SUCCEEDED', outputs: { 'outputs.disabledServerGroups': [toDisable.manifestName] } };
        },
      },
    ],
  };
}
