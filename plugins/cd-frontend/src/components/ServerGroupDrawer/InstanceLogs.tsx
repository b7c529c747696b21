import { useEffect, useRef, useState } from 'react';
import {
  FormControlLabel,
  makeStyles,
  Switch,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type { InstanceSummary } from '@internal/plugin-cd-common';
import { errorMessage } from '../../api';
import { LOG_TAIL_LINES, useInstanceLogs } from './useInstanceLogs';

const useStyles = makeStyles(theme => ({
  controls: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1),
  },
  log: {
    fontFamily: 'monospace',
    fontSize: 12,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    background: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    padding: theme.spacing(1),
    margin: 0,
    maxHeight: 400,
    overflow: 'auto',
  },
}));

/** One pod's log: a container picker when it has several, and Follow to keep it fresh. */
export const InstanceLogs = (props: {
  application: string;
  instance: InstanceSummary;
}) => {
  const { application, instance } = props;
  const classes = useStyles();
  const [container, setContainer] = useState(instance.containers[0]?.name);
  const [follow, setFollow] = useState(false);
  const logs = useInstanceLogs(
    {
      application,
      account: instance.account,
      namespace: instance.namespace,
      pod: instance.name,
      container,
    },
    follow,
  );
  const logRef = useRef<HTMLPreElement>(null);
  useEffect(() => {
    // Following means watching the end of the log.
    if (follow && logRef.current) {
      logRef.current.scrollTop = logRef.current.scrollHeight;
    }
  }, [follow, logs.text]);

  return (
    <div>
      <div className={classes.controls}>
        <Typography variant="subtitle2">Logs of {instance.name}</Typography>
        {instance.containers.length > 1 && (
          <TextField
            select
            label="Container"
            id="logs-container"
            value={container ?? ''}
            onChange={e => setContainer(e.target.value)}
            SelectProps={{ native: true }}
            size="small"
          >
            {instance.containers.map(c => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </TextField>
        )}
        <FormControlLabel
          control={
            <Switch
              checked={follow}
              onChange={e => setFollow(e.target.checked)}
              color="primary"
            />
          }
          label="Follow"
        />
      </div>
      {logs.error && (
        <Alert severity="error">
          Could not read the log: {errorMessage(logs.error)}
        </Alert>
      )}
      {logs.loading && logs.text === undefined && (
        <Typography variant="body2">
          Loading the last {LOG_TAIL_LINES} lines…
        </Typography>
      )}
      {logs.text !== undefined && (
        <pre className={classes.log} ref={logRef} aria-label="Log">
          {logs.text || '(empty log)'}
        </pre>
      )}
    </div>
  );
};
