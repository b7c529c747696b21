import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Grid, MenuItem, TextField, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import type { DoraMetrics } from '@internal/plugin-cd-common';
import { cdApiRef } from '../../api';
import {
  formatFrequency,
  formatRate,
  humanizeDuration,
  scopeLabel,
  trendValues,
  TrendValues,
} from './doraFormat';
import { Sparkline } from './Sparkline';

export interface DoraCardProps {
  /** One application; with neither this nor entityRef the card is portal-wide. */
  application?: string;
  /** Every application of a catalog entity. */
  entityRef?: string;
  /** The window, in days (30 unless given); the card offers 7, 30 and 90. */
  days?: number;
  title?: string;
}

const WINDOWS = [7, 30, 90];

const Figure = ({
  title,
  value,
  detail,
  trend,
  trendKey,
  format,
  color,
}: {
  title: string;
  value: string;
  detail: string;
  trend: TrendValues[];
  trendKey: keyof TrendValues & string;
  format: (value: number) => string;
  color: string;
}) => (
  <Grid item xs={12} sm={6} md={3}>
    <Typography variant="overline" component="h3">
      {title}
    </Typography>
    <Typography variant="h5" component="p" aria-label={title}>
      {value}
    </Typography>
    <Typography variant="caption" color="textSecondary" component="p">
      {detail}
    </Typography>
    {trend.length > 1 && (
      <Sparkline
        data={trend}
        dataKey={trendKey}
        label={title}
        format={format}
        color={color}
      />
    )}
  </Grid>
);

const Figures = ({ metrics }: { metrics: DoraMetrics }) => {
  const trend = trendValues(metrics.trend);
  return (
    <Grid container spacing={2}>
      <Figure
        title="Deployment frequency"
        value={formatFrequency(metrics.deploymentsPerDay)}
        detail={`${metrics.deployments} production deployment${
          metrics.deployments === 1 ? '' : 's'
        }`}
        trend={trend}
        trendKey="deployments"
        format={v => `${v} deployments`}
        color="#1976d2"
      />
      <Figure
        title="Lead time for changes"
        value={humanizeDuration(metrics.leadTimeMs)}
        detail="median, commit to production"
        trend={trend}
        trendKey="leadTimeMs"
        format={humanizeDuration}
        color="#6a1b9a"
      />
      <Figure
        title="Change failure rate"
        value={formatRate(metrics.changeFailureRate)}
        detail="failed or rolled back"
        trend={trend}
        trendKey="failureRate"
        format={formatRate}
        color="#c62828"
      />
      <Figure
        title="Time to restore"
        value={humanizeDuration(metrics.timeToRestoreMs)}
        detail="median, failure to next success"
        trend={trend}
        trendKey="timeToRestoreMs"
        format={humanizeDuration}
        color="#ef6c00"
      />
    </Grid>
  );
};

/** DORA's four keys from the product's own executions, each with its weekly trend. */
export const DoraCard = (props: DoraCardProps) => {
  const { application, entityRef } = props;
  const cdApi = useApi(cdApiRef);
  const [days, setDays] = useState(props.days ?? 30);
  const metrics = useAsync(
    () => cdApi.getDoraMetrics({ application, entityRef, days }),
    [cdApi, application, entityRef, days],
  );
  const windowSelect = (
    <TextField
      select
      size="small"
      value={days}
      onChange={e => setDays(Number(e.target.value))}
      SelectProps={{
        SelectDisplayProps: { 'aria-label': 'DORA window' } as object,
      }}
    >
      {[...new Set([...WINDOWS, days])]
        .sort((a, b) => a - b)
        .map(d => (
          <MenuItem key={d} value={d}>
            last {d} days
          </MenuItem>
        ))}
    </TextField>
  );
  return (
    <InfoCard
      title={props.title ?? 'DORA metrics'}
      subheader={metrics.value ? scopeLabel(metrics.value) : undefined}
      action={<Box pt={1}>{windowSelect}</Box>}
    >
      {metrics.loading && <Progress />}
      {metrics.error && <ResponseErrorPanel error={metrics.error} />}
      {metrics.value && !metrics.loading && <Figures metrics={metrics.value} />}
    </InfoCard>
  );
};

/** The card for the entity whose page it is on (all its applications). */
export const EntityDoraCard = (
  props: Omit<DoraCardProps, 'application' | 'entityRef'>,
) => {
  const { entity } = useEntity();
  return <DoraCard {...props} entityRef={stringifyEntityRef(entity)} />;
};

/** Every application in the portal. */
export const PortalDoraCard = (
  props: Omit<DoraCardProps, 'application' | 'entityRef'>,
) => <DoraCard title="DORA metrics, all applications" {...props} />;
