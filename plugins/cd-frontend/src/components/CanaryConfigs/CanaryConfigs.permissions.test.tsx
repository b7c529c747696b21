import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeCdApi } from '../../__testUtils__/builders';
import { permissionApiDenying } from '../../__testUtils__/permissions';
import { renderCdView } from '../../__testUtils__/render';
import { canaryConfigStore } from './__fixtures__/fakeCanaryConfigStore';
import { storedConfigs } from './__fixtures__/storedConfigs';
import { CanaryConfigs } from './CanaryConfigs';

// A file with one test: usePermission caches decisions (SWR) for the whole module registry.
describe('CanaryConfigs without cd.canaryConfig.manage', () => {
  it('still lists and shows configs, with every change disabled and the reason given', async () => {
    const store = canaryConfigStore(storedConfigs());
    await renderCdView(<CanaryConfigs application="shop" />, {
      cdApi: fakeCdApi(store.api),
      permissionApi: permissionApiDenying('cd.canaryConfig.manage'),
    });
    const reason = 'You lack the cd.canaryConfig.manage permission on shop';

    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'New canary config' }),
      ).toBeDisabled(),
    );
    expect(
      screen.getByRole('button', { name: 'Import from Kayenta' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Delete shop-canary' }),
    ).toBeDisabled();
    expect(screen.getAllByTitle(reason).length).toBeGreaterThanOrEqual(4);

    await userEvent.click(screen.getByRole('button', { name: 'shop-canary' }));
    expect(await screen.findByText('Edit shop-canary')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Delete' })).toBeDisabled();
    const versions = await screen.findByRole('table', {
      name: 'Canary config versions',
    });
    expect(
      within(versions).getByRole('button', { name: 'Restore version 1' }),
    ).toBeDisabled();
    // Comparing changes nothing: it stays available.
    expect(
      within(versions).getByRole('button', { name: 'Compare version 1' }),
    ).toBeEnabled();
  });
});
