import type {
  AccountClusters,
  ClusterSummary,
} from '@internal/plugin-cd-common';
import { isHealthy } from './health';

export type StatusFilter = 'all' | 'healthy' | 'unhealthy' | 'disabled';

export interface ClusterFilters {
  /** An account name, or '' for all accounts. */
  account: string;
  status: StatusFilter;
  /** Matches cluster names, server group names and images, case-insensitively. */
  text: string;
}

export const NO_FILTERS: ClusterFilters = {
  account: '',
  status: 'all',
  text: '',
};

const statusMatches: Record<
  StatusFilter,
  (sg: ClusterSummary['serverGroups'][number]) => boolean
> = {
  all: () => true,
  healthy: isHealthy,
  unhealthy: sg => !isHealthy(sg),
  disabled: sg => !sg.traffic.enabled,
};

function filterCluster(
  cluster: ClusterSummary,
  filters: ClusterFilters,
): ClusterSummary | undefined {
  const text = filters.text.trim().toLocaleLowerCase();
  const clusterMatches =
    !text || cluster.name.toLocaleLowerCase().includes(text);
  const serverGroups = cluster.serverGroups.filter(
    sg =>
      statusMatches[filters.status](sg) &&
      (clusterMatches ||
        sg.name.toLocaleLowerCase().includes(text) ||
        sg.images.some(image => image.toLocaleLowerCase().includes(text))),
  );
  if (serverGroups.length === 0) {
    // A cluster with no server groups at all still shows while nothing narrows it down.
    const unfiltered = filters.status === 'all' && clusterMatches;
    return unfiltered && cluster.serverGroups.length === 0
      ? cluster
      : undefined;
  }
  return serverGroups.length === cluster.serverGroups.length
    ? cluster
    : { ...cluster, serverGroups };
}

/**
 * The accounts the filters select, each with only its matching clusters and
 * server groups. Objects are reused when nothing was removed, so memoised
 * rows do not re-render.
 */
export function filterAccounts(
  accounts: AccountClusters[],
  filters: ClusterFilters,
): AccountClusters[] {
  return accounts
    .filter(a => !filters.account || a.name === filters.account)
    .map(account => {
      const clusters = account.clusters
        .map(c => filterCluster(c, filters))
        .filter((c): c is ClusterSummary => c !== undefined);
      const unchanged =
        clusters.length === account.clusters.length &&
        clusters.every((c, i) => c === account.clusters[i]);
      return unchanged ? account : { ...account, clusters };
    });
}
