import { useCallback, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Box, Button, Grid } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  cdPipelineCreatePermission,
  cdPipelineDeletePermission,
  cdPipelineUpdatePermission,
  StoredPipeline,
} from '@internal/plugin-cd-common';
import { cdApiRef, errorMessage } from '../../api';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import {
  DocumentFeedbackAlert,
  DocumentTextField,
  FormatToggle,
} from '../shared/DocumentEditorParts';
import { IssueList } from '../shared/IssueList';
import { PermissionButton } from '../shared/PermissionButton';
import { useCdPermission } from '../shared/useCdPermission';
import { useDocumentEditor } from '../shared/useDocumentEditor';
import { lineOfPath } from './documentText';
import { ExportDialog } from './ExportDialog';
import { VersionHistory } from './VersionHistory';

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
  const blank = useCallback(() => blankPipeline(application), [application]);
  const editor = useDocumentEditor({ loaded, blank });
  const {
    stored: pipeline,
    format,
    text,
    issues,
    feedback,
    busy,
    act,
  } = editor;
  const [exporting, setExporting] = useState<'json' | 'yaml' | undefined>();

  const validate = () =>
    act(async () => {
      const result = await cdApi.validatePipeline({ format, text });
      editor.setIssues(result.issues);
      if (result.valid) editor.setFeedback({ kind: 'valid' });
    });

  const save = () =>
    act(async () => {
      const document = { format, text };
      const saved = pipeline
        ? await cdApi.updatePipeline(pipeline.id, document, {
            expectedVersion: pipeline.version,
          })
        : await cdApi.createPipeline(application, document);
      editor.setStored(saved);
      editor.setFeedback({ kind: 'saved', version: saved.version });
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
            <FormatToggle format={format} onChange={editor.switchFormat} />
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
          <DocumentFeedbackAlert
            feedback={feedback}
            noun="pipeline"
            onReload={loaded.retry}
          />
          <IssueList issues={issues} lineOf={path => lineOfPath(text, path)} />
          <DocumentTextField
            id="pipeline-document"
            label="Pipeline document"
            value={text}
            onChange={editor.setText}
          />
        </InfoCard>
      </Grid>
      {pipeline && (
        <Grid item xs={12} lg={5}>
          <VersionHistory pipeline={pipeline} onRestored={editor.show} />
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
