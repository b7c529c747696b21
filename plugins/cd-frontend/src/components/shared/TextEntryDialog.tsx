import type { ReactNode } from 'react';
import {
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
  TextFieldProps,
} from '@material-ui/core';

/**
 * A dialog that asks for one piece of free text: a title, an explanation,
 * the text field, whatever the caller shows below it, and its buttons.
 */
export const TextEntryDialog = (props: {
  title: string;
  description: ReactNode;
  maxWidth: 'sm' | 'md';
  /** Spread onto a full-width, multi-line `TextField`. */
  field: TextFieldProps;
  /** Shown below the text field, e.g. errors or the outcome. */
  children?: ReactNode;
  actions: ReactNode;
  onClose: () => void;
}) => (
  <Dialog open onClose={props.onClose} fullWidth maxWidth={props.maxWidth}>
    <DialogTitle>{props.title}</DialogTitle>
    <DialogContent>
      <DialogContentText>{props.description}</DialogContentText>
      <TextField fullWidth multiline {...props.field} />
      {props.children}
    </DialogContent>
    <DialogActions>{props.actions}</DialogActions>
  </Dialog>
);
