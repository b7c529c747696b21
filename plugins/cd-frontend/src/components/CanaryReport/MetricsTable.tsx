import { Fragment, useState } from 'react';
import {
  Box,
  Collapse,
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@material-ui/icons/KeyboardArrowRight';
import type {
  CanaryAnalysisResult,
  CanaryConfig,
  CanaryMetricSeries,
  MetricStatistics,
} from '@internal/plugin-cd-common';
import { CLASSIFICATION_COLORS } from './canaryColors';
import { formatNumber, median, presentValues } from './canaryData';
import { ColoredChip } from './ColoredChip';
import { MetricCharts } from './MetricCharts';

const StatsTable = ({
  result,
  series,
}: {
  result: CanaryAnalysisResult;
  series?: CanaryMetricSeries;
}) => {
  const row = (
    side: string,
    stats: MetricStatistics,
    sample?: ReadonlyArray<number | null>,
  ) => (
    <TableRow>
      <TableCell component="th" scope="row">
        {side}
      </TableCell>
      <TableCell>{stats.count}</TableCell>
      <TableCell>{formatNumber(stats.mean)}</TableCell>
      <TableCell>
        {formatNumber(sample ? median(presentValues(sample)) : undefined)}
      </TableCell>
      <TableCell>{formatNumber(stats.std)}</TableCell>
      <TableCell>{formatNumber(stats.min)}</TableCell>
      <TableCell>{formatNumber(stats.max)}</TableCell>
    </TableRow>
  );
  return (
    <Table size="small" aria-label={`${result.name} statistics`}>
      <TableHead>
        <TableRow>
          <TableCell />
          <TableCell>Count</TableCell>
          <TableCell>Mean</TableCell>
          <TableCell>Median</TableCell>
          <TableCell>Std dev</TableCell>
          <TableCell>Min</TableCell>
          <TableCell>Max</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {row('Baseline', result.controlMetadata.stats, series?.control)}
        {row('Canary', result.experimentMetadata.stats, series?.experiment)}
      </TableBody>
    </Table>
  );
};

/** The Mann-Whitney test's figures, when it ran. */
const TestDetails = ({ result }: { result: CanaryAnalysisResult }) => {
  const m = result.resultMetadata;
  if (m.pValue === undefined) return null;
  return (
    <Typography variant="body2" color="textSecondary">
      Mann-Whitney: p-value {formatNumber(m.pValue)}, estimate{' '}
      {formatNumber(m.estimate)}, confidence interval [
      {formatNumber(m.lowerConfidence)}, {formatNumber(m.upperConfidence)}],
      tolerance band [{formatNumber(m.lowerBound)}, {formatNumber(m.upperBound)}
      ]{m.noiseAdded ? ', noise added' : ''}
    </Typography>
  );
};

const MetricRow = ({
  result,
  series,
  configuredCritical,
}: {
  result: CanaryAnalysisResult;
  series?: CanaryMetricSeries;
  /** The config marks it critical; the result's `critical` says it failed critically. */
  configuredCritical: boolean;
}) => {
  // Charts render only when opened: a report may have dozens of metrics.
  const [open, setOpen] = useState(false);
  const meta = result.resultMetadata;
  const Arrow = open ? KeyboardArrowDownIcon : KeyboardArrowRightIcon;
  return (
    <Fragment>
      <TableRow style={result.muted ? { opacity: 0.6 } : undefined}>
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-label={`${open ? 'Hide' : 'Show'} details of ${result.name}`}
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            <Arrow fontSize="small" />
          </IconButton>
        </TableCell>
        <TableCell component="th" scope="row">
          <Box display="flex" alignItems="center" style={{ gap: 4 }}>
            <span>{result.name}</span>
            {result.critical ? (
              <ColoredChip label="critical failure" color="#c62828" />
            ) : (
              configuredCritical && (
                <ColoredChip label="critical" color="#c62828" outlined />
              )
            )}
            {result.muted && (
              <ColoredChip label="muted" color="#757575" outlined />
            )}
          </Box>
          <Typography variant="caption" color="textSecondary">
            {result.groups.join(', ')}
          </Typography>
        </TableCell>
        <TableCell>
          <ColoredChip
            label={result.classification}
            color={CLASSIFICATION_COLORS[result.classification] ?? '#757575'}
          />
        </TableCell>
        <TableCell>{result.classificationReason ?? ''}</TableCell>
        <TableCell align="right">
          {formatNumber(result.controlMetadata.stats.mean)}
        </TableCell>
        <TableCell align="right">
          {formatNumber(result.experimentMetadata.stats.mean)}
        </TableCell>
        <TableCell align="right">{formatNumber(meta.ratio)}</TableCell>
        <TableCell align="right">
          {formatNumber(meta.effectSize)}
          {meta.effectSizeMeasure && meta.effectSize !== undefined && (
            <Typography variant="caption" color="textSecondary" display="block">
              {meta.effectSizeMeasure}
            </Typography>
          )}
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell colSpan={8} style={{ paddingTop: 0, paddingBottom: 0 }}>
          <Collapse in={open} timeout="auto" unmountOnExit>
            <Box py={2}>
              <StatsTable result={result} series={series} />
              <Box my={1}>
                <TestDetails result={result} />
              </Box>
              <MetricCharts series={series} />
            </Box>
          </Collapse>
        </TableCell>
      </TableRow>
    </Fragment>
  );
};

/** One interval's metrics: classification, reason, baseline vs canary, and charts on demand. */
export const MetricsTable = ({
  results,
  series,
  config,
}: {
  results: CanaryAnalysisResult[];
  series: CanaryMetricSeries[];
  config?: CanaryConfig;
}) => {
  const seriesByMetric = new Map(series.map(s => [s.metric, s]));
  const critical = new Set(
    (config?.metrics ?? [])
      .filter(m => m.analysisConfigurations?.canary?.critical)
      .map(m => m.name),
  );
  return (
    <Table size="small" aria-label="Metrics">
      <TableHead>
        <TableRow>
          <TableCell />
          <TableCell>Metric</TableCell>
          <TableCell>Classification</TableCell>
          <TableCell>Reason</TableCell>
          <TableCell align="right">Baseline mean</TableCell>
          <TableCell align="right">Canary mean</TableCell>
          <TableCell align="right">Ratio</TableCell>
          <TableCell align="right">Effect size</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {results.map(result => (
          <MetricRow
            key={result.id || result.name}
            result={result}
            series={seriesByMetric.get(result.name)}
            configuredCritical={critical.has(result.name)}
          />
        ))}
      </TableBody>
    </Table>
  );
};
