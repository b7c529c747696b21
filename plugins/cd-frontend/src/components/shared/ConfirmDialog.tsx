import { ReactNode } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';

/** Asks before a destructive action; a failure stays in the dialog. */
export const ConfirmDialog = (props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  error?: string;
  onConfirm: () => void;
  onClose: () => void;
}) => (
  <Dialog
    open
    onClose={props.onClose}
    fullWidth
    maxWidth="xs"
    aria-labelledby="confirm-dialog-title"
  >
    <DialogTitle id="confirm-dialog-title">{props.title}</DialogTitle>
    <DialogContent>
      <DialogContentText component="div">{props.children}</DialogContentText>
      {props.error && <Alert severity="error">{props.error}</Alert>}
    </DialogContent>
    <DialogActions>
      <Button onClick={props.onClose}>Back</Button>
      <Button
        color="secondary"
        variant="contained"
        disabled={props.busy}
        onClick={props.onConfirm}
      >
        {props.confirmLabel}
      </Button>
    </DialogActions>
  </Dialog>
);
