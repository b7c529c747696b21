/*
 * Server group actions from the clusters view. Each runs as a tracked task:
 * an execution of type ORCHESTRATION with one manifest stage, so it has a
 * status, logs, an audit record and shows in the executions history.
 *
 * POST /applications/:application/serverGroups/:account/:namespace/:kind/:name/actions
 *   body: ServerGroupActionRequest → 202 ServerGroupActionResponse
 */

export const SERVER_GROUP_ACTIONS = ['scale', 'disable', 'enable', 'rollback', 'delete'] as const;
export type ServerGroupAction = (typeof SERVER_GROUP_ACTIONS)[number];

export type ServerGroupActionRequest =
  | { action: 'scale'; replicas: number; reason?: string }
  | { action: 'disable'; reason?: string }
  | { action: 'enable'; reason?: string }
  /**
   * Roll back to an earlier version: for a Deployment's ReplicaSet this is
   * undoRolloutManifest to `revision` (default: the previous one); for
   * versioned (-vNNN) server groups it enables `restoreServerGroup` and
   * disables this one.
   */
  | { action: 'rollback'; revision?: number; restoreServerGroup?: string; reason?: string }
  | { action: 'delete'; reason?: string };

export interface ServerGroupActionResponse {
  /** The ORCHESTRATION execution running the action; follow it at GET /executions/:id. */
  executionId: string;
  /** The stage type run: scaleManifest, disableManifest, enableManifest, undoRolloutManifest, deleteManifest. */
  stageType: string;
}
