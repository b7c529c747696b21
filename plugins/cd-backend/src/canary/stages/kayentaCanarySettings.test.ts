import { defaultStepMillis, intervalWindow, parseKayentaCanarySettings } from './kayentaCanarySettings';

const scope = { controlScope: 'web-baseline', controlLocation: 'shop', experimentScope: 'web-canary', experimentLocation: 'shop' };

describe('kayentaCanary settings', () => {
  it("reads Spinnaker's fields, numbers as strings included, with fractional minutes", () => {
    const result = parseKayentaCanarySettings({
      canaryConfig: {
        canaryConfigId: 'abc',
        lifetimeDuration: 'PT1M',
        canaryAnalysisIntervalMins: '0.5',
        beginCanaryAnalysisAfterMins: 0.25,
        lookbackMins: 0.5,
        scoreThresholds: { pass: '80', marginal: 60 },
        scopes: [{ ...scope, extendedScopeParams: { env: 'prod' }, step: 5 }],
      },
    });
    expect('settings' in result && result.settings).toMatchObject({
      canaryConfigId: 'abc',
      lifetimeMs: 60_000,
      intervalMs: 30_000,
      warmupMs: 15_000,
      lookbackMs: 30_000,
      intervals: 2,
      scoreThresholds: { pass: 80, marginal: 60 },
      scopes: [
        {
          scopeName: 'default',
          control: { serverGroup: 'web-baseline', location: 'shop', extendedScopeParams: { env: 'prod' } },
          experiment: { serverGroup: 'web-canary', location: 'shop' },
          stepMillis: 5000,
        },
      ],
    });
  });

  it('defaults the interval to the lifetime (one interval), from lifetimeHours too', () => {
    const result = parseKayentaCanarySettings({ canaryConfig: { canaryConfigName: 'x', lifetimeHours: '1', scopes: [scope] } });
    expect('settings' in result && [result.settings.intervals, result.settings.intervalMs]).toEqual([1, 3_600_000]);
  });

  it('names the bad fields', () => {
    const result = parseKayentaCanarySettings({
      canaryConfig: { lifetimeDuration: '10 minutes', scopes: [{ ...scope, experimentScope: '' }], scoreThresholds: { pass: 50, marginal: 70 } },
    });
    expect('issues' in result && result.issues.map(i => i.path).sort()).toEqual([
      'canaryConfig.canaryConfigId',
      'canaryConfig.lifetimeDuration',
      'canaryConfig.scopes[0].experimentScope',
      'canaryConfig.scoreThresholds.marginal',
    ]);
  });

  it('judges growing windows after the warmup, or sliding ones with a lookback', () => {
    const growing = { warmupMs: 60_000, intervalMs: 600_000, lookbackMs: 0 };
    expect(intervalWindow(growing, 0, 1)).toEqual({ start: 60_000, end: 660_000 });
    expect(intervalWindow(growing, 0, 3)).toEqual({ start: 60_000, end: 1_860_000 });
    expect(intervalWindow({ ...growing, lookbackMs: 300_000 }, 0, 3)).toEqual({ start: 1_560_000, end: 1_860_000 });
    expect(defaultStepMillis(3_600_000)).toBe(60_000);
    expect(defaultStepMillis(30_000)).toBe(3000);
  });
});
