import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { InfoCard, Link } from '@backstage/core-components';
import {
  Box,
  Chip,
  makeStyles,
  Menu,
  MenuItem,
  Typography,
} from '@material-ui/core';
import {
  ApplicationClusters,
  cdPipelineExecutePermission,
  StoredPipeline,
} from '@internal/plugin-cd-common';
import { useDeployTabPaths } from '../shared/deployTabPaths';
import { PermissionButton } from '../shared/PermissionButton';
import { useCdPermission } from '../shared/useCdPermission';
import { currentVersions } from './currentVersions';
import { DeployDialog } from './DeployDialog';

const useStyles = makeStyles(theme => ({
  accounts: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(3),
    flex: 1,
  },
  muted: { color: theme.palette.text.secondary },
}));

/** The application, its accounts with what each runs now, and the Deploy button. */
export const DeployHeader = (props: {
  application: string;
  entityName: string;
  clusters?: ApplicationClusters;
  pipelines?: StoredPipeline[];
}) => {
  const classes = useStyles();
  const paths = useDeployTabPaths();
  const navigate = useNavigate();
  const execute = useCdPermission(cdPipelineExecutePermission);
  const [menu, setMenu] = useState<HTMLElement | undefined>();
  const [deploying, setDeploying] = useState<StoredPipeline | undefined>();
  const runnable = (props.pipelines ?? []).filter(p => !p.config.disabled);
  const accounts = props.clusters ? currentVersions(props.clusters) : [];

  return (
    <InfoCard
      title={`Application ${props.application}`}
      action={
        <Box display="flex" style={{ gap: 16 }} pt={2} pr={2}>
          <Link to={paths.root}>Overview</Link>
          <Link to={paths.canaryConfigs}>Canary configs</Link>
          <Link to={paths.audit}>Audit log</Link>
        </Box>
      }
    >
      <Box display="flex" alignItems="flex-start" style={{ gap: 16 }}>
        <div className={classes.accounts} aria-label="Accounts">
          {accounts.length === 0 && (
            <Typography variant="body2">
              Pipelines and executions of {props.entityName}.
            </Typography>
          )}
          {accounts.map(a => (
            <div key={a.account} data-testid={`account-${a.account}`}>
              <Typography variant="subtitle2" component="div">
                {a.account}{' '}
                {a.environment && <Chip size="small" label={a.environment} />}
              </Typography>
              {a.versions.length === 0 ? (
                <Typography variant="caption" className={classes.muted}>
                  nothing running
                </Typography>
              ) : (
                a.versions.map(v => (
                  <Typography key={v} variant="caption" component="div">
                    {v}
                  </Typography>
                ))
              )}
            </div>
          ))}
        </div>
        <PermissionButton
          permission={execute}
          variant="contained"
          color="primary"
          disabled={runnable.length === 0}
          onClick={e => setMenu(e.currentTarget)}
          aria-haspopup="menu"
        >
          Deploy
        </PermissionButton>
      </Box>
      {menu && (
        <Menu open anchorEl={menu} onClose={() => setMenu(undefined)}>
          {runnable.map(p => (
            <MenuItem
              key={p.id}
              onClick={() => {
                setMenu(undefined);
                setDeploying(p);
              }}
            >
              {p.name}
            </MenuItem>
          ))}
        </Menu>
      )}
      {deploying && (
        <DeployDialog
          pipeline={deploying}
          onClose={() => setDeploying(undefined)}
          onStarted={execution => {
            setDeploying(undefined);
            navigate(paths.execution(execution.id));
          }}
        />
      )}
    </InfoCard>
  );
};
