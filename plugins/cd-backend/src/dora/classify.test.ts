import { changeTime, deploysToProduction, isRollback, type DoraExecution } from './classify';
import { median, startOfWeek } from './computeDoraMetrics';
import { productionAccountPredicate } from './productionAccounts';

const base: DoraExecution = {
  id: 'e',
  type: 'PIPELINE',
  application: 'shop',
  name: 'Release',
  status: 'SUCCEEDED',
  trigger: {},
  buildTime: Date.UTC(2026, 0, 10, 12),
  endTime: Date.UTC(2026, 0, 10, 13),
  stages: [],
};

describe('DORA classification', () => {
  it('production accounts: environment prod/production; with none configured, every account', () => {
    const configured = productionAccountPredicate([
      { name: 'eu', environment: 'Production' },
      { name: 'us', environment: 'prod' },
      { name: 'dev', environment: 'dev' },
      { name: 'other' },
    ]);
    expect(['eu', 'us', 'dev', 'other'].map(configured)).toEqual([true, true, false, false]);
    const demo = productionAccountPredicate([{ name: 'local', environment: 'dev' }]);
    expect(demo('local')).toBe(true);
  });

  it('a production deployment is a pipeline whose stage ran against a production account, not a rollback', () => {
    const prod = (a: string) => a === 'prod';
    const with_ = (stages: DoraExecution['stages'], type: DoraExecution['type'] = 'PIPELINE') => ({ ...base, type, stages });
    expect(deploysToProduction(with_([{ type: 'deployManifest', status: 'SUCCEEDED', context: { account: 'prod' } }]), prod)).toBe(true);
    expect(deploysToProduction(with_([{ type: 'scaleManifest', status: 'TERMINAL', context: { account: 'prod' } }]), prod)).toBe(true);
    expect(deploysToProduction(with_([{ type: 'deployManifest', status: 'SUCCEEDED', context: { account: 'dev' } }]), prod)).toBe(false);
    expect(deploysToProduction(with_([{ type: 'deployManifest', status: 'NOT_STARTED', context: { account: 'prod' } }]), prod)).toBe(false);
    expect(deploysToProduction(with_([{ type: 'deployManifest', status: 'SKIPPED', context: { account: 'prod' } }]), prod)).toBe(false);
    expect(deploysToProduction(with_([{ type: 'undoRolloutManifest', status: 'SUCCEEDED', context: { account: 'prod' } }]), prod)).toBe(false);
    expect(deploysToProduction(with_([{ type: 'deployManifest', status: 'SUCCEEDED', context: { account: 'prod' } }], 'ORCHESTRATION'), prod)).toBe(false);

    expect(isRollback(with_([{ type: 'undoRolloutManifest', status: 'SUCCEEDED', context: {} }], 'ORCHESTRATION'))).toBe(true);
    expect(isRollback(with_([{ type: 'undoRolloutManifest', status: 'SUCCEEDED', context: {} }]))).toBe(true);
    expect(isRollback(with_([{ type: 'enableManifest', status: 'SUCCEEDED', context: { action: 'rollback' } }], 'ORCHESTRATION'))).toBe(true);
    expect(isRollback(with_([{ type: 'undoRolloutManifest', status: 'NOT_STARTED', context: {} }]))).toBe(false);
    expect(isRollback(with_([{ type: 'scaleManifest', status: 'SUCCEEDED', context: {} }], 'ORCHESTRATION'))).toBe(false);
  });

  it('change time: the earliest artifact or commit time, else the trigger time', () => {
    const at = (h: number) => Date.UTC(2026, 0, 10, h);
    const t = (trigger: Record<string, unknown>) => changeTime({ ...base, trigger });
    expect(t({})).toBe(base.buildTime);
    expect(t({ artifacts: [{ createdAt: at(9) }, { createdAt: new Date(at(7)).toISOString() }] })).toBe(at(7));
    expect(t({ payload: { commits: [{ timestamp: '2026-01-10T08:00:00Z' }, { timestamp: '2026-01-10T06:00:00Z' }] } })).toBe(at(6));
    expect(t({ payload: { commitTimestamp: String(at(5) / 1000) } })).toBe(at(5));
    expect(t({ buildInfo: { timestamp: at(4) } })).toBe(at(4));
    // Times after the trigger are not the change's (a clock or a different field): ignored.
    expect(t({ artifacts: [{ createdAt: at(14) }] })).toBe(base.buildTime);
    expect(t({ artifacts: [{ createdAt: 'not a date' }], payload: 'text' })).toBe(base.buildTime);
  });

  it('median and week starts', () => {
    expect(median([])).toBeUndefined();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // 2026-01-01 is a Thursday; its week starts on Monday 2025-12-29. A Monday starts its own week.
    expect(new Date(startOfWeek(Date.UTC(2026, 0, 1, 15))).toISOString()).toBe('2025-12-29T00:00:00.000Z');
    expect(new Date(startOfWeek(Date.UTC(2026, 0, 5, 0))).toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(new Date(startOfWeek(Date.UTC(2026, 0, 4, 23))).toISOString()).toBe('2025-12-29T00:00:00.000Z');
  });
});
