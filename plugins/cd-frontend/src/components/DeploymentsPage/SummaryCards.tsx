import { InfoCard, Link } from '@backstage/core-components';
import {
  Grid,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { isComplete } from '@internal/plugin-cd-common';
import { ExecutionStatusChip } from '../shared/ExecutionStatusChip';
import { elapsed, formatTime } from '../shared/format';
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

const executionLink = (e: AppExecution) =>
  `${e.deployTab}/executions/${encodeURIComponent(e.id)}`;

const MAX_LISTED = 8;

const Panel = ({
  title,
  executions,
  empty,
  detail,
}: {
  title: string;
  executions: AppExecution[];
  empty: string;
  detail: (e: AppExecution) => string;
}) => (
  <InfoCard title={title}>
    <Typography variant="h3" component="p" aria-label={title}>
      {executions.length}
    </Typography>
    {executions.length === 0 ? (
      <Typography variant="body2" color="textSecondary">
        {empty}
      </Typography>
    ) : (
      <List dense disablePadding aria-label={`${title} list`}>
        {executions.slice(0, MAX_LISTED).map(e => (
          <ListItem key={e.id} disableGutters>
            <ListItemText
              primary={
                <>
                  <Link to={e.deployTab}>{e.application}</Link>
                  {' · '}
                  <Link to={executionLink(e)}>{e.name}</Link>{' '}
                  <ExecutionStatusChip status={e.status} />
                </>
              }
              secondary={detail(e)}
            />
          </ListItem>
        ))}
        {executions.length > MAX_LISTED && (
          <ListItem disableGutters>
            <ListItemText
              secondary={`and ${executions.length - MAX_LISTED} more below`}
            />
          </ListItem>
        )}
      </List>
    )}
  </InfoCard>
);

/** What is deploying right now, and what failed today, at a glance, each linking to its execution. */
export const SummaryCards = ({
  executions,
}: {
  executions: AppExecution[];
}) => {
  const { running, failedToday } = summarize(executions);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <Panel
          title="Deploying right now"
          executions={running}
          empty="Nothing is deploying."
          detail={e =>
            `running for ${elapsed(e.startTime ?? e.buildTime)} · ${
              e.trigger.user
            }`
          }
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <Panel
          title="Failed today"
          executions={failedToday}
          empty="Nothing failed today."
          detail={e => `failed ${formatTime(e.endTime)} · ${e.trigger.user}`}
        />
      </Grid>
    </Grid>
  );
};
