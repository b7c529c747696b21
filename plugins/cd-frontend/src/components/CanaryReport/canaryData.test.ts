import { formatNumber, histogram, median, seriesPoints } from './canaryData';

const series = (
  control: Array<number | null>,
  experiment: Array<number | null>,
) => ({
  metric: 'm',
  startTimeMillis: 1_000,
  stepMillis: 60_000,
  control,
  experiment,
});

describe('canary report data', () => {
  it('takes the median of the values present', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });

  it('puts both sides on one time axis, keeping gaps', () => {
    expect(seriesPoints(series([1, null, 3], [4, 5]))).toEqual([
      { time: 1_000, baseline: 1, canary: 4 },
      { time: 61_000, baseline: null, canary: 5 },
      { time: 121_000, baseline: 3, canary: null },
    ]);
  });

  it('counts both samples in shared bins, the maximum in the last', () => {
    const bins = histogram(series([0, 1, 1, null], [9, 10]), 5);
    expect(bins.map(b => [b.from, b.to, b.baseline, b.canary])).toEqual([
      [0, 2, 3, 0],
      [2, 4, 0, 0],
      [4, 6, 0, 0],
      [6, 8, 0, 0],
      [8, 10, 0, 2],
    ]);
    expect(histogram(series([5, 5], [5]))).toEqual([
      { label: '5–5', from: 5, to: 5, baseline: 2, canary: 1 },
    ]);
    expect(histogram(series([null], []))).toEqual([]);
  });

  it('formats figures to four significant digits', () => {
    expect(formatNumber(1.5081967213114753)).toBe('1.508');
    expect(formatNumber(0.011800000000000001)).toBe('0.0118');
    expect(formatNumber(122)).toBe('122');
    expect(formatNumber(0.00001726)).toBe('1.73e-5');
    expect(formatNumber(null)).toBe('—');
  });
});
