import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Box, Button, Grid, TextField } from '@material-ui/core';
import { Alert, ToggleButton, ToggleButtonGroup } from '@material-ui/lab';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  cdPipelineCreatePermission,
  cdPipelineDeletePermission,
  cdPipelineUpdatePermission,
  StoredPipeline,
  ValidationIssue,
} from '@internal/plugin-cd-common';
import { cdApiRef, errorMessage, isConflict, issuesOf } from '../../api';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { IssueList } from '../shared/IssueList';
import { PermissionButton } from '../shared/PermissionButton';
import { useCdPermission } from '../shared/useCdPermission';
import {
  formatDocument,
  lineOfPath,
  parseText,
  TextFormat,
} from './documentText';
import { ExportDialog } from './ExportDialog';
import { VersionHistory } from './VersionHistory';

type Feedback =
  | { kind: 'valid' }
  | { kind: 'saved'; version: number }
  | { kind: 'error'; message: string }
  | { kind: 'conflict'; message: string };

const blankPipeline = (application: string) => ({
  application,
  name: 'New pipeline',
  parameterConfig: [],
  stages: [{ refId: '1', type: 'wait', name: 'Wait', waitTime: 30 }],
});

/**
 * Create or edit a pipeline as YAML or JSON text: validate against the
 * backend (issues with their line), save with optimistic locking, export,
 * and for stored pipelines the version history with diff and restore.
 */
export const PipelineEditor = (props: {
  application: string;
  /** Absent to create a new pipeline. */
  pipelineId?: string;
  onSaved?: (pipeline: StoredPipeline, created: boolean) => void;
  onDeleted?: (pipeline: StoredPipeline) => void;
}) => {
  const { application, pipelineId } = props;
  const cdApi = useApi(cdApiRef);
  const createPermission = useCdPermission(cdPipelineCreatePermission);
  const updatePermission = useCdPermission(cdPipelineUpdatePermission);
  const deletePermission = useCdPermission(cdPipelineDeletePermission);
  const [deleting, setDeleting] = useState<
    { busy: boolean; error?: string } | undefined
  >();
  const loaded = useAsyncRetry(
    async () => (pipelineId ? cdApi.getPipeline(pipelineId) : undefined),
    [cdApi, pipelineId],
  );
  const [pipeline, setPipeline] = useState<StoredPipeline | undefined>();
  const [format, setFormat] = useState<TextFormat>('yaml');
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [feedback, setFeedback] = useState<Feedback | undefined>();
  const [busy, setBusy] = useState(false);
  const [exporting, setExporting] = useState<'json' | 'yaml' | undefined>();
  // Read by `show` so that loading or restoring keeps the format the user picked.
  const formatRef = useRef(format);
  formatRef.current = format;

  const show = useCallback(
    (stored: StoredPipeline | undefined) => {
      setPipeline(stored);
      setText(
        formatDocument(
          stored ? stored.config : blankPipeline(application),
          formatRef.current,
        ),
      );
      setIssues([]);
    },
    [application],
  );
  useEffect(() => {
    if (!loaded.loading && !loaded.error) show(loaded.value);
  }, [loaded.loading, loaded.error, loaded.value, show]);

  const switchFormat = (next: TextFormat | null) => {
    if (!next || next === format) return;
    try {
      setText(formatDocument(parseText(text), next));
      setFormat(next);
      setFeedback(undefined);
    } catch (e) {
      setFeedback({
        kind: 'error',
        message: `Fix the document before converting it: ${errorMessage(e)}`,
      });
    }
  };

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setFeedback(undefined);
    setIssues([]);
    try {
      await action();
    } catch (e) {
      const found = issuesOf(e);
      if (found.length > 0) setIssues(found);
      else if (isConflict(e))
        setFeedback({ kind: 'conflict', message: errorMessage(e) });
      else setFeedback({ kind: 'error', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const validate = () =>
    act(async () => {
      const result = await cdApi.validatePipeline({ format, text });
      setIssues(result.issues);
      if (result.valid) setFeedback({ kind: 'valid' });
    });

  const save = () =>
    act(async () => {
      const document = { format, text };
      const saved = pipeline
        ? await cdApi.updatePipeline(pipeline.id, document, {
            expectedVersion: pipeline.version,
          })
        : await cdApi.createPipeline(application, document);
      setPipeline(saved);
      setFeedback({ kind: 'saved', version: saved.version });
      props.onSaved?.(saved, !pipeline);
    });

  const remove = async () => {
    if (!pipeline) return;
    setDeleting({ busy: true });
    try {
      await cdApi.deletePipeline(pipeline.id);
      setDeleting(undefined);
      props.onDeleted?.(pipeline);
    } catch (e) {
      setDeleting({ busy: false, error: errorMessage(e) });
    }
  };

  if (loaded.loading) return <Progress />;
  if (loaded.error) return <ResponseErrorPanel error={loaded.error} />;

  const savePermission = pipeline ? updatePermission : createPermission;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} lg={pipeline ? 7 : 12}>
        <InfoCard
          title={pipeline ? `Edit ${pipeline.name}` : 'New pipeline'}
          subheader={
            pipeline
              ? `version ${pipeline.version}, saved by ${pipeline.updatedBy}`
              : application
          }
        >
          <Box
            display="flex"
            flexWrap="wrap"
            alignItems="center"
            mb={1}
            style={{ gap: 8 }}
          >
            <ToggleButtonGroup
              size="small"
              exclusive
              value={format}
              onChange={(_, v) => switchFormat(v)}
            >
              <ToggleButton value="yaml">YAML</ToggleButton>
              <ToggleButton value="json">JSON</ToggleButton>
            </ToggleButtonGroup>
            <Button variant="outlined" disabled={busy} onClick={validate}>
              Validate
            </Button>
            <PermissionButton
              permission={savePermission}
              variant="contained"
              color="primary"
              disabled={busy}
              onClick={save}
            >
              Save
            </PermissionButton>
            {pipeline && (
              <>
                <Button onClick={() => setExporting('json')}>
                  Export JSON
                </Button>
                <Button onClick={() => setExporting('yaml')}>
                  Export YAML
                </Button>
                <PermissionButton
                  permission={deletePermission}
                  color="secondary"
                  disabled={busy}
                  onClick={() => setDeleting({ busy: false })}
                >
                  Delete
                </PermissionButton>
              </>
            )}
          </Box>
          {feedback?.kind === 'valid' && (
            <Alert severity="success">The pipeline is valid.</Alert>
          )}
          {feedback?.kind === 'saved' && (
            <Alert severity="success">
              Saved as version {feedback.version}.
            </Alert>
          )}
          {feedback?.kind === 'error' && (
            <Alert severity="error">{feedback.message}</Alert>
          )}
          {feedback?.kind === 'conflict' && (
            <Alert
              severity="warning"
              action={
                <Button onClick={loaded.retry}>
                  Reload (discards your edits)
                </Button>
              }
            >
              Someone saved this pipeline after you opened it:{' '}
              {feedback.message}
            </Alert>
          )}
          <IssueList issues={issues} lineOf={path => lineOfPath(text, path)} />
          <TextField
            id="pipeline-document"
            value={text}
            onChange={e => setText(e.target.value)}
            multiline
            minRows={24}
            fullWidth
            variant="outlined"
            margin="normal"
            inputProps={{
              'aria-label': 'Pipeline document',
              spellCheck: false,
              style: {
                fontFamily: 'monospace',
                fontSize: '0.85rem',
                lineHeight: 1.5,
              },
            }}
          />
        </InfoCard>
      </Grid>
      {pipeline && (
        <Grid item xs={12} lg={5}>
          <VersionHistory pipeline={pipeline} onRestored={show} />
        </Grid>
      )}
      {pipeline && deleting && (
        <ConfirmDialog
          title={`Delete ${pipeline.name}?`}
          confirmLabel="Delete"
          busy={deleting.busy}
          error={deleting.error}
          onConfirm={remove}
          onClose={() => setDeleting(undefined)}
        >
          The pipeline and its version history are deleted. Its past executions
          stay in the history.
        </ConfirmDialog>
      )}
      {pipeline && exporting && (
        <ExportDialog
          pipeline={pipeline}
          format={exporting}
          onClose={() => setExporting(undefined)}
        />
      )}
    </Grid>
  );
};
