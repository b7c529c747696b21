import { screen, waitFor } from '@testing-library/react';
import { buildPipeline, fakeCdApi } from '../../__testUtils__/builders';
import { renderCdView } from '../../__testUtils__/render';
import { PipelinesTable } from './PipelinesTable';

// A file of its own: usePermission caches decisions (SWR) for the whole module registry.
describe('PipelinesTable without execute and create permissions', () => {
  it('disables Deploy, New pipeline and Import with the reason', async () => {
    await renderCdView(
      <PipelinesTable
        application="shop"
        pipelines={[buildPipeline({ id: 'p1', name: 'Deploy to prod' })]}
        onChanged={() => {}}
      />,
      {
        cdApi: fakeCdApi({}),
        deny: ['cd.pipeline.execute', 'cd.pipeline.create'],
      },
    );
    const deploy = screen.getByRole('button', {
      name: 'Deploy with Deploy to prod',
    });
    await waitFor(() => expect(deploy).toBeDisabled());
    expect(screen.getByRole('button', { name: 'New pipeline' })).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Import from Spinnaker' }),
    ).toBeDisabled();
    expect(
      screen.getByTitle('You lack the cd.pipeline.execute permission on shop'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByTitle(
        'You lack the cd.pipeline.create permission on shop',
      ),
    ).toHaveLength(2);
  });
});
