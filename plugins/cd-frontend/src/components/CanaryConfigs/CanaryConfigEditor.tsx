import { useCallback, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Box, Grid } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { StoredCanaryConfig } from '@internal/plugin-cd-common';
import { cdApiRef } from '../../api';
import {
  DocumentFeedbackAlert,
  DocumentTextField,
  FormatToggle,
} from '../shared/DocumentEditorParts';
import { IssueList } from '../shared/IssueList';
import { PermissionButton } from '../shared/PermissionButton';
import type { CdPermission } from '../shared/useCdPermission';
import { useDocumentEditor } from '../shared/useDocumentEditor';
import {
  blankCanaryConfig,
  lineOfIssue,
  readCanaryConfig,
} from './canaryConfigText';
import { CanaryConfigVersions } from './CanaryConfigVersions';
import { ConfirmDialog } from '../shared/ConfirmDialog';

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
  const blank = useCallback(
    () => blankCanaryConfig(application),
    [application],
  );
  const editor = useDocumentEditor({ loaded, blank });
  const { stored, format, text, issues, feedback, busy, show, act } = editor;
  const [confirmDelete, setConfirmDelete] = useState(false);

  const save = () =>
    act(async () => {
      const config = readCanaryConfig(text);
      const saved = stored
        ? await cdApi.updateCanaryConfig(stored.id, config, {
            expectedVersion: stored.version,
          })
        : await cdApi.createCanaryConfig(application, config);
      show(saved);
      editor.setFeedback({ kind: 'saved', version: saved.version });
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
            <FormatToggle format={format} onChange={editor.switchFormat} />
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
          <DocumentFeedbackAlert
            feedback={feedback}
            noun="canary config"
            onReload={loaded.retry}
          />
          <IssueList issues={issues} lineOf={path => lineOfIssue(text, path)} />
          <DocumentTextField
            id="canary-config-document"
            label="Canary config document"
            value={text}
            onChange={editor.setText}
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
              editor.setFeedback({ kind: 'saved', version: saved.version });
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
          Every version of this canary config is deleted. Pipelines that name it
          will fail their canary stage.
        </ConfirmDialog>
      )}
    </Grid>
  );
};
