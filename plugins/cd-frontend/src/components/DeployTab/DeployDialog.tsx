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
import {
  Execution,
  resolveParameters,
  StoredPipeline,
  ValidationIssue,
} from '@internal/plugin-cd-common';
import { cdApiRef, errorMessage, issuesOf } from '../../api';
import { IssueList } from '../shared/IssueList';

const parameterPath = (name: string) => `parameters.${name}`;

/**
 * A form generated from the pipeline's `parameterConfig` (required fields,
 * options as a select, defaults), checked with the same rules the backend
 * applies before it starts the pipeline.
 */
export const DeployDialog = (props: {
  pipeline: StoredPipeline;
  onClose: () => void;
  onStarted: (execution: Execution) => void;
}) => {
  const { pipeline } = props;
  const cdApi = useApi(cdApiRef);
  const parameterConfig = pipeline.config.parameterConfig ?? [];
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(parameterConfig.map(p => [p.name, p.default ?? ''])),
  );
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [serverIssues, setServerIssues] = useState<ValidationIssue[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const { issues } = resolveParameters(parameterConfig, values);
  const issueOf = (name: string) =>
    issues.find(i => i.path === parameterPath(name)) ??
    serverIssues.find(i => i.path === parameterPath(name));

  const start = async () => {
    setBusy(true);
    setError(undefined);
    setServerIssues([]);
    try {
      props.onStarted(await cdApi.startExecution(pipeline.id, values));
    } catch (e) {
      const found = issuesOf(e);
      if (found.length > 0) setServerIssues(found);
      else setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="sm">
      <DialogTitle>Deploy with {pipeline.name}</DialogTitle>
      <DialogContent>
        {parameterConfig.length === 0 && (
          <div>This pipeline takes no parameters.</div>
        )}
        {parameterConfig.map(p => {
          const issue = touched[p.name]
            ? issueOf(p.name)
            : serverIssues.find(i => i.path === parameterPath(p.name));
          const withOptions = Boolean(p.hasOptions && p.options?.length);
          return (
            <TextField
              key={p.name}
              id={`parameter-${p.name}`}
              label={p.label || p.name}
              helperText={
                issue ? `${p.label || p.name} ${issue.message}` : p.description
              }
              error={Boolean(issue)}
              required={p.required}
              select={withOptions}
              value={values[p.name] ?? ''}
              onChange={e => {
                setValues({ ...values, [p.name]: e.target.value });
                setTouched({ ...touched, [p.name]: true });
              }}
              onBlur={() => setTouched({ ...touched, [p.name]: true })}
              SelectProps={
                withOptions
                  ? {
                      SelectDisplayProps: {
                        'aria-label': p.label || p.name,
                      } as object,
                    }
                  : undefined
              }
              fullWidth
              margin="normal"
            >
              {(p.options ?? []).map(o => (
                <MenuItem key={o.value} value={o.value}>
                  {o.value}
                </MenuItem>
              ))}
            </TextField>
          );
        })}
        <IssueList
          issues={serverIssues.filter(
            i => !parameterConfig.some(p => i.path === parameterPath(p.name)),
          )}
          title="The backend refused to start the pipeline"
        />
        {error && <Alert severity="error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || issues.length > 0}
          onClick={start}
        >
          Start
        </Button>
      </DialogActions>
    </Dialog>
  );
};
