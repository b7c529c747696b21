import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildExecution, buildStage } from '../../__testUtils__/builders';
import { ExecutionGraph } from './ExecutionGraph';
import { executionGraphStages, pipelineGraphStages } from './graphStages';

describe('ExecutionGraph', () => {
  const execution = buildExecution({
    stages: [
      buildStage({
        refId: '1',
        name: 'Bake',
        type: 'bakeManifest',
        status: 'SUCCEEDED',
        startTime: 0,
        endTime: 65_000,
      }),
      buildStage({
        refId: '2',
        name: 'Canary',
        type: 'kayentaCanary',
        status: 'RUNNING',
        requisiteStageRefIds: ['1'],
        startTime: 65_000,
      }),
      buildStage({
        refId: '3',
        name: 'Smoke',
        type: 'runJob',
        status: 'TERMINAL',
        requisiteStageRefIds: ['1'],
      }),
      buildStage({
        refId: '4',
        name: 'Promote',
        type: 'deployManifest',
        requisiteStageRefIds: ['2', '3'],
      }),
      buildStage({
        refId: '2-setup',
        name: 'Setup canary',
        parentStageId: 'stage-2',
        syntheticStageOwner: 'STAGE_BEFORE',
      }),
    ],
  });

  it('draws the top-level stages with status, type and duration, and no synthetic stages', async () => {
    await renderInTestApp(
      <ExecutionGraph stages={executionGraphStages(execution)} now={125_000} />,
    );
    const bake = screen.getByRole('button', {
      name: 'Bake (bakeManifest) SUCCEEDED',
    });
    expect(bake).toHaveAttribute('data-status', 'SUCCEEDED');
    expect(bake).toHaveTextContent('1m 5s');
    expect(
      screen.getByRole('button', { name: /Canary \(kayentaCanary\) RUNNING/ }),
    ).toHaveTextContent('1m 0s');
    expect(screen.getByRole('button', { name: /Smoke/ })).toHaveAttribute(
      'data-status',
      'TERMINAL',
    );
    expect(screen.getByRole('button', { name: /Promote/ })).toHaveAttribute(
      'data-status',
      'NOT_STARTED',
    );
    expect(screen.queryByText('Setup canary')).not.toBeInTheDocument();
    expect(document.querySelectorAll('svg path')).toHaveLength(4);
  });

  it('reports the selected stage', async () => {
    const onSelectStage = jest.fn();
    await renderInTestApp(
      <ExecutionGraph
        stages={executionGraphStages(execution)}
        selectedStageId="stage-3"
        onSelectStage={onSelectStage}
      />,
    );
    expect(screen.getByRole('button', { name: /Smoke/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await userEvent.click(screen.getByRole('button', { name: /Promote/ }));
    expect(onSelectStage).toHaveBeenCalledWith('stage-4');
  });

  it('draws a pipeline definition without statuses', async () => {
    await renderInTestApp(
      <ExecutionGraph
        stages={pipelineGraphStages({
          stages: [
            { refId: 'a', type: 'wait' },
            {
              refId: 'b',
              type: 'manualJudgment',
              name: 'Approve',
              requisiteStageRefIds: ['a'],
            },
          ],
        })}
      />,
    );
    expect(screen.getByRole('button', { name: 'wait (wait)' })).toHaveAttribute(
      'data-status',
      'DEFINED',
    );
    expect(
      screen.getByRole('button', { name: 'Approve (manualJudgment)' }),
    ).toBeInTheDocument();
  });
});
