import { CodeSnippet, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import type { StoredPipeline } from '@internal/plugin-cd-common';
import { cdApiRef, errorMessage } from '../../api';

/** The stored document as the backend exports it, to copy or download. */
export const ExportDialog = (props: {
  pipeline: StoredPipeline;
  format: 'json' | 'yaml';
  onClose: () => void;
}) => {
  const cdApi = useApi(cdApiRef);
  const exported = useAsync(
    () => cdApi.exportPipeline(props.pipeline.id, props.format),
    [cdApi, props.pipeline.id, props.format],
  );
  const filename = `${props.pipeline.name.replace(/[^\w.-]+/g, '_')}.${
    props.format
  }`;
  const mime =
    props.format === 'json' ? 'application/json' : 'application/yaml';
  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="md">
      <DialogTitle>Export {props.pipeline.name}</DialogTitle>
      <DialogContent>
        {exported.loading && <Progress />}
        {exported.error && (
          <Alert severity="error">{errorMessage(exported.error)}</Alert>
        )}
        {exported.value !== undefined && (
          <CodeSnippet
            text={exported.value}
            language={props.format}
            showCopyCodeButton
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
        <Button
          color="primary"
          disabled={exported.value === undefined}
          href={`data:${mime};charset=utf-8,${encodeURIComponent(
            exported.value ?? '',
          )}`}
          download={filename}
        >
          Download {filename}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
