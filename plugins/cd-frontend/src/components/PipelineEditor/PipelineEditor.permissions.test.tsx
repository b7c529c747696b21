import { screen, waitFor } from '@testing-library/react';
import { buildPipeline, fakeCdApi } from '../../__testUtils__/builders';
import { renderCdView } from '../../__testUtils__/render';
import { PipelineEditor } from './PipelineEditor';

// A file of its own: usePermission caches decisions (SWR) for the whole module registry.
describe('PipelineEditor without update and delete permissions', () => {
  it('disables saving and deleting with the reason, but not validating', async () => {
    const pipeline = buildPipeline({ id: 'p1' });
    await renderCdView(<PipelineEditor application="shop" pipelineId="p1" />, {
      cdApi: fakeCdApi({
        getPipeline: async () => pipeline,
        listPipelineVersions: async () => [],
      }),
      deny: ['cd.pipeline.update', 'cd.pipeline.delete'],
    });
    const save = await screen.findByRole('button', { name: 'Save' });
    await waitFor(() => expect(save).toBeDisabled());
    expect(screen.getByRole('button', { name: 'Delete' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Validate' })).toBeEnabled();
    expect(
      screen.getByTitle('You lack the cd.pipeline.update permission on shop'),
    ).toBeInTheDocument();
    expect(
      screen.getByTitle('You lack the cd.pipeline.delete permission on shop'),
    ).toBeInTheDocument();
  });
});
