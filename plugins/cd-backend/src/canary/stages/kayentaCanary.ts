import type {
  CanaryConfig,
  CanaryIntervalResult,
  CanaryJudgeResult,
  CanaryMetricSeries,
  CanaryReport,
  MetricSetPair,
  ScoreThresholds,
  StageConfig,
  ValidationIssue,
} from '@internal/plugin-cd-common';
import type { StageDefinition, TaskContext, TaskResult } from '@internal/plugin-cd-node';
import type { CanaryConfigStore } from '../configs';
import { judge, JUDGE_NAME } from '../judge';
import type { MetricSourceRegistry } from '../metrics';
import {
  defaultStepMillis,
  intervalWindow,
  parseKayentaCanarySettings,
  type AnalysisScope,
  type KayentaCanarySettings,
} from './kayentaCanarySettings';

const DEFAULT_THRESHOLDS: ScoreThresholds = { pass: 75, marginal: 50 };
/** After an interval ends, wait this long so that the last samples are in (scrapes lag). */
const SETTLE_MS = 2000;
/** A metric source failing this many times in a row fails the stage. */
const MAX_FETCH_FAILURES = 3;
const FETCH_RETRY_MS = 5000;

/** Kept in the stage's context between runs, so a restarted backend resumes the analysis. */
interface AnalysisState {
  startTimeMillis: number;
  fetchFailures: number;
}

export interface KayentaCanaryDeps {
  configs: Pick<CanaryConfigStore, 'get' | 'getByName'>;
  metrics: MetricSourceRegistry;
}

/**
 * `kayentaCanary` (Spinnaker's fields): after the warmup
 * (`beginCanaryAnalysisAfterMins`), judges ⌊lifetime / interval⌋ intervals of
 * the experiment against the control with the NetflixACAJudge; an interval
 * scoring at or below `marginal` fails the stage at once, and the last
 * interval's score decides (≥ `pass` succeeds). The task returns RUNNING
 * until each interval ends, so the wait is durable across restarts. Every
 * interval's full result, series included, is in `outputs.canaryReport`.
 */
export function kayentaCanaryStage(deps: KayentaCanaryDeps): StageDefinition {
  return {
    type: 'kayentaCanary',
    label: 'Canary Analysis',
    description: 'Judges a canary against its baseline from metrics, interval by interval (Kayenta).',
    validate: validateStage,
    tasks: [{ name: 'runCanaryIntervals', run: ctx => runIntervals(deps, ctx) }],
  };
}

function validateStage(stage: StageConfig, path: string): ValidationIssue[] {
  // Values with expressions are checked when the stage runs.
  if (JSON.stringify(stage).includes('${')) return [];
  const result = parseKayentaCanarySettings(stage);
  return 'issues' in result ? result.issues.map(i => ({ path: `${path}.${i.path}`, message: i.message })) : [];
}

async function runIntervals(deps: KayentaCanaryDeps, ctx: TaskContext): Promise<TaskResult> {
  const parsed = parseKayentaCanarySettings(ctx.context);
  if ('issues' in parsed) {
    return { status: 'TERMINAL', error: `invalid kayentaCanary stage: ${parsed.issues.map(i => `${i.path}: ${i.message}`).join('; ')}` };
  }
  const settings = parsed.settings;
  const now = Date.now();
  const state = (ctx.context.kayentaCanaryState as AnalysisState | undefined) ?? { startTimeMillis: now, fetchFailures: 0 };
  let report = (ctx.stage.outputs.canaryReport as CanaryReport | undefined) ?? undefined;

  if (!report) {
    // Resolved once: the analysis keeps the configuration it started with even if it is edited meanwhile.
    const found = await resolveConfig(deps, settings, ctx.execution.application);
    if ('error' in found) return { status: 'TERMINAL', error: found.error };
    const unknown = deps.metrics.unknownSources(found.config);
    if (unknown.length > 0) {
      return { status: 'TERMINAL', error: `no metric source for ${unknown.join(', ')} (known: ${deps.metrics.types().join(', ')})` };
    }
    const first = settings.scopes[0];
    report = {
      canaryConfigId: found.id,
      canaryConfigName: found.config.name,
      config: found.config,
      control: first.control,
      experiment: first.experiment,
      scoreThresholds: settings.scoreThresholds ?? found.config.classifier.scoreThresholds ?? DEFAULT_THRESHOLDS,
      intervals: [],
    };
  }

  deps.metrics.track({
    metricsAccountName: settings.metricsAccountName,
    config: report.config,
    scopes: settings.scopes.flatMap(s => [s.control, s.experiment]),
    untilMillis: state.startTimeMillis + settings.warmupMs + settings.lifetimeMs,
  });

  const index = report.intervals.length + 1;
  const window = intervalWindow(settings, state.startTimeMillis, index);
  const due = window.end + SETTLE_MS;
  if (now < due) return running(state, report, due - now);

  let judged: { result: CanaryJudgeResult; series: CanaryMetricSeries[] };
  try {
    judged = await judgeWindow(deps, settings, report, window, ctx.signal);
  } catch (e) {
    const fetchFailures = state.fetchFailures + 1;
    const message = e instanceof Error ? e.message : String(e);
    ctx.logger.warn(`kayentaCanary interval ${index}: metrics could not be fetched (${fetchFailures}/${MAX_FETCH_FAILURES}): ${message}`);
    if (fetchFailures < MAX_FETCH_FAILURES) return running({ ...state, fetchFailures }, report, FETCH_RETRY_MS);
    const failed: CanaryReport = {
      ...report,
      intervals: [...report.intervals, intervalResult(index, window, errorResult(message), [], message)],
      overallResult: 'failure',
      reason: `interval ${index} could not be judged: ${message}`,
    };
    return finish('TERMINAL', failed);
  }

  const score = judged.result.score.score;
  const { pass, marginal } = report.scoreThresholds;
  const updated: CanaryReport = {
    ...report,
    intervals: [...report.intervals, intervalResult(index, window, judged.result, judged.series)],
    overallScore: score,
  };
  const failing = failingMetrics(judged.result);
  if (score <= marginal) {
    return finish('TERMINAL', {
      ...updated,
      overallResult: 'failure',
      reason: `interval ${index} of ${settings.intervals} scored ${score} ≤ marginal ${marginal}${failing}`,
    });
  }
  if (index < settings.intervals) {
    const next = intervalWindow(settings, state.startTimeMillis, index + 1).end + SETTLE_MS;
    return running({ ...state, fetchFailures: 0 }, updated, Math.max(0, next - Date.now()));
  }
  if (score >= pass) {
    return finish('SUCCEEDED', {
      ...updated,
      overallResult: 'success',
      reason: `the last interval (${index}) scored ${score} ≥ pass ${pass}`,
    });
  }
  return finish('TERMINAL', {
    ...updated,
    overallResult: 'marginal',
    reason: `the last interval (${index}) scored ${score}: above marginal ${marginal} but below pass ${pass}${failing}`,
  });
}

function running(state: AnalysisState, report: CanaryReport, backoffMs: number): TaskResult {
  return {
    status: 'RUNNING',
    backoffMs: Math.max(0, Math.ceil(backoffMs)),
    context: { kayentaCanaryState: state },
    outputs: { canaryReport: report, canaryScores: report.intervals.map(i => i.result.score.score) },
  };
}

function finish(status: 'SUCCEEDED' | 'TERMINAL', report: CanaryReport): TaskResult {
  return {
    status,
    ...(status === 'TERMINAL' ? { error: `canary analysis failed: ${report.reason}` } : {}),
    outputs: {
      canaryReport: report,
      canaryScores: report.intervals.map(i => i.result.score.score),
      canaryScoreMessage: report.reason,
    },
  };
}

/** ": failing metrics: error rate (High), mean latency (High)" or "". */
function failingMetrics(result: CanaryJudgeResult): string {
  const failing = result.results.filter(r => !r.muted && ['High', 'Low', 'NodataFailMetric', 'Error'].includes(r.classification));
  return failing.length ? `; failing metrics: ${failing.map(r => `${r.name} (${r.classification})`).join(', ')}` : '';
}

async function resolveConfig(
  deps: KayentaCanaryDeps,
  settings: KayentaCanarySettings,
  application: string,
): Promise<{ id: string; config: CanaryConfig } | { error: string }> {
  if (settings.canaryConfigId) {
    const stored = await deps.configs.get(settings.canaryConfigId);
    if (!stored) return { error: `canaryConfig.canaryConfigId: no canary configuration with id ${settings.canaryConfigId}` };
    return { id: stored.id, config: stored.config };
  }
  const stored = await deps.configs.getByName(application, settings.canaryConfigName!);
  if (!stored) {
    return { error: `canaryConfig.canaryConfigName: application ${application} has no canary configuration named ${JSON.stringify(settings.canaryConfigName)}` };
  }
  return { id: stored.id, config: stored.config };
}

/** Fetches every metric for both sides over the window and judges them. */
async function judgeWindow(
  deps: KayentaCanaryDeps,
  settings: KayentaCanarySettings,
  report: CanaryReport,
  window: { start: number; end: number },
  signal: AbortSignal,
): Promise<{ result: CanaryJudgeResult; series: CanaryMetricSeries[] }> {
  const config = report.config;
  const fetched = await Promise.all(
    config.metrics.map(async metric => {
      const scope = scopeFor(settings.scopes, metric.scopeName);
      const stepMillis = scope.stepMillis ?? defaultStepMillis(window.end - window.start);
      const request = {
        metricsAccountName: settings.metricsAccountName,
        config,
        metric,
        startTimeMillis: window.start,
        endTimeMillis: window.end,
        stepMillis,
        signal,
      };
      const [control, experiment] = await Promise.all([
        deps.metrics.fetch({ ...request, scope: scope.control }),
        deps.metrics.fetch({ ...request, scope: scope.experiment }),
      ]);
      const pair: MetricSetPair = {
        name: metric.name,
        id: metric.name,
        tags: {},
        values: { control: control.values, experiment: experiment.values },
        scopes: {
          control: { startTimeIso: new Date(control.startTimeMillis).toISOString(), startTimeMillis: control.startTimeMillis, stepMillis: control.stepMillis },
          experiment: { startTimeIso: new Date(experiment.startTimeMillis).toISOString(), startTimeMillis: experiment.startTimeMillis, stepMillis: experiment.stepMillis },
        },
        attributes: {
          control: control.query ? { query: control.query } : {},
          experiment: experiment.query ? { query: experiment.query } : {},
        },
      };
      const series: CanaryMetricSeries = {
        metric: metric.name,
        startTimeMillis: control.startTimeMillis,
        stepMillis: control.stepMillis,
        control: control.values,
        experiment: experiment.values,
      };
      return { pair, series };
    }),
  );
  const result = judge(config, fetched.map(f => f.pair), report.scoreThresholds);
  return { result, series: fetched.map(f => f.series) };
}

function scopeFor(scopes: AnalysisScope[], scopeName: string | undefined): AnalysisScope {
  return scopes.find(s => s.scopeName === (scopeName ?? 'default')) ?? scopes[0];
}

function intervalResult(
  index: number,
  window: { start: number; end: number },
  result: CanaryJudgeResult,
  series: CanaryMetricSeries[],
  error?: string,
): CanaryIntervalResult {
  return {
    interval: index,
    startTime: new Date(window.start).toISOString(),
    endTime: new Date(window.end).toISOString(),
    result,
    series,
    ...(error ? { error } : {}),
  };
}

function errorResult(message: string): CanaryJudgeResult {
  return {
    judgeName: JUDGE_NAME,
    results: [],
    groupScores: [],
    score: { score: 0, classification: 'Error', classificationReason: message },
  };
}
