/*
 * Benchmark of the canary judge: 50 metrics × 1,000 points per side, judged
 * with a realistic Kayenta configuration, against a naive O(n·m)
 * Hodges–Lehmann estimate (median of all n·m pairwise differences, found by
 * selection rather than sorting) over the same data.
 *
 * Run from the repository root:
 *   node -r @backstage/cli/config/nodeTransform.cjs plugins/cd-backend/bench/judge.bench.ts
 * Environment: JUDGE_BENCH_RUNS (default 20), JUDGE_BENCH_NAIVE_RUNS (default 3).
 */
import { JavaRandom } from '../src/canary/judge/random';
import { judge } from '../src/canary/judge/judge';
import type {
  CanaryAnalysisSettings,
  CanaryConfig,
  CanaryMetricConfig,
  MetricSetPair,
} from '../src/canary/judge/types';

const METRICS = 50;
const POINTS = 1000;
const TARGET_MS = 50;
const RUNS = Number(process.env.JUDGE_BENCH_RUNS ?? 20);
const NAIVE_RUNS = Number(process.env.JUDGE_BENCH_NAIVE_RUNS ?? 3);
const WARMUP_RUNS = 3;

const GROUPS = ['latency', 'errors', 'traffic', 'saturation'] as const;
type Group = (typeof GROUPS)[number];

/** Per-group analysis settings, as a team would write them. */
const SETTINGS: Record<Group, CanaryAnalysisSettings> = {
  latency: { direction: 'increase', outliers: { strategy: 'remove', outlierFactor: 3 } },
  errors: {
    direction: 'increase',
    nanStrategy: 'replace',
    critical: true,
    effectSize: { allowedIncrease: 1.1, criticalIncrease: 5 },
  },
  traffic: { direction: 'decrease', mustHaveData: true, effectSize: { measure: 'cles', allowedDecrease: 0.3 } },
  saturation: { direction: 'either' },
};

function buildConfig(): CanaryConfig {
  const metrics: CanaryMetricConfig[] = [];
  for (let i = 0; i < METRICS; i++) {
    const group = GROUPS[i % GROUPS.length];
    metrics.push({
      name: `${group}-${i}`,
      query: { type: 'prometheus', metricName: `demo_${group}_${i}` },
      groups: [group],
      analysisConfigurations: { canary: SETTINGS[group] },
      scopeName: 'default',
    });
  }
  return {
    name: 'bench',
    judge: { name: 'NetflixACAJudge-v1.0', judgeConfigurations: {} },
    metrics,
    classifier: { groupWeights: { latency: 40, errors: 40 }, scoreThresholds: { pass: 95, marginal: 75 } },
  };
}

/** Series shaped like real metrics: log-normal latencies, small error rates with gaps, rates, utilisation. */
function buildPairs(config: CanaryConfig): MetricSetPair[] {
  const random = new JavaRandom(20240601);
  const series = (group: Group, shift: number): (number | null)[] =>
    Array.from({ length: POINTS }, () => {
      const g = random.nextGaussian();
      switch (group) {
        case 'latency':
          return Math.exp(Math.log(120 * shift) + 0.25 * g);
        case 'errors':
          return random.nextDouble() < 0.05 ? null : Math.max(0, 0.01 * shift + 0.003 * g);
        case 'traffic':
          return Math.round(500 * shift + 25 * g);
        default:
          return Math.min(1, Math.max(0, 0.5 * shift + 0.05 * g));
      }
    });
  return config.metrics.map((metric, i) => {
    const group = metric.groups[0] as Group;
    // Every seventh metric regresses by 30%, so the classifier sees both outcomes.
    const shift = i % 7 === 3 ? 1.3 : 1;
    return {
      name: metric.name,
      id: `m${i}`,
      tags: {},
      values: { control: series(group, 1), experiment: series(group, shift) },
    };
  });
}

/** k-th smallest value (0-based) by Hoare's quickselect, in place, expected O(n). */
function select(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (left < right) {
    const pivot = values[(left + right) >> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return values[k];
  }
  return values[k];
}

/** Naive Hodges–Lehmann shift estimate: median of the n·m differences x_i - y_j. */
function naiveHodgesLehmann(x: readonly number[], y: readonly number[]): number {
  const differences = new Float64Array(x.length * y.length);
  let k = 0;
  for (const xi of x) for (const yj of y) differences[k++] = xi - yj;
  const half = differences.length >> 1;
  if (differences.length % 2 === 1) return select(differences, half);
  const upper = select(differences, half);
  let lower = -Infinity;
  for (let i = 0; i < half; i++) if (differences[i] > lower) lower = differences[i];
  return (lower + upper) / 2;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timeMs(action: () => void): number {
  const start = process.hrtime.bigint();
  action();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function main(): void {
  const config = buildConfig();
  const pairs = buildPairs(config);
  const thresholds = { pass: 95, marginal: 75 };

  let result = judge(config, pairs, thresholds);
  for (let i = 1; i < WARMUP_RUNS; i++) result = judge(config, pairs, thresholds);
  const judgeTimes = Array.from({ length: RUNS }, () =>
    timeMs(() => {
      result = judge(config, pairs, thresholds);
    }),
  );

  const cleaned = pairs.map(p => ({
    x: p.values.experiment.filter((v): v is number => v !== null),
    y: p.values.control.filter((v): v is number => v !== null),
  }));
  const naiveAll = () => cleaned.forEach(({ x, y }) => naiveHodgesLehmann(x, y));
  naiveAll();
  const naiveTimes = Array.from({ length: NAIVE_RUNS }, () => timeMs(naiveAll));

  const judgeMs = median(judgeTimes);
  const naiveMs = median(naiveTimes);
  const counts: Record<string, number> = {};
  for (const r of result.results) counts[r.classification] = (counts[r.classification] ?? 0) + 1;
  const verdict = judgeMs < TARGET_MS ? 'PASS' : 'FAIL';

  console.log(
    `judge ${METRICS}x${POINTS}: ${judgeMs.toFixed(1)} ms (median of ${RUNS}) | ` +
      `naive Hodges-Lehmann ${METRICS}x${POINTS}: ${naiveMs.toFixed(0)} ms (median of ${NAIVE_RUNS}) | ` +
      `ratio ${(naiveMs / judgeMs).toFixed(1)}x | target < ${TARGET_MS} ms: ${verdict}`,
  );
  console.log(
    `  verdict of the benchmark canary: score ${result.score.score} (${result.score.classification}); ` +
      `metrics ${Object.entries(counts)
        .map(([label, n]) => `${label} ${n}`)
        .join(', ')}`,
  );
}

main();
