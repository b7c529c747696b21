import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import type { ExecutionStatus } from '@internal/plugin-cd-common';

/** An Orca status with Backstage's status colours. */
export const ExecutionStatusChip = ({
  status,
}: {
  status: ExecutionStatus;
}) => {
  switch (status) {
    case 'SUCCEEDED':
      return <StatusOK>{status}</StatusOK>;
    case 'RUNNING':
      return <StatusRunning>{status}</StatusRunning>;
    case 'TERMINAL':
      return <StatusError>{status}</StatusError>;
    case 'FAILED_CONTINUE':
    case 'STOPPED':
      return <StatusWarning>{status}</StatusWarning>;
    case 'CANCELED':
    case 'SKIPPED':
      return <StatusAborted>{status}</StatusAborted>;
    default:
      return <StatusPending>{status}</StatusPending>;
  }
};
