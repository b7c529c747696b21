import {
  formatFrequency,
  formatRate,
  humanizeDuration,
  scopeLabel,
  trendValues,
} from './doraFormat';

describe('DORA formatting', () => {
  it('humanizes durations in the unit people use', () => {
    expect(humanizeDuration(42_000)).toBe('42 s');
    expect(humanizeDuration(45 * 60_000)).toBe('45 min');
    expect(humanizeDuration(3.5 * 3_600_000)).toBe('3.5 hours');
    expect(humanizeDuration(3_600_000)).toBe('1 hour');
    expect(humanizeDuration(2 * 86_400_000)).toBe('2 days');
    expect(humanizeDuration(21 * 86_400_000)).toBe('3 weeks');
    expect(humanizeDuration(undefined)).toBe('—');
  });

  it('states frequency per day, week or month, whichever is at least one', () => {
    expect(formatFrequency(4.333)).toBe('4.3 per day');
    expect(formatFrequency(0.5)).toBe('3.5 per week');
    expect(formatFrequency(0.1)).toBe('3 per month');
    expect(formatFrequency(0)).toBe('none');
  });

  it('formats rates as percentages', () => {
    expect(formatRate(0.125)).toBe('12.5%');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(undefined)).toBe('—');
  });

  it("derives each bucket's failure rate and keeps missing figures as gaps", () => {
    expect(
      trendValues([
        {
          start: '2024-05-06',
          deployments: 3,
          failures: 1,
          leadTimeMs: 60_000,
        },
        { start: '2024-05-13', deployments: 0, failures: 0 },
      ]),
    ).toEqual([
      {
        start: '2024-05-06',
        deployments: 3,
        failureRate: 0.25,
        leadTimeMs: 60_000,
        timeToRestoreMs: null,
      },
      {
        start: '2024-05-13',
        deployments: 0,
        failureRate: null,
        leadTimeMs: null,
        timeToRestoreMs: null,
      },
    ]);
  });

  it('names the scope', () => {
    const of = (scope: string) =>
      scopeLabel({
        scope,
        windowDays: 30,
        from: '',
        to: '',
        deployments: 0,
        deploymentsPerDay: 0,
        trend: [],
      });
    expect(of('portal')).toBe('all applications');
    expect(of('application:demo-app')).toBe('application demo-app');
    expect(of('entity:component:default/demo-app')).toBe(
      'component:default/demo-app',
    );
  });
});
