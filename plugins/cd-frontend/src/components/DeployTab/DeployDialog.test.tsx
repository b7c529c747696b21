import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PipelineDiff } from '@internal/plugin-cd-common';
import {
  buildExecution,
  buildPipeline,
  fakeCdApi,
} from '../../__testUtils__/builders';
import { renderCdView } from '../../__testUtils__/render';
import { DeployDialog } from './DeployDialog';

const pipeline = buildPipeline({
  id: 'p1',
  config: {
    application: 'shop',
    name: 'Deploy to prod',
    stages: [
      { refId: '1', type: 'deployManifest', name: 'Deploy web' },
      { refId: '2', type: 'deployManifest', name: 'Deploy canary' },
    ],
    parameterConfig: [{ name: 'tag', required: true, default: '1.0.0' }],
  },
});

const diff: PipelineDiff = {
  pipelineId: 'p1',
  manifests: [
    {
      stageRefId: '1',
      stageName: 'Deploy web',
      account: 'prod',
      namespace: 'default',
      kind: 'Deployment',
      name: 'web',
      action: 'update',
      diff: [
        '--- live',
        '+++ dry-run',
        '@@ -3,3 +3,3 @@',
        ' spec:',
        '-  image: shop:0.9.0',
        '+  image: shop:1.0.0',
      ].join('\n'),
    },
    {
      stageRefId: '1',
      stageName: 'Deploy web',
      account: 'prod',
      namespace: 'default',
      kind: 'ConfigMap',
      name: 'web-config-v004',
      action: 'create',
      diff: '+data:\n+  mode: fast\n',
    },
    {
      stageRefId: '1',
      stageName: 'Deploy web',
      account: 'prod',
      namespace: 'default',
      kind: 'Service',
      name: 'web',
      action: 'unchanged',
      diff: '',
    },
    {
      stageRefId: '1',
      stageName: 'Deploy web',
      account: 'prod',
      namespace: 'default',
      kind: 'Ingress',
      name: 'web',
      action: 'error',
      diff: '',
      error: 'spec.rules[0].host: Invalid value',
    },
  ],
  skipped: [
    { stageRefId: '2', reason: 'its manifest uses the outputs of stage 1' },
  ],
};

const onStarted = jest.fn();
const render = (methods: Parameters<typeof fakeCdApi>[0]) =>
  renderCdView(
    <DeployDialog
      pipeline={pipeline}
      onClose={() => {}}
      onStarted={onStarted}
    />,
    { cdApi: fakeCdApi(methods) },
  );

describe('DeployDialog', () => {
  beforeEach(() => onStarted.mockReset());

  it('reviews each manifest change before starting', async () => {
    const diffPipeline = jest.fn(async () => diff);
    const started = buildExecution({ id: 'e-7' });
    const startExecution = jest.fn(async () => started);
    await render({ diffPipeline, startExecution });

    const tag = screen.getByLabelText(/tag/);
    await userEvent.clear(tag);
    await userEvent.type(tag, '1.0.1');
    await userEvent.click(
      screen.getByRole('button', { name: 'Review changes' }),
    );
    expect(diffPipeline).toHaveBeenCalledWith('p1', { tag: '1.0.1' });
    expect(
      await screen.findByText(
        '4 manifests: 1 create · 1 update · 1 unchanged · 1 error',
      ),
    ).toBeInTheDocument();
    expect(startExecution).not.toHaveBeenCalled();

    const update = screen.getByRole('region', { name: 'Deployment web' });
    expect(within(update).getByText('update')).toBeInTheDocument();
    expect(
      within(update).getByText('prod / default · stage Deploy web'),
    ).toBeInTheDocument();
    const lines = within(update)
      .getByLabelText('Diff')
      .querySelectorAll('[data-line]');
    expect(
      [...lines].map(l => [l.getAttribute('data-line'), l.textContent]),
    ).toEqual([
      ['meta', '--- live'],
      ['meta', '+++ dry-run'],
      ['hunk', '@@ -3,3 +3,3 @@'],
      ['context', ' spec:'],
      ['remove', '-  image: shop:0.9.0'],
      ['add', '+  image: shop:1.0.0'],
    ]);
    expect(lines[4]).toHaveStyle({ color: '#b71c1c' });
    expect(lines[5]).toHaveStyle({ color: '#1b5e20' });

    const created = screen.getByRole('region', {
      name: 'ConfigMap web-config-v004',
    });
    expect(within(created).getByText('create')).toBeInTheDocument();
    expect(
      within(screen.getByRole('region', { name: 'Service web' })).getByText(
        /No changes/,
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('region', { name: 'Ingress web' })).getByText(
        'spec.rules[0].host: Invalid value',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'Skipped stages' })).getByText(
        /Deploy canary: its manifest uses the outputs of stage 1/,
      ),
    ).toBeInTheDocument();

    // Back keeps what was typed.
    await userEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByLabelText(/tag/)).toHaveValue('1.0.1');
    await userEvent.click(
      screen.getByRole('button', { name: 'Review changes' }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Start' }));
    expect(startExecution).toHaveBeenCalledWith('p1', { tag: '1.0.1' });
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith(started));
  });

  it('still lets the user start when the diff cannot be computed', async () => {
    const startExecution = jest.fn(async () => buildExecution());
    await render({
      diffPipeline: async () => {
        throw new Error('account prod is unreachable');
      },
      startExecution,
    });
    await userEvent.click(
      screen.getByRole('button', { name: 'Review changes' }),
    );
    expect(
      await screen.findByText(
        'Could not compute the changes: account prod is unreachable',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Start anyway' }));
    expect(startExecution).toHaveBeenCalledWith('p1', { tag: '1.0.0' });
  });
});
