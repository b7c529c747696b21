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
import useAsync from 'react-use/esm/useAsync';
import { stringify } from 'yaml';
import { cdApiRef } from '../../api';
import { EventsTable } from './EventsTable';
import { InstancesPanel } from './InstancesPanel';
import type { ServerGroupRef } from './types';

const useStyles = makeStyles(theme => ({
  paper: { width: 'min(860px, 100vw)', padding: theme.spacing(2) },
  header: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  title: { flex: 1 },
}));

type TabName = 'manifest' | 'events' | 'instances';

/**
 * One server group in depth: its live manifest as YAML, recent events, and
 * its instances with their logs. Opened on the Instances tab when a pod was clicked.
 */
export const ServerGroupDrawer = (props: {
  application: string;
  serverGroup: ServerGroupRef;
  /** A pod to select, opening the Instances tab. */
  initialInstance?: string;
  onClose: () => void;
}) => {
  const { application, serverGroup: ref } = props;
  const classes = useStyles();
  const cdApi = useApi(cdApiRef);
  const [tab, setTab] = useState<TabName>(
    props.initialInstance ? 'instances' : 'manifest',
  );
  const [instance, setInstance] = useState(props.initialInstance);
  const details = useAsync(
    () =>
      cdApi.getServerGroup(
        application,
        ref.account,
        ref.namespace,
        ref.kind,
        ref.name,
      ),
    [cdApi, application, ref.account, ref.namespace, ref.kind, ref.name],
  );

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
        {details.loading && <Progress />}
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
