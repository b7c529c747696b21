/*
 * Kayenta's WeightedSumScorer, ThresholdScoreClassifier and ScoringHelper:
 * from metric labels to group scores, a summary score and its verdict.
 *
 * - Muted metrics are left out of scoring entirely (they are still reported).
 * - Group score = Pass / (Pass + High + Low + NodataFail) × 100; Nodata and
 *   Error do not count. A group with nothing countable scores 0 but counts as
 *   100 in the summary.
 * - Summary = Σ group score × weight / 100, rounded half-up to 2 decimals;
 *   groups without a configured weight share equally what the configured
 *   weights leave of 100.
 * - Any critical metric not labelled Pass, or Nodata for 50% or more of the
 *   metrics, makes the summary 0.
 */
import type {
  CanaryJudgeGroupScore,
  CanaryJudgeScore,
  ScoreClassificationLabel,
  ScoreThresholds,
} from './types';

export const NODATA_THRESHOLD_PERCENT = 50;

/** What the scorer needs of a metric result. */
export interface ScorableResult {
  classification: string;
  classificationReason?: string;
  groups: readonly string[];
  critical: boolean;
  muted?: boolean;
}

export interface GroupScore {
  name: string;
  score: number;
  /** Nothing countable in the group (only Nodata / Error). */
  noData: boolean;
  labelCounts: Record<string, number>;
  numMetrics: number;
}

export interface ScoreResult {
  groupScores: GroupScore[];
  summaryScore: number;
  numMetrics: number;
  reason?: string;
}

/**
 * Round half away from zero on the shortest decimal representation, as
 * Commons Math Precision.round (BigDecimal of Double.toString, ROUND_HALF_UP).
 */
export function roundHalfUp(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6) {
    throw new RangeError(`decimals must be an integer in [0, 6], got ${decimals}`);
  }
  const magnitude = Math.abs(x);
  const text = magnitude.toString();
  if (text.includes('e')) {
    // Exponent form: below 1e-6 (rounds to 0 here) or at least 1e21 (already whole).
    return magnitude < 1 ? 0 : x;
  }
  const [whole, fraction = ''] = text.split('.');
  if (fraction.length <= decimals) return x;
  const kept =
    BigInt(whole + fraction.slice(0, decimals)) + (fraction[decimals] >= '5' ? 1n : 0n);
  const rounded = Number(kept) / 10 ** decimals;
  return x < 0 ? -rounded : rounded;
}

function groupScore(name: string, labels: readonly string[]): GroupScore {
  const labelCounts: Record<string, number> = {};
  for (const label of labels) labelCounts[label] = (labelCounts[label] ?? 0) + 1;
  const count = (label: string) => labelCounts[label] ?? 0;
  const numPass = count('Pass');
  const numTotal = count('High') + count('Low') + numPass + count('NodataFailMetric');
  const noData = numTotal === 0;
  return {
    name,
    score: noData ? 0 : (numPass / numTotal) * 100,
    noData,
    labelCounts,
    numMetrics: labels.length,
  };
}

/** Group scores in the order groups first appear in the results. */
export function calculateGroupScores(results: readonly ScorableResult[]): GroupScore[] {
  const labelsByGroup = new Map<string, string[]>();
  for (const result of results) {
    for (const group of result.groups) {
      const labels = labelsByGroup.get(group) ?? [];
      labels.push(result.classification);
      labelsByGroup.set(group, labels);
    }
  }
  return [...labelsByGroup].map(([name, labels]) => groupScore(name, labels));
}

export function calculateSummaryScore(
  groups: readonly GroupScore[],
  groupWeights: Readonly<Record<string, number>>,
): number {
  const weightSum = Object.values(groupWeights).reduce((sum, w) => sum + w, 0);
  const hasWeight = (name: string) => Object.prototype.hasOwnProperty.call(groupWeights, name);
  const unweighted = groups.filter(g => !hasWeight(g.name));
  // Distinct names: a group appears once in `groups` by construction.
  const sharedWeight = unweighted.length > 0 ? (100 - weightSum) / unweighted.length : 0;
  let summary = 0;
  for (const group of groups) {
    const effectiveScore = group.noData ? 100 : group.score;
    const weight = hasWeight(group.name) ? groupWeights[group.name] : sharedWeight;
    summary += effectiveScore * (weight / 100);
  }
  return roundHalfUp(summary, 2);
}

/** WeightedSumScorer.score over already-unmuted results. */
export function weightedSumScore(
  results: readonly ScorableResult[],
  groupWeights: Readonly<Record<string, number>>,
): ScoreResult {
  const groupScores = calculateGroupScores(results);
  const numMetrics = results.length;

  const criticalFailures = results.filter(r => r.critical && r.classification !== 'Pass');
  if (criticalFailures.length > 0) {
    const reason = `Canary Failed: ${criticalFailures[0].classificationReason ?? null}`;
    return { groupScores, summaryScore: 0, numMetrics, reason };
  }

  const nodata = results.filter(r => r.classification === 'Nodata').length;
  if ((nodata / numMetrics) * 100 >= NODATA_THRESHOLD_PERCENT) {
    const reason = `Canary Failed: ${NODATA_THRESHOLD_PERCENT}% or more metrics returned NODATA`;
    return { groupScores, summaryScore: 0, numMetrics, reason };
  }

  return { groupScores, summaryScore: calculateSummaryScore(groupScores, groupWeights), numMetrics };
}

/** ThresholdScoreClassifier: Pass at or above pass, Marginal at or above marginal, else Fail. */
export function classifyScore(score: number, thresholds: ScoreThresholds): ScoreClassificationLabel {
  if (score >= thresholds.pass) return 'Pass';
  if (score >= thresholds.marginal) return 'Marginal';
  return 'Fail';
}

/** ScoringHelper.score: scores the unmuted results and classifies the summary. */
export function scoreResults(
  results: readonly ScorableResult[],
  groupWeights: Readonly<Record<string, number>>,
  thresholds: ScoreThresholds,
): { groupScores: CanaryJudgeGroupScore[]; score: CanaryJudgeScore; details: ScoreResult } {
  const scored = weightedSumScore(
    results.filter(r => !r.muted),
    groupWeights,
  );
  return {
    groupScores: scored.groupScores.map(g => ({
      name: g.name,
      score: g.score,
      classification: '',
      classificationReason: '',
    })),
    score: {
      score: scored.summaryScore,
      classification: classifyScore(scored.summaryScore, thresholds),
      classificationReason: scored.reason ?? '',
    },
    details: scored,
  };
}
