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
import type {
  CanaryConfig,
  StoredCanaryConfig,
  ValidationIssue,
} from '@internal/plugin-cd-common';
import { cdApiRef, errorMessage, issuesOf } from '../../api';
import { IssueList } from '../shared/IssueList';
import { lineOfIssue } from './canaryConfigText';

/** Paste a canary config exported from Kayenta (or Deck's canary config JSON); it is stored as it is. */
export const KayentaImportDialog = (props: {
  application: string;
  onClose: () => void;
  onImported: (saved: StoredCanaryConfig) => void;
}) => {
  const cdApi = useApi(cdApiRef);
  const [json, setJson] = useState('');
  const [busy, setBusy] = useState(false);
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [error, setError] = useState<string | undefined>();

  const submit = async () => {
    setIssues([]);
    setError(undefined);
    let config: CanaryConfig;
    try {
      config = JSON.parse(json);
    } catch (e) {
      setError(`Not valid JSON: ${errorMessage(e)}`);
      return;
    }
    setBusy(true);
    try {
      props.onImported(
        await cdApi.createCanaryConfig(props.application, config),
      );
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
      <DialogTitle>Import from Kayenta</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Paste a canary configuration as Kayenta stores it (its metrics,
          classifier and judge). It becomes a new configuration of{' '}
          {props.application}.
        </DialogContentText>
        <TextField
          id="kayenta-json"
          label="Kayenta canary config JSON"
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
        <IssueList
          issues={issues}
          title="The import was refused"
          lineOf={path => lineOfIssue(json, path)}
        />
        {error && <Alert severity="error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || !json.trim()}
          onClick={submit}
        >
          Import
        </Button>
      </DialogActions>
    </Dialog>
  );
};
