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
import type {
  StoredCanaryConfig,
  ValidationIssue,
} from '@internal/plugin-cd-common';
import { cdApiRef, errorMessage, isConflict, issuesOf } from '../../api';
import { formatDocument, parseText } from '../PipelineEditor';
import { IssueList } from '../shared/IssueList';
import { PermissionButton } from '../shared/PermissionButton';
import type { CdPermission } from '../shared/useCdPermission';
import {
  blankCanaryConfig,
  lineOfIssue,
  readCanaryConfig,
} from './canaryConfigText';
import { CanaryConfigVersions } from './CanaryConfigVersions';
import { ConfirmDialog } from '../shared/ConfirmDialog';

type TextFormat = 'yaml' | 'json';

type Feedback =
  | { kind: 'saved'; version: number }
  | { kind: 'error'; message: string }
  | { kind: 'conflict'; message: string };

/**
 * Create or edit one canary configuration as YAML or JSON: the backend's
 * validation issues shown at their line, optimistic locking, version
 * history with restore, and delete.
 */
export const CanaryConfigEditor = (props: {
  application: string;
  /** Absent to create a new configuration. */
  configId?: string;
  permission: CdPermission;
  onSaved?: (saved: StoredCanaryConfig, created: boolean) => void;
  onDeleted?: () => void;
}) => {
  const { application, configId, permission } = props;
  const cdApi = useApi(cdApiRef);
  const loaded = useAsyncRetry(
    async () => (configId ? cdApi.getCanaryConfig(configId) : undefined),
    [cdApi, configId],
  );
  const [stored, setStored] = useState<StoredCanaryConfig | undefined>();
  const [format, setFormat] = useState<TextFormat>('yaml');
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [feedback, setFeedback] = useState<Feedback | undefined>();
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // Read by `show` so that loading or restoring keeps the format the user picked.
  const formatRef = useRef(format);
  formatRef.current = format;

  const show = useCallback(
    (config: StoredCanaryConfig | undefined) => {
      setStored(config);
      setText(
        formatDocument(
          config ? config.config : blankCanaryConfig(application),
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

  const save = () =>
    act(async () => {
      const config = readCanaryConfig(text);
      const saved = stored
        ? await cdApi.updateCanaryConfig(stored.id, config, {
            expectedVersion: stored.version,
          })
        : await cdApi.createCanaryConfig(application, config);
      show(saved);
      setFeedback({ kind: 'saved', version: saved.version });
      props.onSaved?.(saved, !stored);
    });

  const remove = () =>
    act(async () => {
      setConfirmDelete(false);
      await cdApi.deleteCanaryConfig(stored!.id);
      props.onDeleted?.();
    });

  if (loaded.loading) return <Progress />;
  if (loaded.error) return <ResponseErrorPanel error={loaded.error} />;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} lg={stored ? 7 : 12}>
        <InfoCard
          title={stored ? `Edit ${stored.name}` : 'New canary config'}
          subheader={
            stored
              ? `version ${stored.version}, saved by ${stored.updatedBy}`
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
            <PermissionButton
              permission={permission}
              variant="contained"
              color="primary"
              disabled={busy}
              onClick={save}
            >
              Save
            </PermissionButton>
            {stored && (
              <PermissionButton
                permission={permission}
                color="secondary"
                disabled={busy}
                onClick={() => setConfirmDelete(true)}
              >
                Delete
              </PermissionButton>
            )}
          </Box>
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
              Someone saved this canary config after you opened it:{' '}
              {feedback.message}
            </Alert>
          )}
          <IssueList issues={issues} lineOf={path => lineOfIssue(text, path)} />
          <TextField
            id="canary-config-document"
            value={text}
            onChange={e => setText(e.target.value)}
            multiline
            minRows={24}
            fullWidth
            variant="outlined"
            margin="normal"
            inputProps={{
              'aria-label': 'Canary config document',
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
      {stored && (
        <Grid item xs={12} lg={5}>
          <CanaryConfigVersions
            current={stored}
            permission={permission}
            onRestored={saved => {
              show(saved);
              setFeedback({ kind: 'saved', version: saved.version });
            }}
          />
        </Grid>
      )}
      {stored && confirmDelete && (
        <ConfirmDialog
          title={`Delete ${stored.name}?`}
          confirmLabel="Delete"
          busy={busy}
          onConfirm={remove}
          onClose={() => setConfirmDelete(false)}
        >
          Every version of this canary config is deleted. Pipelines that name
          it will fail their canary stage.
        </ConfirmDialog>
      )}
    </Grid>
  );
};
