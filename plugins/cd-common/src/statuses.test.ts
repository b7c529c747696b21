import { isComplete, isHalt, isSuccessful, EXECUTION_STATUSES } from './statuses';

describe('Orca statuses', () => {
  it('classifies complete and halting statuses as Orca does', () => {
    const complete = EXECUTION_STATUSES.filter(isComplete);
    expect(complete.sort()).toEqual(
      ['CANCELED', 'FAILED_CONTINUE', 'SKIPPED', 'STOPPED', 'SUCCEEDED', 'TERMINAL'].sort(),
    );
    expect(EXECUTION_STATUSES.filter(isHalt).sort()).toEqual(['CANCELED', 'STOPPED', 'TERMINAL']);
    expect(isSuccessful('FAILED_CONTINUE')).toBe(true);
    expect(isSuccessful('TERMINAL')).toBe(false);
    expect(isComplete('RUNNING')).toBe(false);
  });
});
