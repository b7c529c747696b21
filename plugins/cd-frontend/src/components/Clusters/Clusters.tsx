import { useCallback, useMemo, useState } from 'react';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  CD_APPLICATION_ANNOTATION,
  cdServerGroupManagePermission,
  ServerGroupAction,
  ServerGroupSummary,
} from '@internal/plugin-cd-common';
import { errorMessage } from '../../api';
import {
  findServerGroup,
  ServerGroupActionDialog,
  ServerGroupActionsMenu,
  ServerGroupDrawer,
  ServerGroupRef,
  TrackedTask,
  TrackedTasksPanel,
} from '../ServerGroupDrawer';
import { useCdPermission } from '../shared/useCdPermission';
import { AccountSection } from './AccountSection';
import { ClusterFiltersBar } from './ClusterFiltersBar';
import { ClusterFilters, filterAccounts, NO_FILTERS } from './filterClusters';
import {
  ApplicationClustersState,
  useApplicationClusters,
} from './useApplicationClusters';

interface Opened {
  ref: ServerGroupRef;
  pod?: string;
}

interface Asked {
  serverGroup: ServerGroupSummary;
  action: ServerGroupAction;
}

/** The clusters view over a live inventory its parent already follows. */
export const ClustersView = ({
  application,
  state,
}: {
  application: string;
  state: ApplicationClustersState;
}) => {
  const { value, error, loading, refresh } = state;
  const [filters, setFilters] = useState<ClusterFilters>(NO_FILTERS);
  const [opened, setOpened] = useState<Opened | undefined>();
  const [menu, setMenu] = useState<
    { serverGroup: ServerGroupSummary; anchor: HTMLElement } | undefined
  >();
  const [asked, setAsked] = useState<Asked | undefined>();
  const [tasks, setTasks] = useState<TrackedTask[]>([]);
  const manage = useCdPermission(cdServerGroupManagePermission);
  // One object per decision, so the memoised cards re-render only when it changes.
  const permission = useMemo(
    () => manage,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [manage.allowed, manage.loading, manage.reason],
  );
  const onOpen = useCallback(
    (ref: ServerGroupRef, pod?: string) => setOpened({ ref, pod }),
    [],
  );
  const onActions = useCallback(
    (serverGroup: ServerGroupSummary, anchor: HTMLElement) =>
      setMenu({ serverGroup, anchor }),
    [],
  );
  const ask = useCallback(
    (serverGroup: ServerGroupSummary, action: ServerGroupAction) => {
      setMenu(undefined);
      setAsked({ serverGroup, action });
    },
    [],
  );
  const onStarted = (task: TrackedTask) => {
    setAsked(undefined);
    setTasks(previous => [task, ...previous]);
    refresh();
  };
  const dismiss = (task: TrackedTask) =>
    setTasks(previous =>
      previous.filter(t => t.executionId !== task.executionId),
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
        <AccountSection
          key={account.name}
          account={account}
          onOpen={onOpen}
          onActions={onActions}
          permission={permission}
        />
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
          actions={{
            cluster: findServerGroup(value, opened.ref)?.cluster,
            onAction: ask,
            tasks,
          }}
        />
      )}
      {menu && (
        <ServerGroupActionsMenu
          anchor={menu.anchor}
          serverGroup={menu.serverGroup}
          cluster={findServerGroup(value, menu.serverGroup)?.cluster}
          onAction={action => ask(menu.serverGroup, action)}
          onClose={() => setMenu(undefined)}
        />
      )}
      {asked && (
        <ServerGroupActionDialog
          application={application}
          action={asked.action}
          serverGroup={asked.serverGroup}
          cluster={findServerGroup(value, asked.serverGroup)?.cluster}
          onClose={() => setAsked(undefined)}
          onStarted={onStarted}
        />
      )}
      <TrackedTasksPanel tasks={tasks} onDismiss={dismiss} />
    </>
  );
};

/**
 * What the application runs: accounts → clusters → server groups →
 * instances, live; each server group's actions (confirmed, permission-aware)
 * and the tasks they started.
 */
export const Clusters = ({ application }: { application: string }) => (
  <ClustersView
    application={application}
    state={useApplicationClusters(application)}
  />
);
