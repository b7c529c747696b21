import { ReactNode, useState } from 'react';
import { Button } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type { ValidationIssue } from '@internal/plugin-cd-common';
import { errorMessage, issuesOf } from '../../api';
import { IssueList } from './IssueList';
import { TextEntryDialog } from './TextEntryDialog';

/**
 * Paste a document exported from another tool and import it. A refusal
 * with validation issues lists them (at their line when `lineOf` knows it);
 * any other failure is shown as an error.
 */
export const PasteImportDialog = (props: {
  title: string;
  description: ReactNode;
  fieldId: string;
  fieldLabel: string;
  /** Imports the pasted text; throws to refuse it. */
  onImport: (text: string) => Promise<void>;
  lineOf?: (text: string, path: string) => number | undefined;
  /** Shown once the import succeeded; the dialog then only offers to close. */
  outcome?: ReactNode;
  onClose: () => void;
}) => {
  const { lineOf, onImport, outcome } = props;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [error, setError] = useState<string | undefined>();

  const submit = async () => {
    setBusy(true);
    setIssues([]);
    setError(undefined);
    try {
      await onImport(text);
    } catch (e) {
      const found = issuesOf(e);
      if (found.length > 0) setIssues(found);
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <TextEntryDialog
      title={props.title}
      description={props.description}
      maxWidth="md"
      onClose={props.onClose}
      field={{
        id: props.fieldId,
        label: props.fieldLabel,
        value: text,
        onChange: e => setText(e.target.value),
        minRows: 12,
        variant: 'outlined',
        inputProps: {
          spellCheck: false,
          style: { fontFamily: 'monospace', fontSize: '0.85rem' },
        },
      }}
      actions={
        <>
          <Button onClick={props.onClose}>
            {outcome ? 'Close' : 'Cancel'}
          </Button>
          {!outcome && (
            <Button
              color="primary"
              variant="contained"
              disabled={busy || !text.trim()}
              onClick={submit}
            >
              Import
            </Button>
          )}
        </>
      }
    >
      <IssueList
        issues={issues}
        title="The import was refused"
        lineOf={lineOf && (path => lineOf(text, path))}
      />
      {error && <Alert severity="error">{error}</Alert>}
      {outcome}
    </TextEntryDialog>
  );
};
