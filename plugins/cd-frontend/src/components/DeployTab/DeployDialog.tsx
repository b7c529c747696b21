import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Progress } from '@backstage/core-components';
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
  PipelineDiff,
  resolveParameters,
  StoredPipeline,
  ValidationIssue,
} from '@internal/plugin-cd-common';
import { cdApiRef, errorMessage, issuesOf } from '../../api';
import { IssueList } from '../shared/IssueList';
import { ManifestDiffView } from './ManifestDiffView';

/** The parameters form, then the review of what would change. */
type Step =
  | { name: 'parameters' }
  | { name: 'review'; diff?: PipelineDiff; error?: string };

const parameterPath = (name: string) => `parameters.${name}`;

/**
 * A form generated from the pipeline's `parameterConfig` (required fields,
 * options as a select, defaults), checked with the same rules the backend
 * applies before it starts the pipeline; then "Review changes": each deploy
 * stage's manifests against what runs now (a server-side dry-run), before
 * the user confirms.
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
  const [step, setStep] = useState<Step>({ name: 'parameters' });
  const stageNames = Object.fromEntries(
    pipeline.config.stages.map(s => [s.refId, s.name ?? s.type]),
  );

  const { issues } = resolveParameters(parameterConfig, values);
  const issueOf = (name: string) =>
    issues.find(i => i.path === parameterPath(name)) ??
    serverIssues.find(i => i.path === parameterPath(name));

  const review = async () => {
    setBusy(true);
    setError(undefined);
    setServerIssues([]);
    setStep({ name: 'review' });
    try {
      const diff = await cdApi.diffPipeline(pipeline.id, values);
      setStep({ name: 'review', diff });
    } catch (e) {
      const found = issuesOf(e);
      if (found.length > 0) {
        setServerIssues(found);
        setStep({ name: 'parameters' });
      } else {
        setStep({ name: 'review', error: errorMessage(e) });
      }
    } finally {
      setBusy(false);
    }
  };

  const start = async () => {
    setBusy(true);
    setError(undefined);
    setServerIssues([]);
    try {
      props.onStarted(await cdApi.startExecution(pipeline.id, values));
    } catch (e) {
      const found = issuesOf(e);
      if (found.length > 0) {
        setServerIssues(found);
        setStep({ name: 'parameters' });
      } else setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={props.onClose}
      fullWidth
      maxWidth={step.name === 'review' ? 'md' : 'sm'}
      aria-labelledby="deploy-dialog-title"
    >
      <DialogTitle id="deploy-dialog-title">
        {step.name === 'review' ? 'Review changes of' : 'Deploy with'}{' '}
        {pipeline.name}
      </DialogTitle>
      <DialogContent>
        {step.name === 'review' && (
          <>
            {busy && !step.diff && <Progress />}
            {step.diff && (
              <ManifestDiffView diff={step.diff} stageNames={stageNames} />
            )}
            {step.error && (
              <Alert severity="warning">
                Could not compute the changes: {step.error}
              </Alert>
            )}
          </>
        )}
        {step.name === 'parameters' && parameterConfig.length === 0 && (
          <div>This pipeline takes no parameters.</div>
        )}
        {step.name === 'parameters' &&
          parameterConfig.map(p => {
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
                  issue
                    ? `${p.label || p.name} ${issue.message}`
                    : p.description
                }
                error={Boolean(issue)}
                required={p.required}
                select={withOptions}
                type={p.secret && !withOptions ? 'password' : undefined}
                autoComplete={p.secret ? 'off' : undefined}
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
        {step.name === 'parameters' ? (
          <Button
            color="primary"
            variant="contained"
            disabled={busy || issues.length > 0}
            onClick={review}
          >
            Review changes
          </Button>
        ) : (
          <>
            <Button
              disabled={busy}
              onClick={() => setStep({ name: 'parameters' })}
            >
              Back
            </Button>
            <Button
              color="primary"
              variant="contained"
              disabled={busy || issues.length > 0}
              onClick={start}
            >
              {step.error ? 'Start anyway' : 'Start'}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
};
