import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@material-ui/core';

/** Confirms a disruptive action and asks why (kept in the execution for others to read). */
export const ReasonDialog = (props: {
  title: string;
  description: string;
  confirmLabel: string;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) => {
  const [reason, setReason] = useState('');
  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="sm">
      <DialogTitle>{props.title}</DialogTitle>
      <DialogContent>
        <DialogContentText>{props.description}</DialogContentText>
        <TextField
          id="reason"
          label="Reason"
          value={reason}
          onChange={e => setReason(e.target.value)}
          inputProps={{ maxLength: 2000 }}
          fullWidth
          multiline
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Back</Button>
        <Button
          color="secondary"
          variant="contained"
          onClick={() => props.onConfirm(reason.trim())}
        >
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
