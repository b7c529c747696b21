import { Button, TextField } from '@material-ui/core';
import { Alert, ToggleButton, ToggleButtonGroup } from '@material-ui/lab';
import type { TextFormat } from '../PipelineEditor/documentText';
import type { DocumentFeedback } from './useDocumentEditor';

/** YAML / JSON switch of a document editor. */
export const FormatToggle = (props: {
  format: TextFormat;
  onChange: (next: TextFormat | null) => void;
}) => (
  <ToggleButtonGroup
    size="small"
    exclusive
    value={props.format}
    onChange={(_, v) => props.onChange(v)}
  >
    <ToggleButton value="yaml">YAML</ToggleButton>
    <ToggleButton value="json">JSON</ToggleButton>
  </ToggleButtonGroup>
);

/** The outcome of the editor's last action; a conflict offers to reload. */
export const DocumentFeedbackAlert = (props: {
  feedback: DocumentFeedback | undefined;
  /** Names the document in messages, e.g. "pipeline". */
  noun: string;
  onReload: () => void;
}) => {
  const { feedback, noun } = props;
  switch (feedback?.kind) {
    case 'valid':
      return <Alert severity="success">The {noun} is valid.</Alert>;
    case 'saved':
      return (
        <Alert severity="success">Saved as version {feedback.version}.</Alert>
      );
    case 'error':
      return <Alert severity="error">{feedback.message}</Alert>;
    case 'conflict':
      return (
        <Alert
          severity="warning"
          action={
            <Button onClick={props.onReload}>
              Reload (discards your edits)
            </Button>
          }
        >
          Someone saved this {noun} after you opened it: {feedback.message}
        </Alert>
      );
    default:
      return null;
  }
};

/** The monospace text area holding the document. */
export const DocumentTextField = (props: {
  id: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
}) => (
  <TextField
    id={props.id}
    value={props.value}
    onChange={e => props.onChange(e.target.value)}
    multiline
    minRows={24}
    fullWidth
    variant="outlined"
    margin="normal"
    inputProps={{
      'aria-label': props.label,
      spellCheck: false,
      style: {
        fontFamily: 'monospace',
        fontSize: '0.85rem',
        lineHeight: 1.5,
      },
    }}
  />
);
