import { screen, waitFor } from '@testing-library/react';
import {
  buildExecution,
  buildStage,
  fakeCdApi,
} from '../../__testUtils__/builders';
import { permissionApiDenying } from '../../__testUtils__/permissions';
import { renderCdView } from '../../__testUtils__/render';
import { ExecutionView } from './ExecutionView';

// A file with one test: usePermission caches decisions (SWR) for the whole module registry.
describe('ExecutionView without permissions', () => {
  it('disables judging and the execution controls, with the reason', async () => {
    const judgment = buildStage({
      refId: '2',
      name: 'Approve prod',
      type: 'manualJudgment',
      status: 'RUNNING',
      requisiteStageRefIds: ['1'],
    });
    const bake = buildStage({
      refId: '1',
      name: 'Bake',
      status: 'SUCCEEDED',
      startTime: 1,
      endTime: 2,
    });
    await renderCdView(<ExecutionView executionId="exec-1" />, {
      cdApi: fakeCdApi({
        getExecution: async () => buildExecution({ stages: [bake, judgment] }),
      }),
      permissionApi: permissionApiDenying(
        'cd.judgment.submit',
        'cd.execution.cancel',
      ),
    });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Continue' })).toBeDisabled(),
    );
    expect(screen.getByRole('button', { name: 'Stop' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Pause' })).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Cancel execution' }),
    ).toBeDisabled();
    expect(
      screen.getAllByTitle(
        /You lack the cd.judgment.submit permission on shop/,
      ),
    ).toHaveLength(2);
    expect(
      screen.getAllByTitle(
        /You lack the cd.execution.cancel permission on shop/,
      ).length,
    ).toBeGreaterThanOrEqual(2);
  });
});
