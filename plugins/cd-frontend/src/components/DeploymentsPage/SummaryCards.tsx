import { InfoCard } from '@backstage/core-components';
import { Grid, Typography } from '@material-ui/core';
import { isComplete } from '@internal/plugin-cd-common';
import type { AppExecution } from './useAllExecutions';

function startOfToday(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function summarize(executions: AppExecution[], now = Date.now()) {
  const today = startOfToday(now);
  return {
    running: executions.filter(e => !isComplete(e.status)),
    failedToday: executions.filter(
      e =>
        e.status === 'TERMINAL' &&
        (e.endTime ?? e.startTime ?? e.buildTime) >= today,
    ),
  };
}

const Count = ({
  title,
  count,
  detail,
}: {
  title: string;
  count: number;
  detail: string;
}) => (
  <InfoCard title={title}>
    <Typography variant="h3" component="p" aria-label={title}>
      {count}
    </Typography>
    <Typography variant="body2" color="textSecondary">
      {detail}
    </Typography>
  </InfoCard>
);

/** What is deploying right now, and what failed today, at a glance. */
export const SummaryCards = ({
  executions,
}: {
  executions: AppExecution[];
}) => {
  const { running, failedToday } = summarize(executions);
  const apps = (list: AppExecution[]) =>
    [...new Set(list.map(e => e.application))].join(', ') || 'none';
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <Count
          title="Running now"
          count={running.length}
          detail={apps(running)}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <Count
          title="Failed today"
          count={failedToday.length}
          detail={apps(failedToday)}
        />
      </Grid>
    </Grid>
  );
};
