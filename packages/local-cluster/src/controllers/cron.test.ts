import { cronMatches, latestRun, nextRun, parseCron } from './cron';

describe('cron schedules', () => {
  it('parses steps, ranges, lists and names', () => {
    const s = parseCron('*/15 9-17 * jan,jul mon-fri');
    expect([...s.minutes]).toEqual([0, 15, 30, 45]);
    expect([...s.hours]).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect([...s.months]).toEqual([1, 7]);
    expect([...s.weekdays]).toEqual([1, 2, 3, 4, 5]);
  });

  it('rejects bad schedules with the field path', () => {
    expect(() => parseCron('61 * * * *')).toThrow(
      /spec\.schedule \(minute\): 61 is outside 0-59/,
    );
    expect(() => parseCron('* * *')).toThrow(/must have 5 fields/);
  });

  it('finds the next and latest runs (UTC)', () => {
    const s = parseCron('@hourly');
    expect(nextRun(s, new Date('2024-03-01T10:20:00Z'))?.toISOString()).toBe(
      '2024-03-01T11:00:00.000Z',
    );
    expect(
      latestRun(
        s,
        new Date('2024-03-01T10:20:00Z'),
        new Date('2024-03-01T13:05:00Z'),
      )?.toISOString(),
    ).toBe('2024-03-01T13:00:00.000Z');
    expect(
      latestRun(
        s,
        new Date('2024-03-01T10:20:00Z'),
        new Date('2024-03-01T10:59:00Z'),
      ),
    ).toBeUndefined();
  });

  it('ORs day of month and day of week when both are restricted', () => {
    const s = parseCron('0 0 13 * 5');
    expect(cronMatches(s, new Date('2024-09-13T00:00:00Z'))).toBe(true); // Friday the 13th
    expect(cronMatches(s, new Date('2024-09-06T00:00:00Z'))).toBe(true); // a Friday
    expect(cronMatches(s, new Date('2024-09-07T00:00:00Z'))).toBe(false);
  });
});
