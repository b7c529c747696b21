import { Link } from '@backstage/core-components';
import { Tooltip } from '@material-ui/core';
import type {
  CanaryReport as CanaryReportData,
  StageExecution,
} from '@internal/plugin-cd-common';
import { overallScoreOf, verdictOf } from './canaryColors';
import { canaryReportOf, formatNumber } from './canaryData';
import { ColoredChip } from './ColoredChip';

type ReportSource = { stage: StageExecution } | { report: CanaryReportData };

const reportFrom = (source: ReportSource) =>
  'report' in source ? source.report : canaryReportOf(source.stage);

/** `Canary 50 · Marginal so far`, coloured by verdict; nothing before the first interval. */
export const CanaryReportChip = (props: ReportSource) => {
  const report = reportFrom(props);
  if (!report) return null;
  const score = overallScoreOf(report);
  const verdict = verdictOf(report);
  return (
    <Tooltip
      title={report.reason ?? `Canary analysis ${report.canaryConfigName}`}
    >
      <span>
        <ColoredChip
          label={`Canary ${score === undefined ? '—' : formatNumber(score)} · ${
            verdict.label
          }`}
          color={verdict.color}
        />
      </span>
    </Tooltip>
  );
};

/** The chip as a link to where the full report is shown (e.g. the stage's details). */
export const CanaryReportLink = (props: ReportSource & { to: string }) => {
  if (!reportFrom(props)) return null;
  return (
    <Link to={props.to} aria-label="Open canary report">
      <CanaryReportChip {...props} />
    </Link>
  );
};
