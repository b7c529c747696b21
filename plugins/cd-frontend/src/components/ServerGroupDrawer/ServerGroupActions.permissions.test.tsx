import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  ApplicationClusters,
  ServerGroupDetails,
} from '@internal/plugin-cd-common';
import { fakeCdApi } from '../../__testUtils__/builders';
import { renderCdView } from '../../__testUtils__/render';
import { Clusters } from '../Clusters';
import { buildAccount, buildServerGroup } from '../Clusters/testInventory';

const web = buildServerGroup({ name: 'web-v001', healths: ['up'] });
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
const details: ServerGroupDetails = { ...web, manifest: {}, events: [] };

// A file of its own: usePermission caches decisions (SWR) for the whole module registry.
describe('server group actions without cd.serverGroup.manage', () => {
  it('disables the actions with the reason, in the card and the drawer', async () => {
    const runServerGroupAction = jest.fn();
    await renderCdView(<Clusters application="shop" />, {
      cdApi: fakeCdApi({
        getApplicationClusters: async () => clusters,
        getServerGroup: async () => details,
        runServerGroupAction,
      }),
      deny: ['cd.serverGroup.manage'],
    });
    const menuButton = await screen.findByRole('button', {
      name: 'Actions for web-v001',
    });
    await waitFor(() => expect(menuButton).toBeDisabled());
    expect(menuButton.parentElement).toHaveAttribute(
      'title',
      'You lack the cd.serverGroup.manage permission on shop',
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Open ReplicaSet web-v001' }),
    );
    const drawer = await screen.findByRole('presentation');
    for (const name of ['Scale', 'Disable', 'Delete']) {
      expect(
        await within(drawer).findByRole('button', { name }),
      ).toBeDisabled();
    }
    expect(
      within(drawer).getAllByTitle(
        'You lack the cd.serverGroup.manage permission on shop',
      ),
    ).toHaveLength(3);
    expect(runServerGroupAction).not.toHaveBeenCalled();
  });
});
