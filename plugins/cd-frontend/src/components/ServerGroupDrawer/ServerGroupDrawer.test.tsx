import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  ApplicationClusters,
  ServerGroupDetails,
} from '@internal/plugin-cd-common';
import type { CdApi } from '../../api';
import { fakeCdApi } from '../../__testUtils__/builders';
import { renderCdView } from '../../__testUtils__/render';
import { Clusters } from '../Clusters';
import {
  buildAccount,
  buildInstance,
  buildServerGroup,
} from '../Clusters/testInventory';

const web = buildServerGroup({
  name: 'web-v002',
  instances: [
    buildInstance({ name: 'web-v002-a', health: 'up' }),
    buildInstance({
      name: 'web-v002-b',
      health: 'down',
      healthReason: 'CrashLoopBackOff',
      containers: [
        {
          name: 'web',
          image: 'shop:2.0.0',
          ready: false,
          restartCount: 4,
          state: 'waiting',
          reason: 'CrashLoopBackOff',
        },
        {
          name: 'sidecar',
          image: 'proxy:1',
          ready: true,
          restartCount: 0,
          state: 'running',
        },
      ],
    }),
  ],
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
          serverGroups: [web],
          serverGroupManagers: [],
        },
      ],
    }),
  ],
};
const details: ServerGroupDetails = {
  ...web,
  manifest: {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-v002', namespace: 'default' },
    spec: { replicas: 2 },
  },
  events: [
    {
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      count: 7,
      involvedObject: { kind: 'Pod', name: 'web-v002-b' },
      lastTimestamp: new Date(Date.now() - 30_000).toISOString(),
    },
  ],
};

function api(overrides: Partial<CdApi> = {}) {
  const getServerGroup = jest.fn(async () => details);
  let logCalls = 0;
  const getInstanceLogs = jest.fn(async () => {
    logCalls += 1;
    return `log read ${logCalls}\n`;
  });
  return {
    getServerGroup,
    getInstanceLogs,
    cdApi: fakeCdApi({
      getApplicationClusters: async () => clusters,
      getServerGroup,
      getInstanceLogs,
      ...overrides,
    }),
  };
}

describe('ServerGroupDrawer', () => {
  jest.setTimeout(20_000);

  it('opens from a server group with its manifest, events and instances', async () => {
    const { cdApi, getServerGroup } = api();
    await renderCdView(<Clusters application="shop" />, { cdApi });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Open ReplicaSet web-v002' }),
    );
    const drawer = await screen.findByRole('presentation');
    expect(getServerGroup).toHaveBeenCalledWith(
      'shop',
      'prod',
      'default',
      'ReplicaSet',
      'web-v002',
    );
    expect(
      within(drawer).getByRole('heading', { name: 'ReplicaSet web-v002' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(drawer.textContent).toContain('apiVersion: apps/v1'),
    );
    expect(drawer.textContent).toContain('kind: ReplicaSet');
    expect(drawer.textContent).toContain('replicas: 2');

    await userEvent.click(within(drawer).getByRole('tab', { name: 'Events' }));
    const events = within(drawer).getByRole('table', { name: 'Events' });
    const row = within(events).getAllByRole('row')[1];
    const cells = within(row)
      .getAllByRole('cell')
      .map(c => c.textContent);
    expect(cells.slice(0, 5)).toEqual([
      'Warning',
      'BackOff',
      'Pod web-v002-b',
      'Back-off restarting failed container',
      '7',
    ]);
    // 30 s old when built; a slow machine adds a few seconds.
    expect(cells[5]).toMatch(/^[3-5]\ds ago$/);

    await userEvent.click(
      within(drawer).getByRole('tab', { name: 'Instances' }),
    );
    expect(
      within(drawer).getByText('web-v002-b: down (CrashLoopBackOff)'),
    ).toBeInTheDocument();
    expect(
      within(drawer).getByText(
        /web shop:2\.0\.0: waiting \(CrashLoopBackOff\), 4 restarts; sidecar proxy:1: running, ready/,
      ),
    ).toBeInTheDocument();

    await userEvent.click(
      within(drawer).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('presentation')).not.toBeInTheDocument(),
    );
  });

  it("opens on an instance square with the pod's log, and follows it", async () => {
    const { cdApi, getInstanceLogs } = api();
    await renderCdView(<Clusters application="shop" />, { cdApi });
    await userEvent.click(
      await screen.findByTitle('web-v002-b: down (CrashLoopBackOff)'),
    );
    const drawer = await screen.findByRole('presentation');
    const log = await within(drawer).findByLabelText('Log');
    expect(log).toHaveTextContent('log read 1');
    expect(getInstanceLogs).toHaveBeenCalledWith(
      'shop',
      'prod',
      'default',
      'web-v002-b',
      { container: 'web', tailLines: 200 },
    );

    await userEvent.selectOptions(
      within(drawer).getByLabelText('Container'),
      'sidecar',
    );
    await waitFor(() => expect(log).toHaveTextContent('log read 2'));
    expect(getInstanceLogs).toHaveBeenLastCalledWith(
      'shop',
      'prod',
      'default',
      'web-v002-b',
      { container: 'sidecar', tailLines: 200 },
    );

    await userEvent.click(within(drawer).getByLabelText('Follow'));
    await waitFor(() => expect(log).toHaveTextContent('log read 4'), {
      timeout: 4000,
    });
    await userEvent.click(within(drawer).getByLabelText('Follow'));
    const callsWhenStopped = getInstanceLogs.mock.calls.length;
    await new Promise(resolve => setTimeout(resolve, 2500));
    expect(getInstanceLogs.mock.calls.length).toBe(callsWhenStopped);
  });

  it('shows why a log cannot be read', async () => {
    const { cdApi } = api({
      getInstanceLogs: async () => {
        throw new Error('pod web-v002-a is gone');
      },
    });
    await renderCdView(<Clusters application="shop" />, { cdApi });
    await userEvent.click(await screen.findByTitle('web-v002-a: up'));
    expect(
      await screen.findByText('Could not read the log: pod web-v002-a is gone'),
    ).toBeInTheDocument();
  });
});
