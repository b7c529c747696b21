import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  MenuItem,
  TextField,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type {
  ClusterSummary,
  ServerGroupAction,
  ServerGroupActionRequest,
  ServerGroupSummary,
} from '@internal/plugin-cd-common';
import { cdApiRef, errorMessage } from '../../api';
import {
  ACTION_LABELS,
  defaultRollbackTarget,
  refOf,
  rollbackTargets,
} from './serverGroupActions';
import type { TrackedTask } from './types';

const CONSEQUENCES: Record<ServerGroupAction, string> = {
  scale: 'Its pods are added or removed until the replica count is reached.',
  disable:
    'Its pods are taken out of their load balancers: they keep running but receive no traffic.',
  enable:
    'Its pods are put back into their load balancers and receive traffic.',
  rollback:
    'The chosen earlier version takes the traffic again; this one stops receiving it.',
  delete: 'The server group and its pods are deleted. This cannot be undone.',
};

function describe(
  action: ServerGroupAction,
  sg: ServerGroupSummary,
  request: ServerGroupActionRequest,
): string {
  if (request.action === 'scale')
    return `Scale ${sg.name} to ${request.replicas}`;
  if (request.action === 'rollback')
    return `Roll back ${sg.name} to ${
      request.restoreServerGroup ?? `revision ${request.revision}`
    }`;
  return `${ACTION_LABELS[action]} ${sg.name}`;
}

/**
 * Confirms one server group action, with what it needs (the replica count,
 * the version to roll back to) and an optional reason, then starts it as a
 * tracked task. A refusal (403, 409, 400) stays in the dialog.
 */
export const ServerGroupActionDialog = (props: {
  application: string;
  action: ServerGroupAction;
  serverGroup: ServerGroupSummary;
  cluster?: ClusterSummary;
  onClose: () => void;
  onStarted: (task: TrackedTask) => void;
}) => {
  const { application, action, serverGroup: sg } = props;
  const cdApi = useApi(cdApiRef);
  const targets =
    action === 'rollback' ? rollbackTargets(sg, props.cluster) : [];
  const [replicas, setReplicas] = useState(String(sg.replicas.desired));
  const [target, setTarget] = useState(
    () => defaultRollbackTarget(sg, targets)?.label ?? '',
  );
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const replicaCount = Number(replicas);
  const replicasInvalid =
    action === 'scale' &&
    (replicas.trim() === '' ||
      !Number.isInteger(replicaCount) ||
      replicaCount < 0 ||
      replicaCount > 10_000);
  const chosen = targets.find(t => t.label === target);

  const request = (): ServerGroupActionRequest | undefined => {
    const why = reason.trim() || undefined;
    switch (action) {
      case 'scale':
        return { action, replicas: replicaCount, reason: why };
      case 'rollback':
        return chosen ? { ...chosen.request, reason: why } : undefined;
      default:
        return { action, reason: why };
    }
  };

  const confirm = async () => {
    const body = request();
    if (!body) return;
    setBusy(true);
    setError(undefined);
    try {
      const response = await cdApi.runServerGroupAction(
        application,
        refOf(sg),
        body,
      );
      props.onStarted({
        executionId: response.executionId,
        stageType: response.stageType,
        description: describe(action, sg, body),
        serverGroup: refOf(sg),
      });
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  const label = ACTION_LABELS[action];
  return (
    <Dialog
      open
      onClose={props.onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="server-group-action-title"
    >
      <DialogTitle id="server-group-action-title">
        {label} {sg.kind} {sg.name}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {sg.account} / {sg.namespace}. {CONSEQUENCES[action]}
        </DialogContentText>
        {action === 'scale' && (
          <TextField
            id="server-group-replicas"
            label="Replicas"
            type="number"
            value={replicas}
            onChange={e => setReplicas(e.target.value)}
            error={replicasInvalid}
            helperText={
              replicasInvalid
                ? 'A whole number from 0 to 10000'
                : `Now ${sg.replicas.desired} desired, ${sg.replicas.ready} ready`
            }
            inputProps={{ min: 0, max: 10_000, step: 1 }}
            fullWidth
            margin="normal"
          />
        )}
        {action === 'rollback' && (
          <TextField
            id="server-group-rollback-target"
            select
            label="Roll back to"
            value={target}
            onChange={e => setTarget(e.target.value)}
            SelectProps={{
              SelectDisplayProps: { 'aria-label': 'Roll back to' } as object,
            }}
            fullWidth
            margin="normal"
          >
            {targets.map(t => (
              <MenuItem key={t.label} value={t.label}>
                {t.label}
              </MenuItem>
            ))}
          </TextField>
        )}
        <TextField
          id="server-group-action-reason"
          label="Reason"
          value={reason}
          onChange={e => setReason(e.target.value)}
          inputProps={{ maxLength: 2000 }}
          fullWidth
          margin="normal"
        />
        {error && <Alert severity="error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Back</Button>
        <Button
          color={action === 'delete' ? 'secondary' : 'primary'}
          variant="contained"
          disabled={
            busy || replicasInvalid || (action === 'rollback' && !chosen)
          }
          onClick={confirm}
        >
          {label}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
