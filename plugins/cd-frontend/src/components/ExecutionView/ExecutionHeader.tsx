import { Grid, Typography } from '@material-ui/core';
import type { Execution } from '@internal/plugin-cd-common';
import { ExecutionStatusChip } from '../shared/ExecutionStatusChip';
import { elapsed, formatTime } from '../shared/format';

const Field = ({
  label,
  children,
}: {
  label: string;
  children: React.ReactNode;
}) => (
  <Grid item>
    <Typography variant="caption" color="textSecondary" component="div">
      {label}
    </Typography>
    <Typography variant="body2" component="div">
      {children}
    </Typography>
  </Grid>
);

/** Who started what, when, and how it is going. */
export const ExecutionHeader = ({
  execution,
  now,
}: {
  execution: Execution;
  now?: number;
}) => (
  <Grid container spacing={4} alignItems="flex-start">
    <Field label="Status">
      <ExecutionStatusChip status={execution.status} />
    </Field>
    <Field label="Trigger">{execution.trigger.type}</Field>
    <Field label="By">{execution.trigger.user}</Field>
    <Field label="Started">
      {formatTime(execution.startTime ?? execution.buildTime)}
    </Field>
    <Field label="Duration">
      {elapsed(execution.startTime, execution.endTime, now)}
    </Field>
    {execution.canceled && (
      <Field label="Canceled">
        {execution.canceledBy ?? 'someone'}
        {execution.cancellationReason
          ? `: ${execution.cancellationReason}`
          : ''}
      </Field>
    )}
    {execution.status === 'PAUSED' && execution.paused && (
      <Field label="Paused">
        by {execution.paused.pausedBy ?? 'someone'} at{' '}
        {formatTime(execution.paused.pauseTime)}
      </Field>
    )}
    {Object.keys(execution.trigger.parameters ?? {}).length > 0 && (
      <Field label="Parameters">
        {Object.entries(execution.trigger.parameters)
          .map(
            ([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`,
          )
          .join(', ')}
      </Field>
    )}
  </Grid>
);
