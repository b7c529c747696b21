/** The sample times of a range: start, start + step, … up to end (Prometheus' query_range grid). */
export function gridSize(startTimeMillis: number, endTimeMillis: number, stepMillis: number): number {
  if (!(stepMillis > 0) || endTimeMillis < startTimeMillis) return 0;
  return Math.floor((endTimeMillis - startTimeMillis) / stepMillis) + 1;
}
