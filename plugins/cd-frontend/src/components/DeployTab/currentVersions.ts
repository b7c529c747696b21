import type { ApplicationClusters } from '@internal/plugin-cd-common';

export interface AccountVersions {
  account: string;
  environment?: string;
  /** What takes traffic there: `deployment web v003 (shop:2.0.0)`, one per cluster. */
  versions: string[];
}

/**
 * Per account, what each cluster serves now: its server groups taking
 * traffic (for a Deployment, its current ReplicaSet), newest first.
 */
export function currentVersions(
  clusters: ApplicationClusters,
): AccountVersions[] {
  return clusters.accounts.map(account => ({
    account: account.name,
    environment: account.environment,
    versions: account.clusters.flatMap(cluster => {
      const serving = cluster.serverGroups.filter(
        sg =>
          sg.replicas.desired > 0 &&
          (sg.manager ? sg.manager.current : sg.traffic.enabled),
      );
      return serving.map(
        sg =>
          `${cluster.name} ${sg.version ?? sg.name} (${
            sg.images.join(', ') || 'no image'
          })`,
      );
    }),
  }));
}
