import { useState } from 'react';
import {
  CodeSnippet,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Drawer,
  IconButton,
  makeStyles,
  Tab,
  Tabs,
  Typography,
} from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';
import { stringify } from 'yaml';
import {
  cdServerGroupManagePermission,
  ClusterSummary,
  ServerGroupAction,
  ServerGroupSummary,
} from '@internal/plugin-cd-common';
import { cdApiRef } from '../../api';
import { inventoryChannel } from '../shared/channels';
import { useCdPermission } from '../shared/useCdPermission';
import { useLiveResource } from '../shared/useLiveResource';
import { EventsTable } from './EventsTable';
import { InstancesPanel } from './InstancesPanel';
import { ServerGroupActionButtons } from './ServerGroupActionButtons';
import { sameRef } from './serverGroupActions';
import { TaskList } from './TrackedTasks';
import type { ServerGroupRef, TrackedTask } from './types';

const useStyles = makeStyles(theme => ({
  paper: { width: 'min(860px, 100vw)', padding: theme.spacing(2) },
  header: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  title: { flex: 1 },
}));

type TabName = 'manifest' | 'events' | 'instances';

/** What the drawer needs to offer the server group's actions. */
export interface ServerGroupDrawerActions {
  /** The server group's cluster, for the versions it can roll back to. */
  cluster?: ClusterSummary;
  onAction: (
    serverGroup: ServerGroupSummary,
    action: ServerGroupAction,
  ) => void;
  /** Tasks started on it, followed live. */
  tasks: TrackedTask[];
}

/**
 * One server group in depth: its live manifest as YAML, recent events, and
 * its instances with their logs; its actions and the tasks they started.
 * Opened on the Instances tab when a pod was clicked. Kept live by the
 * application's inventory signal.
 */
export const ServerGroupDrawer = (props: {
  application: string;
  serverGroup: ServerGroupRef;
  /** A pod to select, opening the Instances tab. */
  initialInstance?: string;
  onClose: () => void;
  actions?: ServerGroupDrawerActions;
}) => {
  const { application, serverGroup: ref } = props;
  const classes = useStyles();
  const cdApi = useApi(cdApiRef);
  const [tab, setTab] = useState<TabName>(
    props.initialInstance ? 'instances' : 'manifest',
  );
  const [instance, setInstance] = useState(props.initialInstance);
  const permission = useCdPermission(cdServerGroupManagePermission);
  const details = useLiveResource(
    () =>
      cdApi.getServerGroup(
        application,
        ref.account,
        ref.namespace,
        ref.kind,
        ref.name,
      ),
    [cdApi, application, ref.account, ref.namespace, ref.kind, ref.name],
    { channels: [inventoryChannel(application)] },
  );
  const actions = props.actions;
  const tasks = actions?.tasks.filter(t => sameRef(t.serverGroup, ref)) ?? [];

  return (
    <Drawer
      anchor="right"
      open
      onClose={props.onClose}
      classes={{ paper: classes.paper }}
    >
      <div className={classes.header}>
        <Typography variant="h5" className={classes.title}>
          {ref.kind} {ref.name}
        </Typography>
        <IconButton aria-label="Close" onClick={props.onClose}>
          <CloseIcon />
        </IconButton>
      </div>
      <Typography variant="body2" color="textSecondary">
        {ref.account} / {ref.namespace}
      </Typography>
      {actions && details.value && (
        <ServerGroupActionButtons
          serverGroup={details.value}
          cluster={actions.cluster}
          permission={permission}
          onAction={action => actions.onAction(details.value!, action)}
        />
      )}
      {tasks.length > 0 && <TaskList tasks={tasks} />}
      <Tabs
        value={tab}
        onChange={(_, value: TabName) => setTab(value)}
        indicatorColor="primary"
      >
        <Tab value="manifest" label="Manifest" />
        <Tab value="events" label="Events" />
        <Tab value="instances" label="Instances" />
      </Tabs>
      <Box mt={2}>
        {details.loading && !details.value && <Progress />}
        {details.error && <ResponseErrorPanel error={details.error} />}
        {details.value && tab === 'manifest' && (
          <CodeSnippet
            language="yaml"
            text={stringify(details.value.manifest)}
            showCopyCodeButton
          />
        )}
        {details.value && tab === 'events' && (
          <EventsTable events={details.value.events} />
        )}
        {details.value && tab === 'instances' && (
          <InstancesPanel
            application={application}
            instances={details.value.instances}
            selected={instance}
            onSelect={setInstance}
          />
        )}
      </Box>
    </Drawer>
  );
};
