import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ApplicationClusters } from '@internal/plugin-cd-common';
import { fakeCdApi } from '../../__testUtils__/builders';
import { renderCdView } from '../../__testUtils__/render';
import { TestSignals } from '../../__testUtils__/signals';
import { Clusters } from './Clusters';
import { HEALTH_COLORS } from './health';
import { buildAccount, buildServerGroup } from './testInventory';

const web = buildServerGroup({
  name: 'web-v002',
  version: 'v002',
  revision: 2,
  images: ['registry.local/shop:2.0.0'],
  healths: ['up', 'up', 'down', 'starting', 'unknown'],
  manager: { kind: 'Deployment', name: 'web', revision: 2, current: true },
});
const oldWeb = buildServerGroup({
  name: 'web-v001',
  version: 'v001',
  images: ['registry.local/shop:1.0.0'],
  healths: ['up'],
  traffic: { enabled: false, loadBalancers: [], declared: ['service web'] },
});
const worker = buildServerGroup({
  name: 'worker-v001',
  images: ['registry.local/worker:1.0.0'],
  healths: ['up', 'up'],
  moniker: { app: 'shop', cluster: 'deployment worker' },
});
const staging = buildServerGroup({
  name: 'web-v007',
  account: 'staging',
  healths: ['up'],
});

const clusters: ApplicationClusters = {
  application: 'shop',
  accounts: [
    buildAccount({
      name: 'prod',
      environment: 'production',
      clusters: [
        {
          account: 'prod',
          name: 'deployment web',
          application: 'shop',
          serverGroups: [web, oldWeb],
          serverGroupManagers: [],
        },
        {
          account: 'prod',
          name: 'deployment worker',
          application: 'shop',
          serverGroups: [worker],
          serverGroupManagers: [],
        },
      ],
      loadBalancers: [
        {
          account: 'prod',
          namespace: 'default',
          kind: 'Service',
          name: 'web',
          moniker: { app: 'shop', cluster: 'service web' },
          type: 'ClusterIP',
          hosts: [],
          serverGroups: ['replicaSet web-v002'],
        },
      ],
      firewalls: [
        {
          account: 'prod',
          namespace: 'default',
          kind: 'NetworkPolicy',
          name: 'web-only',
          moniker: { app: 'shop', cluster: 'networkPolicy web-only' },
          podSelector: { app: 'web' },
          policyTypes: ['Ingress'],
        },
      ],
    }),
    buildAccount({
      name: 'staging',
      clusters: [
        {
          account: 'staging',
          name: 'deployment web',
          application: 'shop',
          serverGroups: [staging],
          serverGroupManagers: [],
        },
      ],
    }),
    buildAccount({
      name: 'broken',
      status: 'error',
      message: '401 Unauthorized: bad token',
    }),
  ],
};

const render = (getApplicationClusters: () => Promise<ApplicationClusters>) =>
  renderCdView(<Clusters application="shop" />, {
    cdApi: fakeCdApi({ getApplicationClusters }),
  });

const serverGroupNames = () =>
  screen
    .queryAllByTestId(/^server-group-/)
    .map(e => e.getAttribute('data-testid')!.replace('server-group-', ''));

describe('Clusters', () => {
  jest.setTimeout(20_000);

  it('colours instances by health and counts them per server group', async () => {
    await render(async () => clusters);
    const card = await screen.findByTestId('server-group-web-v002');
    const squares = within(card).getAllByRole('button', {
      name: /^web-v002-pod/,
    });
    expect(squares.map(s => s.getAttribute('data-health'))).toEqual([
      'up',
      'up',
      'down',
      'starting',
      'unknown',
    ]);
    expect(squares[0]).toHaveStyle({ backgroundColor: HEALTH_COLORS.up });
    expect(squares[0]).not.toHaveStyle({
      backgroundColor: HEALTH_COLORS.down,
    });
    expect(squares[2]).toHaveStyle({ backgroundColor: HEALTH_COLORS.down });
    expect(squares[3]).toHaveStyle({
      backgroundColor: HEALTH_COLORS.starting,
    });
    expect(squares[4]).toHaveStyle({ backgroundColor: HEALTH_COLORS.unknown });
    expect(squares[2]).toHaveAttribute(
      'title',
      'web-v002-pod2: down (CrashLoopBackOff)',
    );
    expect(
      within(card).getByText('2 up · 1 down · 1 starting · 1 unknown'),
    ).toBeInTheDocument();
    expect(within(card).getByText('2/5 ready')).toBeInTheDocument();
    expect(
      within(card).getByText('traffic enabled (service web)'),
    ).toBeInTheDocument();
    expect(
      within(card).getByText(/Deployment web revision 2 \(current\)/),
    ).toBeInTheDocument();
    expect(
      within(card).getByText('registry.local/shop:2.0.0'),
    ).toBeInTheDocument();
    expect(within(card).getByText(/created 5m \d+s ago/)).toBeInTheDocument();
    expect(
      within(screen.getByTestId('server-group-web-v001')).getByText(
        'traffic disabled',
      ),
    ).toBeInTheDocument();
  });

  it("shows a failing account's error beside the accounts that work", async () => {
    await render(async () => clusters);
    const broken = await screen.findByRole('region', {
      name: 'Account broken',
    });
    expect(
      within(broken).getByText(
        'Account broken is unavailable: 401 Unauthorized: bad token',
      ),
    ).toBeInTheDocument();
    const prod = screen.getByRole('region', { name: 'Account prod' });
    expect(within(prod).queryByRole('alert')).not.toBeInTheDocument();
    expect(
      within(prod).getByText('Service web (ClusterIP)'),
    ).toBeInTheDocument();
    expect(
      within(prod).getByText('NetworkPolicy web-only (Ingress)'),
    ).toBeInTheDocument();
    expect(serverGroupNames()).toEqual([
      'web-v002',
      'web-v001',
      'worker-v001',
      'web-v007',
    ]);
  });

  it('filters by account, status and text', async () => {
    await render(async () => clusters);
    await screen.findByTestId('server-group-web-v002');

    await userEvent.selectOptions(screen.getByLabelText('Account'), 'staging');
    expect(serverGroupNames()).toEqual(['web-v007']);
    expect(
      screen.queryByRole('region', { name: 'Account prod' }),
    ).not.toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Account'), '');

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'unhealthy');
    expect(serverGroupNames()).toEqual(['web-v002']);
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'disabled');
    expect(serverGroupNames()).toEqual(['web-v001']);
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'healthy');
    expect(serverGroupNames()).toEqual(['web-v001', 'worker-v001', 'web-v007']);
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'all');

    const text = screen.getByLabelText('Filter');
    await userEvent.type(text, 'WORKER:1');
    expect(serverGroupNames()).toEqual(['worker-v001']);
    await userEvent.clear(text);
    await userEvent.type(text, 'deployment web');
    expect(serverGroupNames()).toEqual(['web-v002', 'web-v001', 'web-v007']);
    await userEvent.clear(text);
    await userEvent.type(text, 'v001');
    expect(serverGroupNames()).toEqual(['web-v001', 'worker-v001']);
  });

  it('stays live: an inventory signal shows the changed health', async () => {
    let current = clusters;
    const signals = new TestSignals();
    const getApplicationClusters = jest.fn(async () => current);
    await renderCdView(<Clusters application="shop" />, {
      cdApi: fakeCdApi({ getApplicationClusters }),
      signals,
    });
    const card = await screen.findByTestId('server-group-web-v002');
    expect(within(card).getByText('2/5 ready')).toBeInTheDocument();
    const healed = buildServerGroup({
      name: 'web-v002',
      healths: ['up', 'up', 'up', 'up', 'up'],
    });
    current = {
      ...clusters,
      accounts: [
        {
          ...clusters.accounts[0],
          clusters: [
            { ...clusters.accounts[0].clusters[0], serverGroups: [healed] },
          ],
        },
      ],
    };
    expect(getApplicationClusters).toHaveBeenCalledTimes(1);
    signals.publish('cd:inventory:shop', { application: 'shop' });
    await waitFor(() =>
      expect(
        within(screen.getByTestId('server-group-web-v002')).getByText(
          '5/5 ready',
        ),
      ).toBeInTheDocument(),
    );
    expect(getApplicationClusters).toHaveBeenCalledTimes(2);
  });

  it('explains how to connect workloads when nothing runs', async () => {
    await render(async () => ({
      application: 'shop',
      accounts: [buildAccount({ name: 'prod' })],
    }));
    expect(
      await screen.findByText('Nothing is running for shop'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/moniker\.spinnaker\.io\/application/),
    ).toBeInTheDocument();
  });
});
