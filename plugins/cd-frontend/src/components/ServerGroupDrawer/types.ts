/** Which server group a drawer shows: the inventory's address of it. */
export interface ServerGroupRef {
  account: string;
  namespace: string;
  kind: string;
  name: string;
}

/** A server group action started from the clusters view, followed as its ORCHESTRATION execution. */
export interface TrackedTask {
  executionId: string;
  /** The stage type the backend runs, e.g. scaleManifest. */
  stageType: string;
  /** What the user asked for, e.g. `Scale web-v002 to 3`. */
  description: string;
  serverGroup: ServerGroupRef;
}
