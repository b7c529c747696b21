import { useState } from 'react';
import { Button } from '@material-ui/core';
import { TextEntryDialog } from '../shared/TextEntryDialog';

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
    <TextEntryDialog
      title={props.title}
      description={props.description}
      maxWidth="sm"
      onClose={props.onClose}
      field={{
        id: 'reason',
        label: 'Reason',
        value: reason,
        onChange: e => setReason(e.target.value),
        inputProps: { maxLength: 2000 },
      }}
      actions={
        <>
          <Button onClick={props.onClose}>Back</Button>
          <Button
            color="secondary"
            variant="contained"
            onClick={() => props.onConfirm(reason.trim())}
          >
            {props.confirmLabel}
          </Button>
        </>
      }
    />
  );
};
