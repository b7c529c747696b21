import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  TextField,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type { StoredPipeline } from '@internal/plugin-cd-common';
import { cdApiRef } from '../../api';

/** A form generated from the pipeline's `parameterConfig`, then a start. */
export const DeployDialog = (props: {
  pipeline: StoredPipeline;
  onClose: () => void;
  onStarted: () => void;
}) => {
  const { pipeline } = props;
  const cdApi = useApi(cdApiRef);
  const parameterConfig = pipeline.config.parameterConfig ?? [];
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(parameterConfig.map(p => [p.name, p.default ?? ''])),
  );
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const missing = parameterConfig.filter(p => p.required && !values[p.name]);

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await cdApi.startExecution(pipeline.id, values);
      props.onStarted();
    } catch (e) {
      setError(String((e as Error).message));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="sm">
      <DialogTitle>Deploy with {pipeline.name}</DialogTitle>
      <DialogContent>
        {parameterConfig.map(p => (
          <TextField
            key={p.name}
            label={p.label || p.name}
            helperText={p.description}
            required={p.required}
            select={Boolean(p.hasOptions && p.options?.length)}
            value={values[p.name] ?? ''}
            onChange={e => setValues({ ...values, [p.name]: e.target.value })}
            fullWidth
            margin="normal"
          >
            {(p.options ?? []).map(o => (
              <MenuItem key={o.value} value={o.value}>
                {o.value}
              </MenuItem>
            ))}
          </TextField>
        ))}
        {error && <Alert severity="error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || missing.length > 0}
          onClick={start}
        >
          Start
        </Button>
      </DialogActions>
    </Dialog>
  );
};
