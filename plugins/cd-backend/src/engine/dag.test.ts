import type { ExecutionStatus } from '@internal/plugin-cd-common';
import {
  initialStages,
  requisitesSatisfied,
  startableDownstream,
  withAllDownstream,
} from './dag';

const s = (refId: string, requisiteStageRefIds: string[] = [], status: ExecutionStatus = 'NOT_STARTED') => ({
  id: `id-${refId}`,
  refId,
  requisiteStageRefIds,
  status,
});

describe('dag', () => {
  it('finds initial stages and joins', () => {
    const stages = [s('1', [], 'SUCCEEDED'), s('2', ['1'], 'SUCCEEDED'), s('3', ['1'], 'RUNNING'), s('4', ['2', '3'])];
    expect(initialStages([s('a'), s('b', ['a'])]).map(x => x.refId)).toEqual(['a']);
    expect(requisitesSatisfied(stages[3], stages)).toBe(false);
    expect(startableDownstream(stages[1], stages)).toEqual([]);
    stages[2].status = 'FAILED_CONTINUE';
    expect(startableDownstream(stages[2], stages).map(x => x.refId)).toEqual(['4']);
  });

  it('never starts behind a halted requisite', () => {
    const stages = [s('1', [], 'STOPPED'), s('2', ['1'])];
    expect(requisitesSatisfied(stages[1], stages)).toBe(false);
  });

  it('collects everything downstream for a restart', () => {
    const stages = [s('1'), s('2', ['1']), s('3', ['2']), s('4'), s('5', ['3', '4'])];
    expect(withAllDownstream(stages[1], stages).map(x => x.refId).sort()).toEqual(['2', '3', '5']);
  });
});
