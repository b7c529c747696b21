import type {
  ApplicationClusters,
  ClusterSummary,
  ServerGroupAction,
  ServerGroupActionRequest,
  ServerGroupSummary,
} from '@internal/plugin-cd-common';
import type { ServerGroupRef } from './types';

export const ACTION_LABELS: Record<ServerGroupAction, string> = {
  scale: 'Scale',
  disable: 'Disable',
  enable: 'Enable',
  rollback: 'Roll back',
  delete: 'Delete',
};

/** A version a server group can be rolled back to, and the request that does it. */
export interface RollbackTarget {
  label: string;
  request: Extract<ServerGroupActionRequest, { action: 'rollback' }>;
}

const SCALABLE = new Set(['ReplicaSet', 'StatefulSet']);
const SERVING = new Set(['ReplicaSet', 'StatefulSet', 'DaemonSet']);

/**
 * The earlier versions of a server group in its cluster, newest first: the
 * Deployment's older revisions for a managed ReplicaSet (undo rollout),
 * else the cluster's other server groups of the same kind (re-enable one).
 */
export function rollbackTargets(
  sg: ServerGroupSummary,
  cluster: ClusterSummary | undefined,
): RollbackTarget[] {
  const siblings = (cluster?.serverGroups ?? []).filter(
    other =>
      other.name !== sg.name &&
      other.kind === sg.kind &&
      other.namespace === sg.namespace,
  );
  const describe = (other: ServerGroupSummary) =>
    [other.name, other.images.join(', ')].filter(Boolean).join(' · ');
  if (sg.manager) {
    return siblings
      .filter(
        other =>
          other.manager?.name === sg.manager!.name &&
          other.revision !== undefined,
      )
      .sort((a, b) => b.revision! - a.revision!)
      .map(other => ({
        label: `revision ${other.revision}: ${describe(other)}`,
        request: { action: 'rollback', revision: other.revision },
      }));
  }
  const order = (other: ServerGroupSummary) =>
    other.sequence ?? (other.createdAt ? Date.parse(other.createdAt) : 0);
  return siblings
    .sort((a, b) => order(b) - order(a))
    .map(other => ({
      label: describe(other),
      request: { action: 'rollback', restoreServerGroup: other.name },
    }));
}

/** The previous version: the newest target older than the server group, else the newest. */
export function defaultRollbackTarget(
  sg: ServerGroupSummary,
  targets: RollbackTarget[],
): RollbackTarget | undefined {
  const older = targets.find(t =>
    t.request.revision !== undefined && sg.revision !== undefined
      ? t.request.revision < sg.revision
      : false,
  );
  return older ?? targets[0];
}

/** What makes sense for this server group now, in Deck's order. */
export function availableActions(
  sg: ServerGroupSummary,
  cluster: ClusterSummary | undefined,
): ServerGroupAction[] {
  const actions: ServerGroupAction[] = [];
  if (SCALABLE.has(sg.kind)) actions.push('scale');
  if (SERVING.has(sg.kind))
    actions.push(sg.traffic.enabled ? 'disable' : 'enable');
  if (rollbackTargets(sg, cluster).length > 0) actions.push('rollback');
  actions.push('delete');
  return actions;
}

export const refOf = (sg: ServerGroupRef): ServerGroupRef => ({
  account: sg.account,
  namespace: sg.namespace,
  kind: sg.kind,
  name: sg.name,
});

export const sameRef = (a: ServerGroupRef, b: ServerGroupRef) =>
  a.account === b.account &&
  a.namespace === b.namespace &&
  a.kind === b.kind &&
  a.name === b.name;

/** A server group of the inventory and the cluster it belongs to. */
export function findServerGroup(
  clusters: ApplicationClusters | undefined,
  ref: ServerGroupRef,
): { serverGroup: ServerGroupSummary; cluster: ClusterSummary } | undefined {
  for (const account of clusters?.accounts ?? []) {
    if (account.name !== ref.account) continue;
    for (const cluster of account.clusters) {
      const serverGroup = cluster.serverGroups.find(sg => sameRef(sg, ref));
      if (serverGroup) return { serverGroup, cluster };
    }
  }
  return undefined;
}
