import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Execution } from '@internal/plugin-cd-common';
import {
  buildExecution,
  buildStage,
  fakeCdApi,
} from '../../__testUtils__/builders';
import { renderCdView } from '../../__testUtils__/render';
import { TestSignals } from '../../__testUtils__/signals';
import { ExecutionView } from './ExecutionView';

const judgmentStage = buildStage({
  refId: '2',
  name: 'Approve prod',
  type: 'manualJudgment',
  status: 'RUNNING',
  requisiteStageRefIds: ['1'],
  startTime: 1_700_000_010_000,
  context: {
    instructions: 'Check the canary first.',
    judgmentInputs: [{ value: 'ship' }, { value: 'hold' }],
  },
});
const bake = buildStage({
  refId: '1',
  name: 'Bake',
  type: 'bakeManifest',
  status: 'SUCCEEDED',
  startTime: 1_700_000_000_000,
  endTime: 1_700_000_010_000,
});

describe('ExecutionView', () => {
  it('reloads on each signal of its execution and on nothing else', async () => {
    const states: Execution[] = [
      buildExecution({
        stages: [{ ...bake, status: 'RUNNING', endTime: undefined }],
      }),
      buildExecution({
        status: 'SUCCEEDED',
        endTime: 1_700_000_010_000,
        stages: [bake],
      }),
    ];
    let current = states[0];
    const getExecution = jest.fn(async () => current);
    const signals = new TestSignals();
    await renderCdView(<ExecutionView executionId="exec-1" />, {
      cdApi: fakeCdApi({ getExecution }),
      signals,
    });
    expect(
      await screen.findByRole('button', {
        name: 'Bake (bakeManifest) RUNNING',
      }),
    ).toBeInTheDocument();
    expect(signals.channels()).toContain('cd:execution:exec-1');
    expect(getExecution).toHaveBeenCalledTimes(1);

    signals.publish('cd:execution:other', { executionId: 'other' });
    current = states[1];
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(getExecution).toHaveBeenCalledTimes(1);

    signals.publish('cd:execution:exec-1', {
      executionId: 'exec-1',
      type: 'pipeline.complete',
    });
    expect(
      await screen.findByRole('button', {
        name: 'Bake (bakeManifest) SUCCEEDED',
      }),
    ).toBeInTheDocument();
    expect(getExecution).toHaveBeenCalledTimes(2);
    expect(
      screen.queryByRole('button', { name: /Cancel execution/ }),
    ).not.toBeInTheDocument();
  });

  it('coalesces a burst of signals into one more load', async () => {
    let release: () => void = () => {};
    const getExecution = jest.fn(
      () =>
        new Promise<Execution>(resolve => {
          release = () => resolve(buildExecution({ stages: [bake] }));
        }),
    );
    const signals = new TestSignals();
    await renderCdView(<ExecutionView executionId="exec-1" />, {
      cdApi: fakeCdApi({ getExecution }),
      signals,
    });
    expect(getExecution).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5; i++) signals.publish('cd:execution:exec-1');
    release();
    await waitFor(() => expect(getExecution).toHaveBeenCalledTimes(2));
    release();
    expect(
      await screen.findByRole('button', {
        name: 'Bake (bakeManifest) SUCCEEDED',
      }),
    ).toBeInTheDocument();
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(getExecution).toHaveBeenCalledTimes(2);
  });

  it('reloads on a timer while it runs when signals are unavailable', async () => {
    let loads = 0;
    const getExecution = jest.fn(async () =>
      ++loads < 3
        ? buildExecution({
            stages: [{ ...bake, status: 'RUNNING', endTime: undefined }],
          })
        : buildExecution({ status: 'SUCCEEDED', stages: [bake] }),
    );
    await renderCdView(
      <ExecutionView executionId="exec-1" fallbackIntervalMs={20} />,
      { cdApi: fakeCdApi({ getExecution }) },
    );
    expect(
      await screen.findByRole('button', {
        name: 'Bake (bakeManifest) SUCCEEDED',
      }),
    ).toBeInTheDocument();
    // A tick may already be under way when the answer lands; then the timer stops.
    await new Promise(resolve => setTimeout(resolve, 50));
    const calls = getExecution.mock.calls.length;
    expect(calls).toBeGreaterThanOrEqual(3);
    await new Promise(resolve => setTimeout(resolve, 150));
    expect(getExecution).toHaveBeenCalledTimes(calls);
  });

  it('submits the judgment input a judge picks and shows the result', async () => {
    const running = buildExecution({ stages: [bake, judgmentStage] });
    const judged = buildExecution({
      stages: [
        bake,
        {
          ...judgmentStage,
          status: 'SUCCEEDED',
          context: { ...judgmentStage.context, judgmentStatus: 'continue' },
        },
      ],
      status: 'SUCCEEDED',
    });
    const submitJudgment = jest.fn(async () => judged);
    await renderCdView(<ExecutionView executionId="exec-1" />, {
      cdApi: fakeCdApi({ getExecution: async () => running, submitJudgment }),
    });
    expect(
      await screen.findByText('Check the canary first.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'hold' })).toBeEnabled();
    await userEvent.click(screen.getByRole('button', { name: 'ship' }));
    expect(submitJudgment).toHaveBeenCalledWith('exec-1', 'stage-2', {
      judgmentStatus: 'continue',
      input: 'ship',
    });
    await waitFor(() =>
      expect(
        screen.queryByText('Check the canary first.'),
      ).not.toBeInTheDocument(),
    );
  });

  it('cancels with a reason', async () => {
    const running = buildExecution({ stages: [bake, judgmentStage] });
    const cancelExecution = jest.fn(async () => ({
      ...running,
      status: 'CANCELED' as const,
      canceled: true,
      canceledBy: 'alice',
      cancellationReason: 'bad build',
    }));
    await renderCdView(<ExecutionView executionId="exec-1" />, {
      cdApi: fakeCdApi({ getExecution: async () => running, cancelExecution }),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Cancel execution' }),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'bad build');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel execution' }),
    );
    expect(cancelExecution).toHaveBeenCalledWith('exec-1', 'bad build');
    expect(await screen.findByText('alice: bad build')).toBeInTheDocument();
  });

  it('restarts a selected complete stage and skips a running wait', async () => {
    const wait = buildStage({
      refId: '3',
      name: 'Soak',
      type: 'wait',
      status: 'RUNNING',
      requisiteStageRefIds: ['1'],
      startTime: 1,
    });
    const execution = buildExecution({ stages: [bake, wait] });
    const restartStage = jest.fn(async () => execution);
    const skipWait = jest.fn(async () => execution);
    await renderCdView(<ExecutionView executionId="exec-1" />, {
      cdApi: fakeCdApi({
        getExecution: async () => execution,
        restartStage,
        skipWait,
      }),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Skip wait' }),
    );
    expect(skipWait).toHaveBeenCalledWith('exec-1', 'stage-3');

    await userEvent.click(
      screen.getByRole('button', { name: 'Bake (bakeManifest) SUCCEEDED' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Restart stage Bake' }),
    );
    await userEvent.type(screen.getByLabelText('Reason'), 'flaky registry');
    await userEvent.click(screen.getByRole('button', { name: 'Restart' }));
    expect(restartStage).toHaveBeenCalledWith(
      'exec-1',
      'stage-1',
      'flaky registry',
    );
  });

  it("shows a failed stage's errors, expression summary, tasks and synthetic stages", async () => {
    const failed = buildStage({
      refId: '1',
      name: 'Deploy',
      type: 'deployManifest',
      status: 'TERMINAL',
      startTime: 1,
      endTime: 2,
      exception: {
        details: { error: 'Deploy failed', errors: ['image pull backoff'] },
      },
      context: {
        account: 'prod',
        expressionEvaluationSummary: {
          'trigger.parameters.tag': [
            { description: 'tag not found', level: 'ERROR', timestamp: 1 },
          ],
        },
      },
      outputs: { manifests: ['deployment/shop'] },
      tasks: [
        {
          id: 't1',
          name: 'deployManifest',
          status: 'TERMINAL',
          startTime: 1,
          endTime: 2,
        },
      ],
      restartDetails: { restartedBy: 'bob', restartTime: 1, reason: 'retry' },
    });
    const synthetic = buildStage({
      refId: '1<1',
      name: 'Check preconditions',
      parentStageId: 'stage-1',
      syntheticStageOwner: 'STAGE_BEFORE',
      status: 'SUCCEEDED',
    });
    await renderCdView(<ExecutionView executionId="exec-1" />, {
      cdApi: fakeCdApi({
        getExecution: async () =>
          buildExecution({ status: 'TERMINAL', stages: [failed, synthetic] }),
      }),
    });
    expect(await screen.findByText('Deploy failed')).toBeInTheDocument();
    expect(screen.getByText('image pull backoff')).toBeInTheDocument();
    expect(screen.getByText(/tag not found/)).toBeInTheDocument();
    expect(screen.getByText(/by bob at .*: retry/)).toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'Tasks' })).getByText(
        'deployManifest',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'Synthetic stages' })).getByText(
        'Check preconditions',
      ),
    ).toBeInTheDocument();
    // CodeSnippet splits the YAML into highlighted tokens.
    expect(document.body.textContent).toMatch(/account: prod/);
    expect(document.body.textContent).toMatch(/- deployment\/shop/);
    expect(
      screen.getByRole('button', { name: 'Restart stage Deploy' }),
    ).toBeInTheDocument();
  });
});
