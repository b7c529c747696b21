import { ConflictError, InputError } from '@backstage/errors';
import type { ServerGroupActionRequest, ServerGroupSummary, StageConfig } from '@internal/plugin-cd-common';

/** What an action runs: the orchestration's name and its manifest stages (Spinnaker's field names). */
export interface ServerGroupActionPlan {
  name: string;
  stages: StageConfig[];
  /** The stage type reported to the caller (the first stage's). */
  stageType: string;
}

/** Spinnaker's spelling of a kind in manifest names: `replicaSet`, `statefulSet`, `cronJob`. */
export const manifestKind = (kind: string) => kind.charAt(0).toLowerCase() + kind.slice(1);
export const manifestNameOf = (sg: Pick<ServerGroupSummary, 'kind' | 'name'>) => `${manifestKind(sg.kind)} ${sg.name}`;

/**
 * Maps a request on one server group to the stages that carry it out, the
 * way Deck's server group actions do:
 * - scale → scaleManifest; a Deployment's ReplicaSet is scaled through its
 *   Deployment (scaling the ReplicaSet itself would be undone by the
 *   Deployment controller), and only its current one;
 * - disable / enable → disableManifest / enableManifest;
 * - rollback → undoRolloutManifest on the managing Deployment (`revision`,
 *   else this ReplicaSet's revision when it is an older one, else
 *   `numRevisionsBack: 1`), or for versioned (-vNNN) server groups
 *   enableManifest of the restored version, then disableManifest of this one;
 * - delete → deleteManifest (cascading).
 * `cluster` holds the server groups of the same moniker cluster (for the
 * versioned rollback's default: the newest older version).
 */
export function planServerGroupAction(
  sg: ServerGroupSummary,
  cluster: ServerGroupSummary[],
  request: ServerGroupActionRequest,
): ServerGroupActionPlan {
  const base = { account: sg.account, location: sg.namespace, cloudProvider: 'kubernetes' };
  const self = manifestNameOf(sg);
  const one = (type: string, name: string, fields: Record<string, unknown>): ServerGroupActionPlan => ({
    name,
    stageType: type,
    stages: [{ refId: '1', type, name, ...base, ...fields }],
  });

  switch (request.action) {
    case 'scale': {
      if (sg.manager) {
        if (!sg.manager.current) {
          throw new ConflictError(
            `${self} is an older revision of deployment ${sg.manager.name}; scale its current server group (the deployment) instead`,
          );
        }
        const target = `deployment ${sg.manager.name}`;
        return one('scaleManifest', `Scale ${target} (${self}) to ${request.replicas}`, {
          manifestName: target,
          replicas: request.replicas,
        });
      }
      return one('scaleManifest', `Scale ${self} to ${request.replicas}`, { manifestName: self, replicas: request.replicas });
    }
    case 'disable':
      return one('disableManifest', `Disable ${self}`, { manifestName: self, mode: 'static' });
    case 'enable':
      return one('enableManifest', `Enable ${self}`, { manifestName: self, mode: 'static' });
    case 'delete':
      return one('deleteManifest', `Delete ${self}`, { manifestName: self, options: { cascading: true } });
    case 'rollback':
      return sg.manager ? undoRollout(sg, request, base) : restoreVersion(sg, cluster, request, base);
    default:
      throw new InputError(`unknown action ${(request as { action: string }).action}`);
  }
}

function undoRollout(
  sg: ServerGroupSummary,
  request: Extract<ServerGroupActionRequest, { action: 'rollback' }>,
  base: Record<string, unknown>,
): ServerGroupActionPlan {
  const manager = sg.manager!;
  if (request.restoreServerGroup) {
    throw new InputError(
      `restoreServerGroup: ${manifestNameOf(sg)} is managed by deployment ${manager.name}; roll back by revision instead`,
    );
  }
  const target = `deployment ${manager.name}`;
  // An older ReplicaSet rolled back means "go back to this one".
  const revision = request.revision ?? (!manager.current ? sg.revision : undefined);
  if (revision !== undefined && revision === manager.revision) {
    throw new ConflictError(`${target} already runs revision ${revision}`);
  }
  const name = revision !== undefined ? `Roll back ${target} to revision ${revision}` : `Roll back ${target} to its previous revision`;
  return {
    name,
    stageType: 'undoRolloutManifest',
    stages: [
      {
        refId: '1',
        type: 'undoRolloutManifest',
        name,
        ...base,
        manifestName: target,
        ...(revision !== undefined ? { revision } : { numRevisionsBack: 1 }),
      },
    ],
  };
}

function restoreVersion(
  sg: ServerGroupSummary,
  cluster: ServerGroupSummary[],
  request: Extract<ServerGroupActionRequest, { action: 'rollback' }>,
  base: Record<string, unknown>,
): ServerGroupActionPlan {
  const self = manifestNameOf(sg);
  if (sg.sequence === undefined) {
    throw new InputError(
      `action: ${self} can be rolled back only when a Deployment manages it or it is versioned (-vNNN)`,
    );
  }
  const peers = cluster.filter(s => s.account === sg.account && s.namespace === sg.namespace && s.kind === sg.kind && s.name !== sg.name);
  let restore: ServerGroupSummary | undefined;
  if (request.restoreServerGroup) {
    const wanted = request.restoreServerGroup.replace(/^\S+\s+/, '');
    restore = peers.find(s => s.name === wanted);
    if (!restore) {
      throw new InputError(
        `restoreServerGroup: no ${manifestKind(sg.kind)} ${wanted} in cluster ${sg.moniker.cluster} of ${sg.account}/${sg.namespace}`,
      );
    }
  } else {
    restore = peers
      .filter(s => s.sequence !== undefined && s.sequence < sg.sequence!)
      .sort((a, b) => b.sequence! - a.sequence!)[0];
    if (!restore) throw new ConflictError(`${self} has no earlier version in cluster ${sg.moniker.cluster} to roll back to`);
  }
  const restored = manifestNameOf(restore);
  return {
    name: `Roll back ${self} to ${restore.name}`,
    stageType: 'enableManifest',
    stages: [
      { refId: '1', type: 'enableManifest', name: `Enable ${restored}`, ...base, manifestName: restored, mode: 'static' },
      {
        refId: '2',
        requisiteStageRefIds: ['1'],
        type: 'disableManifest',
        name: `Disable ${self}`,
        ...base,
        manifestName: self,
        mode: 'static',
      },
    ],
  };
}
