import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Box } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  cdExecutionCancelPermission,
  Execution,
  isComplete,
  StageExecution,
} from '@internal/plugin-cd-common';
import { cdApiRef, errorMessage } from '../../api';
import { PermissionButton } from '../shared/PermissionButton';
import { useCdPermission } from '../shared/useCdPermission';
import { ReasonDialog } from './ReasonDialog';

type Asking = 'cancel' | 'restart' | undefined;

/** Cancel, pause, resume, restart a stage, skip a wait: what the engine allows right now. */
export const ExecutionControls = (props: {
  execution: Execution;
  selectedStage?: StageExecution;
  onChange: (execution: Execution) => void;
}) => {
  const { execution, selectedStage: stage } = props;
  const cdApi = useApi(cdApiRef);
  const permission = useCdPermission(cdExecutionCancelPermission);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [asking, setAsking] = useState<Asking>();

  const run = async (action: () => Promise<Execution>) => {
    setAsking(undefined);
    setBusy(true);
    setError(undefined);
    try {
      props.onChange(await action());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const running = !isComplete(execution.status);
  const canRestart = stage && !stage.parentStageId && isComplete(stage.status);
  const canSkipWait = stage?.type === 'wait' && stage.status === 'RUNNING';
  const common = {
    permission,
    disabled: busy,
    variant: 'outlined' as const,
    size: 'small' as const,
  };

  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 8 }}>
      {running && (
        <PermissionButton
          {...common}
          color="secondary"
          onClick={() => setAsking('cancel')}
        >
          Cancel execution
        </PermissionButton>
      )}
      {execution.status === 'RUNNING' && (
        <PermissionButton
          {...common}
          onClick={() => run(() => cdApi.pauseExecution(execution.id))}
        >
          Pause
        </PermissionButton>
      )}
      {execution.status === 'PAUSED' && (
        <PermissionButton
          {...common}
          onClick={() => run(() => cdApi.resumeExecution(execution.id))}
        >
          Resume
        </PermissionButton>
      )}
      {canRestart && (
        <PermissionButton {...common} onClick={() => setAsking('restart')}>
          Restart stage {stage.name}
        </PermissionButton>
      )}
      {canSkipWait && (
        <PermissionButton
          {...common}
          onClick={() => run(() => cdApi.skipWait(execution.id, stage.id))}
        >
          Skip wait
        </PermissionButton>
      )}
      {error && (
        <Alert severity="error" onClose={() => setError(undefined)}>
          {error}
        </Alert>
      )}
      {asking === 'cancel' && (
        <ReasonDialog
          title={`Cancel ${execution.name}?`}
          description="Running stages are stopped and the execution ends CANCELED."
          confirmLabel="Cancel execution"
          onClose={() => setAsking(undefined)}
          onConfirm={reason =>
            run(() => cdApi.cancelExecution(execution.id, reason || undefined))
          }
        />
      )}
      {asking === 'restart' && stage && (
        <ReasonDialog
          title={`Restart stage ${stage.name}?`}
          description="The stage and every stage after it run again."
          confirmLabel="Restart"
          onClose={() => setAsking(undefined)}
          onConfirm={reason =>
            run(() =>
              cdApi.restartStage(execution.id, stage.id, reason || undefined),
            )
          }
        />
      )}
    </Box>
  );
};
