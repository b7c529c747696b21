import { useCallback, useMemo, useState } from 'react';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { CD_APPLICATION_ANNOTATION } from '@internal/plugin-cd-common';
import { errorMessage } from '../../api';
import { ServerGroupDrawer, ServerGroupRef } from '../ServerGroupDrawer';
import { AccountSection } from './AccountSection';
import { ClusterFiltersBar } from './ClusterFiltersBar';
import { ClusterFilters, filterAccounts, NO_FILTERS } from './filterClusters';
import { useApplicationClusters } from './useApplicationClusters';

interface Opened {
  ref: ServerGroupRef;
  pod?: string;
}

/** What the application runs: accounts → clusters → server groups → instances, live. */
export const Clusters = ({ application }: { application: string }) => {
  const { value, error, loading } = useApplicationClusters(application);
  const [filters, setFilters] = useState<ClusterFilters>(NO_FILTERS);
  const [opened, setOpened] = useState<Opened | undefined>();
  const onOpen = useCallback(
    (ref: ServerGroupRef, pod?: string) => setOpened({ ref, pod }),
    [],
  );
  const accounts = useMemo(
    () => (value ? filterAccounts(value.accounts, filters) : []),
    [value, filters],
  );

  if (loading && !value) return <Progress />;
  if (!value) {
    return error ? <ResponseErrorPanel error={error} /> : null;
  }
  const hasClusters = value.accounts.some(
    a => a.clusters.length > 0 || a.status === 'error',
  );
  if (!hasClusters) {
    return (
      <EmptyState
        missing="data"
        title={`Nothing is running for ${application}`}
        description={
          value.accounts.length === 0
            ? 'No Kubernetes account is configured for the CD plugin.'
            : `No workload belongs to ${application}. Set the entity's ${CD_APPLICATION_ANNOTATION} annotation to the application, and label workloads with moniker.spinnaker.io/application (or backstage.io/kubernetes-id / app.kubernetes.io/name).`
        }
      />
    );
  }

  return (
    <>
      {error && (
        <Alert severity="warning">
          Could not refresh the clusters ({errorMessage(error)}); showing the
          last known state.
        </Alert>
      )}
      <ClusterFiltersBar
        accounts={value.accounts.map(a => a.name)}
        filters={filters}
        onChange={setFilters}
      />
      {accounts.map(account => (
        <AccountSection key={account.name} account={account} onOpen={onOpen} />
      ))}
      {accounts.length === 0 && (
        <Typography variant="body2">No account matches the filters.</Typography>
      )}
      {opened && (
        <ServerGroupDrawer
          application={application}
          serverGroup={opened.ref}
          initialInstance={opened.pod}
          onClose={() => setOpened(undefined)}
        />
      )}
    </>
  );
};
