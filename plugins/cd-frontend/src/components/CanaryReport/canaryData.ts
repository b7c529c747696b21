import type {
  CanaryMetricSeries,
  CanaryReport,
  StageExecution,
} from '@internal/plugin-cd-common';

export const KAYENTA_CANARY_STAGE = 'kayentaCanary';

/** The report a kayentaCanary stage wrote to `outputs.canaryReport`, once it has one. */
export function canaryReportOf(
  stage: StageExecution,
): CanaryReport | undefined {
  const report = stage.outputs?.canaryReport as CanaryReport | undefined;
  if (typeof report !== 'object' || report === null) return undefined;
  return Array.isArray(report.intervals) ? report : undefined;
}

/** The values a sample has (null stands for NaN: no value at that step). */
export function presentValues(sample: ReadonlyArray<number | null>): number[] {
  return sample.filter(
    (v): v is number => typeof v === 'number' && Number.isFinite(v),
  );
}

/** Kayenta's stats have no median: it is computed from the series the report carries. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface SeriesPoint {
  time: number;
  baseline: number | null;
  canary: number | null;
}

/** Both sides on one time axis; a missing value stays null so the line shows a gap. */
export function seriesPoints(series: CanaryMetricSeries): SeriesPoint[] {
  const length = Math.max(series.control.length, series.experiment.length);
  return Array.from({ length }, (_, i) => ({
    time: series.startTimeMillis + i * series.stepMillis,
    baseline: series.control[i] ?? null,
    canary: series.experiment[i] ?? null,
  }));
}

export interface HistogramBin {
  /** `120–124`: the bin's range. */
  label: string;
  from: number;
  to: number;
  baseline: number;
  canary: number;
}

/** Both samples counted in the same equal-width bins, so their shapes compare. */
export function histogram(
  series: CanaryMetricSeries,
  binCount = 10,
): HistogramBin[] {
  const baseline = presentValues(series.control);
  const canary = presentValues(series.experiment);
  const all = [...baseline, ...canary];
  if (all.length === 0) return [];
  const min = Math.min(...all);
  const max = Math.max(...all);
  // A constant sample still gets one bin, not a division by zero.
  const bins = min === max ? 1 : binCount;
  const width = (max - min) / bins || 1;
  const result: HistogramBin[] = Array.from({ length: bins }, (_, i) => {
    const from = min + i * width;
    const to = i === bins - 1 ? max : from + width;
    return {
      label: `${formatNumber(from)}–${formatNumber(to)}`,
      from,
      to,
      baseline: 0,
      canary: 0,
    };
  });
  const binOf = (v: number) =>
    Math.min(bins - 1, Math.floor((v - min) / width));
  for (const v of baseline) result[binOf(v)].baseline += 1;
  for (const v of canary) result[binOf(v)].canary += 1;
  return result;
}

/** Four significant digits, without exponent noise for everyday magnitudes; a dash for nothing. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value))
    return '—';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}
