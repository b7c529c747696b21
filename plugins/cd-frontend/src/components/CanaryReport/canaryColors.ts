import type {
  CanaryReport,
  MetricClassificationLabel,
  ScoreThresholds,
} from '@internal/plugin-cd-common';

const GREEN = '#2e7d32';
const ORANGE = '#ef6c00';
const RED = '#c62828';
const GREY = '#757575';

/** Pass green; a deviation red (High) or purple (Low), so direction shows at a glance; no data grey. */
export const CLASSIFICATION_COLORS: Record<MetricClassificationLabel, string> =
  {
    Pass: GREEN,
    High: RED,
    Low: '#6a1b9a',
    Nodata: GREY,
    NodataFailMetric: RED,
    Error: '#4e342e',
  };

/** Baseline and canary keep their colours in every chart. */
export const SIDE_COLORS = { baseline: '#1976d2', canary: ORANGE };

export interface Verdict {
  label: string;
  color: string;
}

/** A score's colour against the thresholds it was judged by. */
export function scoreColor(score: number, thresholds: ScoreThresholds): string {
  if (score >= thresholds.pass) return GREEN;
  if (score >= thresholds.marginal) return ORANGE;
  return RED;
}

/**
 * The stage's verdict; while it runs (no overallResult yet) the last judged
 * interval's classification, marked as provisional.
 */
export function verdictOf(report: CanaryReport): Verdict {
  switch (report.overallResult) {
    case 'success':
      return { label: 'Pass', color: GREEN };
    case 'marginal':
      return { label: 'Marginal', color: ORANGE };
    case 'failure':
      return { label: 'Fail', color: RED };
    default: {
      const last = [...report.intervals].reverse().find(i => !i.error);
      if (!last) return { label: 'In progress', color: GREY };
      const score = last.result.score;
      return {
        label: `${score.classification} so far`,
        color: scoreColor(score.score, report.scoreThresholds),
      };
    }
  }
}

/** The score that decides the stage, or the last judged interval's while it runs. */
export function overallScoreOf(report: CanaryReport): number | undefined {
  if (report.overallScore !== undefined) return report.overallScore;
  const last = [...report.intervals].reverse().find(i => !i.error);
  return last?.result.score.score;
}
