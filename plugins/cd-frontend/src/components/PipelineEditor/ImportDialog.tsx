import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type { ValidationIssue } from '@internal/plugin-cd-common';
import { cdApiRef, errorMessage, ImportResult, issuesOf } from '../../api';
import { IssueList } from '../shared/IssueList';

/** Paste Spinnaker pipeline JSON (one pipeline or an array); the backend converts and stores it. */
export const ImportDialog = (props: {
  application: string;
  onClose: () => void;
  onImported: (result: ImportResult) => void;
}) => {
  const cdApi = useApi(cdApiRef);
  const [json, setJson] = useState('');
  const [busy, setBusy] = useState(false);
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [result, setResult] = useState<ImportResult | undefined>();

  const submit = async () => {
    setBusy(true);
    setIssues([]);
    setError(undefined);
    try {
      const imported = await cdApi.importSpinnakerPipelines(
        props.application,
        json,
      );
      setResult(imported);
      props.onImported(imported);
    } catch (e) {
      const found = issuesOf(e);
      if (found.length > 0) setIssues(found);
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="md">
      <DialogTitle>Import from Spinnaker</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Paste a pipeline exported from Spinnaker (Deck&apos;s &quot;Edit as
          JSON&quot;, or Front50&apos;s JSON). A pipeline with the same name is
          updated.
        </DialogContentText>
        <TextField
          id="spinnaker-json"
          label="Spinnaker pipeline JSON"
          value={json}
          onChange={e => setJson(e.target.value)}
          multiline
          minRows={12}
          fullWidth
          variant="outlined"
          inputProps={{
            spellCheck: false,
            style: { fontFamily: 'monospace', fontSize: '0.85rem' },
          }}
        />
        <IssueList issues={issues} title="The import was refused" />
        {error && <Alert severity="error">{error}</Alert>}
        {result && (
          <Alert severity="success">
            {result.items
              .map(
                i => `${i.created ? 'Created' : 'Updated'} ${i.pipeline.name}`,
              )
              .join('; ')}
          </Alert>
        )}
        {result && (
          <IssueList
            issues={result.warnings}
            title="Changed on the way in"
            severity="warning"
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{result ? 'Close' : 'Cancel'}</Button>
        {!result && (
          <Button
            color="primary"
            variant="contained"
            disabled={busy || !json.trim()}
            onClick={submit}
          >
            Import
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
};
