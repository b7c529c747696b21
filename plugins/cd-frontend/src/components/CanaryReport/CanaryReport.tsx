import { useState } from 'react';
import { EmptyState, InfoCard } from '@backstage/core-components';
import { Box, Grid, Tab, Tabs, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type {
  CanaryConfig,
  CanaryIntervalResult,
  CanaryReport as CanaryReportData,
  CanaryScope,
  ScoreThresholds,
  StageExecution,
} from '@internal/plugin-cd-common';
import { overallScoreOf, scoreColor, verdictOf } from './canaryColors';
import { canaryReportOf, formatNumber } from './canaryData';
import { ColoredChip } from './ColoredChip';
import { GroupScores } from './GroupScores';
import { MetricsTable } from './MetricsTable';

export type CanaryReportProps =
  | { stage: StageExecution }
  | { report: CanaryReportData };

const scopeText = (scope: CanaryScope) =>
  [scope.serverGroup, scope.location, scope.account]
    .filter(Boolean)
    .join(' · ');

const Summary = ({ report }: { report: CanaryReportData }) => {
  const verdict = verdictOf(report);
  const score = overallScoreOf(report);
  const last = report.intervals[report.intervals.length - 1];
  const thresholds = report.scoreThresholds;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4}>
        <Typography variant="overline">Score</Typography>
        <Typography
          variant="h3"
          component="p"
          aria-label="Canary score"
          style={{ color: verdict.color, fontWeight: 600 }}
        >
          {score === undefined ? '—' : formatNumber(score)}
        </Typography>
        <Box my={1} aria-label="Canary verdict">
          <ColoredChip label={verdict.label} color={verdict.color} />
        </Box>
        <Typography variant="caption" color="textSecondary">
          pass ≥ {thresholds.pass}, marginal ≥ {thresholds.marginal}
        </Typography>
      </Grid>
      <Grid item xs={12} md={4}>
        <Typography variant="overline">Why</Typography>
        <Typography variant="body2" aria-label="Canary reason">
          {report.reason ??
            (last?.result.score.classificationReason ||
              'The analysis has not decided yet.')}
        </Typography>
        <Box mt={1}>
          <Typography variant="body2">
            Baseline: {scopeText(report.control)}
          </Typography>
          <Typography variant="body2">
            Canary: {scopeText(report.experiment)}
          </Typography>
        </Box>
      </Grid>
      <Grid item xs={12} md={4}>
        <Typography variant="overline">Group scores</Typography>
        {last && !last.error ? (
          <GroupScores
            groups={last.result.groupScores}
            thresholds={thresholds}
            weights={report.config.classifier?.groupWeights}
          />
        ) : (
          <Typography variant="body2" color="textSecondary">
            No judged interval yet.
          </Typography>
        )}
      </Grid>
    </Grid>
  );
};

const IntervalPanel = ({
  interval,
  thresholds,
  config,
}: {
  interval: CanaryIntervalResult;
  thresholds: ScoreThresholds;
  config: CanaryConfig;
}) => {
  const score = interval.result?.score;
  return (
    <Box pt={2}>
      <Typography variant="body2" color="textSecondary" paragraph>
        {new Date(interval.startTime).toLocaleString()} –{' '}
        {new Date(interval.endTime).toLocaleString()}
      </Typography>
      {interval.error && (
        <Alert severity="error">
          Interval {interval.interval} could not be judged: {interval.error}
        </Alert>
      )}
      {score && !interval.error && (
        <>
          <Box display="flex" alignItems="center" mb={2} style={{ gap: 8 }}>
            <Typography variant="subtitle1">
              Interval score{' '}
              <span style={{ color: scoreColor(score.score, thresholds) }}>
                {formatNumber(score.score)}
              </span>
            </Typography>
            <ColoredChip
              label={score.classification}
              color={scoreColor(score.score, thresholds)}
            />
            {score.classificationReason && (
              <Typography variant="body2">
                {score.classificationReason}
              </Typography>
            )}
          </Box>
          <Box maxWidth={480} mb={2}>
            <GroupScores
              groups={interval.result.groupScores}
              thresholds={thresholds}
            />
          </Box>
          <MetricsTable
            results={interval.result.results}
            series={interval.series ?? []}
            config={config}
          />
        </>
      )}
    </Box>
  );
};

/** A kayentaCanary stage's report: verdict, group scores, and each interval's metrics with charts. */
export const CanaryReport = (props: CanaryReportProps) => {
  const report = 'report' in props ? props.report : canaryReportOf(props.stage);
  const [selected, setSelected] = useState<number | undefined>();
  if (!report)
    return (
      <EmptyState
        missing="data"
        title="No canary report yet"
        description="The report appears once the first interval has been judged."
      />
    );
  const intervals = report.intervals;
  // Follows the newest interval until the user picks one.
  const index = Math.min(
    selected ?? intervals.length - 1,
    intervals.length - 1,
  );
  return (
    <InfoCard
      title={`Canary analysis: ${report.canaryConfigName}`}
      subheader={`${intervals.length} interval${
        intervals.length === 1 ? '' : 's'
      } judged`}
    >
      <Summary report={report} />
      {intervals.length > 0 && (
        <Box mt={3}>
          <Tabs
            value={index}
            onChange={(_, value) => setSelected(value)}
            variant="scrollable"
            indicatorColor="primary"
            aria-label="Analysis intervals"
          >
            {intervals.map(interval => (
              <Tab
                key={interval.interval}
                label={`Interval ${interval.interval}${
                  interval.error
                    ? ' (error)'
                    : ` (${formatNumber(interval.result.score.score)})`
                }`}
              />
            ))}
          </Tabs>
          <IntervalPanel
            key={intervals[index].interval}
            interval={intervals[index]}
            thresholds={report.scoreThresholds}
            config={report.config}
          />
        </Box>
      )}
    </InfoCard>
  );
};
