import { ReactElement } from 'react';
import { Grid, Typography } from '@material-ui/core';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { CanaryMetricSeries } from '@internal/plugin-cd-common';
import { formatNumber, histogram, seriesPoints } from './canaryData';
import { SIDE_COLORS } from './canaryColors';

const HEIGHT = 220;
const FALLBACK_WIDTH = 480;

/** Fills its column where the browser can observe sizes; a fixed width elsewhere. */
const ChartBox = ({ children }: { children: ReactElement }) =>
  typeof ResizeObserver === 'undefined' ? (
    <div style={{ width: FALLBACK_WIDTH, height: HEIGHT }}>{children}</div>
  ) : (
    <ResponsiveContainer
      width="100%"
      height={HEIGHT}
      initialDimension={{ width: FALLBACK_WIDTH, height: HEIGHT }}
    >
      {children}
    </ResponsiveContainer>
  );

const clock = (time: number) =>
  new Date(time).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** Baseline and canary over the interval: gaps where a side had no value. */
export const TimeSeriesChart = ({ series }: { series: CanaryMetricSeries }) => (
  <ChartBox>
    <LineChart
      width={FALLBACK_WIDTH}
      height={HEIGHT}
      data={seriesPoints(series)}
      margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
    >
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="time" tickFormatter={clock} minTickGap={24} />
      <YAxis tickFormatter={v => formatNumber(v)} width={56} />
      <Tooltip
        labelFormatter={v => new Date(Number(v)).toLocaleString()}
        formatter={v => formatNumber(v as number)}
      />
      <Legend />
      <Line
        type="monotone"
        dataKey="baseline"
        name="Baseline"
        stroke={SIDE_COLORS.baseline}
        dot={false}
        isAnimationActive={false}
      />
      <Line
        type="monotone"
        dataKey="canary"
        name="Canary"
        stroke={SIDE_COLORS.canary}
        dot={false}
        isAnimationActive={false}
      />
    </LineChart>
  </ChartBox>
);

/** How the two samples' values are distributed, in shared bins. */
export const DistributionChart = ({
  series,
}: {
  series: CanaryMetricSeries;
}) => (
  <ChartBox>
    <BarChart
      width={FALLBACK_WIDTH}
      height={HEIGHT}
      data={histogram(series)}
      margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
    >
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="label" interval="preserveStartEnd" />
      <YAxis allowDecimals={false} width={32} />
      <Tooltip />
      <Legend />
      <Bar
        dataKey="baseline"
        name="Baseline"
        fill={SIDE_COLORS.baseline}
        isAnimationActive={false}
      />
      <Bar
        dataKey="canary"
        name="Canary"
        fill={SIDE_COLORS.canary}
        isAnimationActive={false}
      />
    </BarChart>
  </ChartBox>
);

/** A metric's two charts side by side. */
export const MetricCharts = ({
  series,
}: {
  series: CanaryMetricSeries | undefined;
}) => {
  if (!series)
    return (
      <Typography variant="body2" color="textSecondary">
        The report holds no series for this metric.
      </Typography>
    );
  return (
    <Grid container spacing={2}>
      <Grid
        item
        xs={12}
        md={6}
        role="figure"
        aria-label={`${series.metric} time series`}
      >
        <Typography variant="subtitle2">Time series</Typography>
        <TimeSeriesChart series={series} />
      </Grid>
      <Grid
        item
        xs={12}
        md={6}
        role="figure"
        aria-label={`${series.metric} distribution`}
      >
        <Typography variant="subtitle2">Distribution</Typography>
        <DistributionChart series={series} />
      </Grid>
    </Grid>
  );
};
