import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import type { AccountClusters } from '@internal/plugin-cd-common';
import { cdApiRef } from '../../api';
import { fanOut } from './fanOut';
import { AppExecution, readAllExecutions } from './useAllExecutions';
import type { CdApplication } from './useCdApplications';

export interface AppAccounts {
  app: CdApplication;
  accounts: AccountClusters[];
}

export interface PortalDeployments {
  executions: AppExecution[];
  clusters: AppAccounts[];
  /** Applications something could not be read of, with what and why. */
  failures: Array<{ application: string; what: string; message: string }>;
}

/** A portal-wide view fans out to every application: refreshed less often than the Deploy tab. */
export const PORTAL_REFRESH_MS = 15_000;

/**
 * Every application's recent executions (one portal-wide listing) and what
 * it runs (the inventory answers per application, read in parallel),
 * and refreshed periodically keeping the last answer on screen.
 */
export function usePortalDeployments(apps: CdApplication[] | undefined) {
  const cdApi = useApi(cdApiRef);
  const state = useAsyncRetry(async (): Promise<PortalDeployments> => {
    if (!apps) return { executions: [], clusters: [], failures: [] };
    const [executions, clusters] = await Promise.all([
      readAllExecutions(cdApi, apps),
      fanOut(apps, application => cdApi.getApplicationClusters(application)),
    ]);
    return {
      executions: executions.executions,
      clusters: clusters.values.map(({ app, value }) => ({
        app,
        accounts: value.accounts,
      })),
      failures: [
        ...executions.failures.map(f => ({ ...f, what: 'executions' })),
        ...clusters.failures.map(f => ({ ...f, what: 'clusters' })),
      ],
    };
  }, [cdApi, apps]);
  useInterval(
    () => {
      if (!state.loading) state.retry();
    },
    apps ? PORTAL_REFRESH_MS : null,
  );
  return state;
}
