import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PipelineVersion } from '@internal/plugin-cd-common';
import type { PipelineDocument } from '../../api';
import { buildPipeline, fakeCdApi } from '../../__testUtils__/builders';
import { renderCdView } from '../../__testUtils__/render';
import { PipelineEditor } from './PipelineEditor';
import { ImportDialog } from './ImportDialog';

/** A ResponseError as CdClient throws it for a JSON error body. */
async function responseError(status: number, body: object) {
  return ResponseError.fromResponse(
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    }) as never,
  );
}

const stored = buildPipeline({
  id: 'p1',
  version: 2,
  config: {
    application: 'shop',
    name: 'Deploy to prod',
    stages: [{ refId: '1', type: 'wait', waitTime: 5 }],
  },
});
const versions: PipelineVersion[] = [
  {
    pipelineId: 'p1',
    version: 1,
    config: {
      application: 'shop',
      name: 'Deploy to prod',
      stages: [{ refId: '1', type: 'wait', waitTime: 1 }],
    },
    changedBy: 'bob',
    changedAt: '2024-01-01T00:00:00Z',
  },
  {
    pipelineId: 'p1',
    version: 2,
    config: stored.config,
    changedBy: 'alice',
    changedAt: '2024-01-02T00:00:00Z',
    comment: 'slower',
  },
];

const editorText = () =>
  (screen.getByLabelText('Pipeline document') as HTMLTextAreaElement).value;
const setEditorText = (text: string) =>
  fireEvent.change(screen.getByLabelText('Pipeline document'), {
    target: { value: text },
  });

describe('PipelineEditor', () => {
  it('shows validation issues with the line of their path', async () => {
    const validatePipeline = jest.fn(async () => ({
      valid: false,
      issues: [{ path: 'stages[0].waitTime', message: 'must be a number' }],
    }));
    await renderCdView(<PipelineEditor application="shop" pipelineId="p1" />, {
      cdApi: fakeCdApi({
        getPipeline: async () => stored,
        listPipelineVersions: async () => versions,
        validatePipeline,
      }),
    });
    await waitFor(() => expect(editorText()).toContain('waitTime: 5'));
    const line =
      editorText()
        .split('\n')
        .findIndex(l => l.includes('waitTime')) + 1;
    await userEvent.click(screen.getByRole('button', { name: 'Validate' }));
    expect(validatePipeline).toHaveBeenCalledWith({
      format: 'yaml',
      text: editorText(),
    });
    expect(await screen.findByText('must be a number')).toBeInTheDocument();
    expect(
      screen.getByText(`stages[0].waitTime · line ${line}`),
    ).toBeInTheDocument();
  });

  it('converts to JSON and saves with the version it edited; a conflict says so', async () => {
    const saves: Array<[string, PipelineDocument, unknown]> = [];
    const updatePipeline = jest.fn(
      async (id: string, doc: PipelineDocument, options: unknown) => {
        saves.push([id, doc, options]);
        throw await responseError(409, {
          error: {
            name: 'ConflictError',
            message: 'pipeline p1 was changed concurrently; reload and retry',
          },
          response: { statusCode: 409 },
        });
      },
    );
    await renderCdView(<PipelineEditor application="shop" pipelineId="p1" />, {
      cdApi: fakeCdApi({
        getPipeline: async () => stored,
        listPipelineVersions: async () => versions,
        updatePipeline,
      }),
    });
    await waitFor(() => expect(editorText()).toContain('waitTime: 5'));
    await userEvent.click(screen.getByRole('button', { name: 'JSON' }));
    expect(JSON.parse(editorText())).toEqual(stored.config);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(saves).toEqual([
      ['p1', { format: 'json', text: editorText() }, { expectedVersion: 2 }],
    ]);
    expect(
      await screen.findByText(
        /Someone saved this pipeline after you opened it/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/changed concurrently/)).toBeInTheDocument();
  });

  it("creates a new pipeline, showing the backend's issues on a 400", async () => {
    const onSaved = jest.fn();
    let attempt = 0;
    const createPipeline = jest.fn(async () => {
      attempt++;
      if (attempt === 1) {
        throw await responseError(400, {
          error: { name: 'InputError', message: 'invalid pipeline' },
          response: { statusCode: 400 },
          issues: [{ path: 'name', message: 'is required' }],
        });
      }
      return buildPipeline({ id: 'new-1', name: 'Canary', version: 1 });
    });
    await renderCdView(
      <PipelineEditor application="shop" onSaved={onSaved} />,
      {
        cdApi: fakeCdApi({ createPipeline }),
      },
    );
    await waitFor(() => expect(editorText()).toContain('application: shop'));
    setEditorText('application: shop\nstages: []\n');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('is required')).toBeInTheDocument();
    expect(screen.getByText('name · line 1')).toBeInTheDocument();
    setEditorText('application: shop\nname: Canary\nstages: []\n');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(createPipeline).toHaveBeenLastCalledWith('shop', {
      format: 'yaml',
      text: 'application: shop\nname: Canary\nstages: []\n',
    });
    await waitFor(() =>
      expect(onSaved).toHaveBeenCalledWith(
        expect.objectContaining({ id: 'new-1' }),
        true,
      ),
    );
  });

  it('diffs two versions and restores an older one', async () => {
    const restored = buildPipeline({
      ...stored,
      version: 3,
      config: versions[0].config,
    });
    const restorePipelineVersion = jest.fn(async () => restored);
    await renderCdView(<PipelineEditor application="shop" pipelineId="p1" />, {
      cdApi: fakeCdApi({
        getPipeline: async () => stored,
        listPipelineVersions: async () => versions,
        restorePipelineVersion,
      }),
    });
    const diff = await screen.findByLabelText('Version diff');
    expect(
      within(diff).getByText('- waitTime: 1', { exact: false }),
    ).toHaveAttribute('data-kind', 'removed');
    expect(
      within(diff).getByText('+ waitTime: 5', { exact: false }),
    ).toHaveAttribute('data-kind', 'added');
    expect(
      screen.queryByRole('button', { name: 'Restore version 2' }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Restore version 1' }),
    );
    expect(restorePipelineVersion).toHaveBeenCalledWith('p1', 1);
    await waitFor(() => expect(editorText()).toContain('waitTime: 1'));
  });

  it('deletes after confirmation; a refusal stays in the dialog', async () => {
    let refuse = true;
    const deletePipeline = jest.fn(async () => {
      if (refuse)
        throw await responseError(409, {
          error: { name: 'ConflictError', message: 'an execution is running' },
          response: { statusCode: 409 },
        });
    });
    const onDeleted = jest.fn();
    await renderCdView(
      <PipelineEditor
        application="shop"
        pipelineId="p1"
        onDeleted={onDeleted}
      />,
      {
        cdApi: fakeCdApi({
          getPipeline: async () => stored,
          listPipelineVersions: async () => versions,
          deletePipeline,
        }),
      },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Delete Deploy to prod?',
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Back' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(deletePipeline).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Delete',
      }),
    );
    expect(
      await screen.findByText('an execution is running (409)'),
    ).toBeInTheDocument();
    expect(onDeleted).not.toHaveBeenCalled();

    refuse = false;
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Delete',
      }),
    );
    await waitFor(() => expect(onDeleted).toHaveBeenCalledWith(stored));
    expect(deletePipeline).toHaveBeenCalledWith('p1');
  });

  it('exports the stored document', async () => {
    const exportPipeline = jest.fn(
      async () => '{\n  "name": "Deploy to prod"\n}\n',
    );
    await renderCdView(<PipelineEditor application="shop" pipelineId="p1" />, {
      cdApi: fakeCdApi({
        getPipeline: async () => stored,
        listPipelineVersions: async () => versions,
        exportPipeline,
      }),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Export JSON' }),
    );
    expect(exportPipeline).toHaveBeenCalledWith('p1', 'json');
    const download = await screen.findByRole('link', {
      name: /Download Deploy_to_prod.json/,
    });
    expect(download.getAttribute('href')).toContain(
      encodeURIComponent('"name": "Deploy to prod"'),
    );
  });
});

describe('ImportDialog', () => {
  it('imports pasted Spinnaker JSON and reports issues of a refused import', async () => {
    let attempt = 0;
    const importSpinnakerPipelines = jest.fn(async () => {
      attempt++;
      if (attempt === 1) {
        throw await responseError(400, {
          error: { name: 'InputError', message: 'cannot import' },
          response: { statusCode: 400 },
          issues: [
            { path: 'stages[0].type', message: 'unknown stage type bake' },
          ],
        });
      }
      return {
        items: [
          { created: true, pipeline: buildPipeline({ name: 'From Deck' }) },
        ],
        warnings: [
          {
            path: 'triggers[0]',
            message: 'jenkins triggers are not supported; dropped',
          },
        ],
      };
    });
    const onImported = jest.fn();
    await renderCdView(
      <ImportDialog
        application="shop"
        onClose={() => {}}
        onImported={onImported}
      />,
      {
        cdApi: fakeCdApi({ importSpinnakerPipelines }),
      },
    );
    fireEvent.change(screen.getByLabelText('Spinnaker pipeline JSON'), {
      target: { value: '{"name":"From Deck"}' },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(
      await screen.findByText('unknown stage type bake'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('Created From Deck')).toBeInTheDocument();
    expect(
      screen.getByText('jenkins triggers are not supported; dropped'),
    ).toBeInTheDocument();
    expect(importSpinnakerPipelines).toHaveBeenLastCalledWith(
      'shop',
      '{"name":"From Deck"}',
    );
    expect(onImported).toHaveBeenCalledTimes(1);
  });
});
