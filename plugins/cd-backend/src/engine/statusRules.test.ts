import type { ExecutionStatus } from '@internal/plugin-cd-common';
import {
  failureStatus,
  finalExecutionStatus,
  parentStatusForChild,
  stageStatusForTaskResult,
} from './statusRules';

const top = (status: ExecutionStatus, context: Record<string, unknown> = {}) => ({ status, context });

describe('failureStatus', () => {
  it.each([
    [{}, 'TERMINAL'],
    [{ failPipeline: true }, 'TERMINAL'],
    [{ failPipeline: false }, 'STOPPED'],
    [{ failPipeline: false, continuePipeline: true }, 'FAILED_CONTINUE'],
    [{ continuePipeline: true }, 'FAILED_CONTINUE'],
    [{ failPipeline: false, completeOtherBranchesThenFail: true }, 'STOPPED'],
  ])('%j → %s', (options, expected) => {
    expect(failureStatus(options)).toBe(expected);
  });
});

describe('stageStatusForTaskResult', () => {
  it('applies failure options only to TERMINAL', () => {
    expect(stageStatusForTaskResult('TERMINAL', { failPipeline: false })).toBe('STOPPED');
    expect(stageStatusForTaskResult('CANCELED', { continuePipeline: true })).toBe('CANCELED');
    expect(stageStatusForTaskResult('SUCCEEDED', {})).toBe('SUCCEEDED');
    expect(() => stageStatusForTaskResult('RUNNING', {})).toThrow(/not a final task status/);
  });

  it('maps a failed synthetic child under the parent options', () => {
    expect(parentStatusForChild('TERMINAL', { continuePipeline: true })).toBe('FAILED_CONTINUE');
    expect(parentStatusForChild('CANCELED', {})).toBe('CANCELED');
  });
});

describe('finalExecutionStatus', () => {
  it('SUCCEEDED when all top-level stages are successful', () => {
    expect(finalExecutionStatus([top('SUCCEEDED'), top('SKIPPED'), top('FAILED_CONTINUE')])).toBe('SUCCEEDED');
  });
  it('TERMINAL wins over CANCELED and STOPPED', () => {
    expect(finalExecutionStatus([top('STOPPED'), top('CANCELED'), top('TERMINAL')])).toBe('TERMINAL');
  });
  it('CANCELED wins over STOPPED', () => {
    expect(finalExecutionStatus([top('STOPPED'), top('CANCELED')])).toBe('CANCELED');
  });
  it('STOPPED branches end SUCCEEDED unless they asked to completeOtherBranchesThenFail', () => {
    expect(finalExecutionStatus([top('STOPPED'), top('NOT_STARTED'), top('SUCCEEDED')])).toBe('SUCCEEDED');
    expect(
      finalExecutionStatus([top('STOPPED', { completeOtherBranchesThenFail: true }), top('SUCCEEDED')]),
    ).toBe('TERMINAL');
  });
  it('ignores synthetic stages and honours the cancel flag', () => {
    expect(finalExecutionStatus([top('SUCCEEDED'), { status: 'TERMINAL', context: {}, parentStageId: 'x' }])).toBe('SUCCEEDED');
    expect(finalExecutionStatus([top('SUCCEEDED')], true)).toBe('CANCELED');
  });
});
