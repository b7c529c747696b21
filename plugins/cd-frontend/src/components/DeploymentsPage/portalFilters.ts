import type { ClusterSummary } from '@internal/plugin-cd-common';
import { filterAccounts, StatusFilter } from '../Clusters/filterClusters';
import type { AppExecution } from './useAllExecutions';
import type { CdApplication } from './useCdApplications';
import type { AppAccounts } from './usePortalDeployments';

export interface PortalFilters {
  /** '' for any. */
  owner: string;
  system: string;
  account: string;
  health: StatusFilter;
  text: string;
}

export const NO_PORTAL_FILTERS: PortalFilters = {
  owner: '',
  system: '',
  account: '',
  health: 'all',
  text: '',
};

export interface ClusterRow {
  app: CdApplication;
  account: string;
  cluster: ClusterSummary;
}

const appMatches = (app: CdApplication, filters: PortalFilters) =>
  (!filters.owner || app.owner === filters.owner) &&
  (!filters.system || app.system === filters.system);

const needleOf = (filters: PortalFilters) => filters.text.trim().toLowerCase();

/**
 * One row per cluster the filters select. The account and health filters
 * are the Deploy tab's (server groups that do not match are left out); the
 * text matches an application's name, or its clusters, server groups and images.
 */
export function clusterRows(
  clusters: AppAccounts[],
  filters: PortalFilters,
): ClusterRow[] {
  const needle = needleOf(filters);
  return clusters
    .filter(({ app }) => appMatches(app, filters))
    .flatMap(({ app, accounts }) =>
      filterAccounts(accounts, {
        account: filters.account,
        status: filters.health,
        text: app.application.toLowerCase().includes(needle) ? '' : needle,
      }).flatMap(account =>
        account.clusters.map(cluster => ({
          app,
          account: account.name,
          cluster,
        })),
      ),
    );
}

/** Executions of the applications the owner and system filters select, matching the text. */
export function filterExecutions(
  executions: AppExecution[],
  filters: PortalFilters,
): AppExecution[] {
  const needle = needleOf(filters);
  return executions.filter(
    e =>
      appMatches(e.app, filters) &&
      (!needle ||
        [e.application, e.name, e.trigger.user, e.trigger.type, e.status].some(
          v => (v ?? '').toLowerCase().includes(needle),
        )),
  );
}

/** The values each filter offers, from what the page has read. */
export function filterOptions(apps: CdApplication[], clusters: AppAccounts[]) {
  const sorted = (values: string[]) =>
    [...new Set(values.filter(Boolean))].sort((a, b) => a.localeCompare(b));
  return {
    owners: sorted(apps.map(a => a.owner)),
    systems: sorted(apps.map(a => a.system)),
    accounts: sorted(clusters.flatMap(c => c.accounts.map(a => a.name))),
  };
}
