import { minutesToMillis, parseIsoDuration } from './durations';

describe('ISO-8601 durations', () => {
  it.each([
    ['PT10M', 600_000],
    ['PT1H30M', 5_400_000],
    ['PT0.5M', 30_000],
    ['PT20S', 20_000],
    ['P1D', 86_400_000],
    ['pt2h', 7_200_000],
  ])('%s is %d ms', (text, ms) => expect(parseIsoDuration(text)).toBe(ms));

  it.each(['', 'P', 'PT', '10M', 'PT-1M', 'PTM', 'soon'])('%j is not a duration', text =>
    expect(parseIsoDuration(text)).toBeUndefined(),
  );

  it('reads minutes from numbers and numeric strings', () => {
    expect(minutesToMillis(0.5)).toBe(30_000);
    expect(minutesToMillis('30')).toBe(1_800_000);
    expect(minutesToMillis('x')).toBeUndefined();
    expect(minutesToMillis(-1)).toBeUndefined();
  });
});
