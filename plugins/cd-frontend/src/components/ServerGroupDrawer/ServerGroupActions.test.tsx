import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  ApplicationClusters,
  Execution,
  ServerGroupDetails,
} from '@internal/plugin-cd-common';
import type { CdApi } from '../../api';
import { buildExecution, fakeCdApi } from '../../__testUtils__/builders';
import { renderCdView } from '../../__testUtils__/render';
import { TestSignals } from '../../__testUtils__/signals';
import { Clusters } from '../Clusters';
import { buildAccount, buildServerGroup } from '../Clusters/testInventory';

const current = buildServerGroup({
  name: 'web-7d9f',
  revision: 2,
  images: ['shop:2.0.0'],
  healths: ['up', 'up'],
  manager: { kind: 'Deployment', name: 'web', revision: 2, current: true },
});
const previous = buildServerGroup({
  name: 'web-5c4b',
  revision: 1,
  images: ['shop:1.0.0'],
  healths: [],
  manager: { kind: 'Deployment', name: 'web', revision: 2, current: false },
  traffic: { enabled: false, loadBalancers: [], declared: [] },
});
const clusters: ApplicationClusters = {
  application: 'shop',
  accounts: [
    buildAccount({
      name: 'prod',
      clusters: [
        {
          account: 'prod',
          name: 'deployment web',
          application: 'shop',
          serverGroups: [current, previous],
          serverGroupManagers: [],
        },
      ],
    }),
  ],
};
const details: ServerGroupDetails = {
  ...current,
  manifest: { kind: 'ReplicaSet', metadata: { name: current.name } },
  events: [],
};
const ref = {
  account: 'prod',
  namespace: 'default',
  kind: 'ReplicaSet',
  name: 'web-7d9f',
};

function setup(overrides: Partial<CdApi> = {}) {
  let task: Execution = buildExecution({
    id: 'task-1',
    type: 'ORCHESTRATION',
    name: 'Scale web-7d9f',
    status: 'RUNNING',
  });
  const runServerGroupAction = jest.fn(async () => ({
    executionId: 'task-1',
    stageType: 'scaleManifest',
  }));
  const cdApi = fakeCdApi({
    getApplicationClusters: async () => clusters,
    getServerGroup: async () => details,
    getExecution: async () => task,
    runServerGroupAction,
    ...overrides,
  });
  return {
    cdApi,
    runServerGroupAction,
    finishTask: (status: Execution['status']) => {
      task = { ...task, status };
    },
  };
}

async function openMenuAction(name: string) {
  await userEvent.click(
    await screen.findByRole('button', { name: 'Actions for web-7d9f' }),
  );
  await userEvent.click(await screen.findByRole('menuitem', { name }));
  return screen.findByRole('dialog');
}

describe('server group actions', () => {
  it('scales after confirmation and follows the task live', async () => {
    const signals = new TestSignals();
    const { cdApi, runServerGroupAction, finishTask } = setup();
    await renderCdView(<Clusters application="shop" />, { cdApi, signals });

    const dialog = await openMenuAction('Scale');
    expect(
      within(dialog).getByText('Scale ReplicaSet web-7d9f?'),
    ).toBeInTheDocument();
    const replicas = within(dialog).getByLabelText('Replicas');
    expect(replicas).toHaveValue(2);
    await userEvent.clear(replicas);
    await userEvent.type(replicas, '-1');
    expect(
      within(dialog).getByRole('button', { name: 'Scale' }),
    ).toBeDisabled();
    await userEvent.clear(replicas);
    await userEvent.type(replicas, '5');
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'sale');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Scale' }),
    );

    expect(runServerGroupAction).toHaveBeenCalledWith('shop', ref, {
      action: 'scale',
      replicas: 5,
      reason: 'sale',
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    const panel = screen.getByRole('region', { name: 'Server group tasks' });
    const row = within(panel).getByTestId('task-task-1');
    expect(within(row).getByText('Scale web-7d9f to 5')).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: 'scaleManifest task-1' }),
    ).toHaveAttribute('href', '/executions/task-1');
    expect(await within(row).findByText('RUNNING')).toBeInTheDocument();

    finishTask('SUCCEEDED');
    signals.publish('cd:execution:task-1', { executionId: 'task-1' });
    expect(await within(row).findByText('SUCCEEDED')).toBeInTheDocument();

    await userEvent.click(
      within(panel).getByRole('button', {
        name: 'Dismiss Scale web-7d9f to 5',
      }),
    );
    expect(
      screen.queryByRole('region', { name: 'Server group tasks' }),
    ).not.toBeInTheDocument();
  });

  it('rolls back from the drawer to the previous revision', async () => {
    const { cdApi, runServerGroupAction } = setup();
    await renderCdView(<Clusters application="shop" />, { cdApi });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Open ReplicaSet web-7d9f' }),
    );
    const drawer = await screen.findByRole('presentation');
    await userEvent.click(
      await within(drawer).findByRole('button', { name: 'Roll back' }),
    );
    expect(
      within(drawer).queryByRole('button', { name: 'Enable' }),
    ).not.toBeInTheDocument();
    const dialog = await screen.findByRole('dialog', {
      name: 'Roll back ReplicaSet web-7d9f?',
    });
    expect(within(dialog).getByLabelText('Roll back to')).toHaveTextContent(
      'revision 1: web-5c4b · shop:1.0.0',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Roll back' }),
    );
    expect(runServerGroupAction).toHaveBeenCalledWith('shop', ref, {
      action: 'rollback',
      revision: 1,
    });
    // The drawer lists the task started on its server group.
    const tasks = await within(drawer).findByRole('list', { name: 'Tasks' });
    expect(
      within(tasks).getByText('Roll back web-7d9f to revision 1'),
    ).toBeInTheDocument();
  });

  it('keeps the dialog open with the refusal when the action fails', async () => {
    const { cdApi } = setup({
      runServerGroupAction: async () => {
        throw new Error('web-7d9f is being deleted');
      },
    });
    await renderCdView(<Clusters application="shop" />, { cdApi });
    const dialog = await openMenuAction('Delete');
    expect(
      within(dialog).getByText(/This cannot be undone/),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );
    expect(
      await within(dialog).findByText('web-7d9f is being deleted'),
    ).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'Server group tasks' }),
    ).not.toBeInTheDocument();
  });

  it('does nothing when the confirmation is declined', async () => {
    const { cdApi, runServerGroupAction } = setup();
    await renderCdView(<Clusters application="shop" />, { cdApi });
    const dialog = await openMenuAction('Disable');
    expect(within(dialog).getByText(/receive no traffic/)).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Back' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(runServerGroupAction).not.toHaveBeenCalled();
  });
});
