import { memo } from 'react';
import { Chip, makeStyles, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type { AccountClusters } from '@internal/plugin-cd-common';
import type { ServerGroupRef } from '../ServerGroupDrawer';
import type { CdPermission } from '../shared/useCdPermission';
import { OpenActions, ServerGroupCard } from './ServerGroupCard';

const useStyles = makeStyles(theme => ({
  account: { marginBottom: theme.spacing(3) },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  cluster: { marginBottom: theme.spacing(2) },
  serverGroups: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
  infra: { display: 'flex', flexWrap: 'wrap', gap: 4, alignItems: 'center' },
  muted: { color: theme.palette.text.secondary },
}));

/** One account: its status, clusters of server groups, load balancers and firewalls. */
export const AccountSection = memo(
  (props: {
    account: AccountClusters;
    onOpen: (ref: ServerGroupRef, pod?: string) => void;
    onActions: OpenActions;
    permission: CdPermission;
  }) => {
    const { account, onOpen, onActions, permission } = props;
    const classes = useStyles();
    return (
      <section
        className={classes.account}
        aria-label={`Account ${account.name}`}
      >
        <div className={classes.header}>
          <Typography variant="h6">{account.name}</Typography>
          {account.environment && (
            <Chip size="small" label={account.environment} />
          )}
        </div>
        {account.status === 'error' && (
          <Alert severity="error">
            Account {account.name} is unavailable
            {account.message ? `: ${account.message}` : ''}
          </Alert>
        )}
        {account.status === 'syncing' && (
          <Alert severity="info">
            Account {account.name} is still syncing; what it runs may be
            incomplete.
          </Alert>
        )}
        {account.clusters.length === 0 && account.status !== 'error' && (
          <Typography variant="body2" className={classes.muted}>
            No matching clusters in this account.
          </Typography>
        )}
        {account.clusters.map(cluster => (
          <div
            key={cluster.name}
            className={classes.cluster}
            data-testid={`cluster-${account.name}-${cluster.name}`}
          >
            <Typography variant="subtitle1">{cluster.name}</Typography>
            <div className={classes.serverGroups}>
              {cluster.serverGroups.map(sg => (
                <ServerGroupCard
                  key={`${sg.namespace}/${sg.kind}/${sg.name}`}
                  serverGroup={sg}
                  onOpen={onOpen}
                  onActions={onActions}
                  permission={permission}
                />
              ))}
            </div>
          </div>
        ))}
        {account.loadBalancers.length > 0 && (
          <div className={classes.infra}>
            <Typography variant="caption" className={classes.muted}>
              Load balancers:
            </Typography>
            {account.loadBalancers.map(lb => (
              <Chip
                key={`${lb.namespace}/${lb.kind}/${lb.name}`}
                size="small"
                variant="outlined"
                label={`${lb.kind} ${lb.name}${lb.type ? ` (${lb.type})` : ''}${
                  lb.hosts.length ? ` ${lb.hosts.join(', ')}` : ''
                }`}
              />
            ))}
          </div>
        )}
        {account.firewalls.length > 0 && (
          <div className={classes.infra}>
            <Typography variant="caption" className={classes.muted}>
              Firewalls:
            </Typography>
            {account.firewalls.map(fw => (
              <Chip
                key={`${fw.namespace}/${fw.name}`}
                size="small"
                variant="outlined"
                label={`${fw.kind} ${fw.name}${
                  fw.policyTypes.length ? ` (${fw.policyTypes.join(', ')})` : ''
                }`}
              />
            ))}
          </div>
        )}
      </section>
    );
  },
);
