import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import {
  buildExecution,
  buildPipeline,
  buildStage,
  fakeCdApi,
  summaryOf,
} from '../../__testUtils__/builders';
import { renderCdView } from '../../__testUtils__/render';
import { buildAccount, buildServerGroup } from '../Clusters/testInventory';
import { DeployTab } from './DeployTab';

const pipeline = buildPipeline({
  id: 'p1',
  name: 'Deploy to prod',
  config: {
    application: 'shop',
    name: 'Deploy to prod',
    stages: [{ refId: '1', type: 'wait' }],
    parameterConfig: [
      {
        name: 'tag',
        label: 'Image tag',
        required: true,
        description: 'The image to deploy',
      },
      {
        name: 'region',
        hasOptions: true,
        options: [{ value: 'eu' }, { value: 'us' }],
        default: 'eu',
      },
    ],
  },
});
const started = buildExecution({
  id: 'e-42',
  stages: [
    buildStage({
      refId: '1',
      name: 'Wait a bit',
      status: 'RUNNING',
      startTime: 1,
    }),
  ],
});

const mounted = (
  <Routes>
    <Route
      path="/catalog/default/component/shop/cd/*"
      element={<DeployTab />}
    />
  </Routes>
);

describe('DeployTab', () => {
  it('deploys with validated parameters and opens the new execution', async () => {
    const startExecution = jest.fn(async () => started);
    const getExecution = jest.fn(async () => started);
    const diffPipeline = jest.fn(async () => ({
      pipelineId: 'p1',
      manifests: [],
      skipped: [],
    }));
    await renderCdView(mounted, {
      routeEntries: ['/catalog/default/component/shop/cd'],
      cdApi: fakeCdApi({
        listPipelines: async () => [pipeline],
        listExecutions: async () => ({
          items: [
            summaryOf(buildExecution({ id: 'e-1', status: 'SUCCEEDED' })),
          ],
        }),
        startExecution,
        getExecution,
        diffPipeline,
      }),
    });
    expect(screen.getByText('Application shop')).toBeInTheDocument();
    expect(await screen.findByText('Pipelines')).toBeInTheDocument();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Deploy with Deploy to prod' }),
    );
    const dialog = screen.getByRole('dialog');
    const reviewButton = within(dialog).getByRole('button', {
      name: 'Review changes',
    });
    expect(reviewButton).toBeDisabled();
    const tag = within(dialog).getByLabelText(/Image tag/);
    await userEvent.click(tag);
    await userEvent.tab();
    expect(
      within(dialog).getByText('Image tag is required'),
    ).toBeInTheDocument();
    await userEvent.type(tag, 'v1.2.3');
    await userEvent.click(within(dialog).getByLabelText('region'));
    await userEvent.click(await screen.findByRole('option', { name: 'us' }));
    await userEvent.click(reviewButton);
    expect(diffPipeline).toHaveBeenCalledWith('p1', {
      tag: 'v1.2.3',
      region: 'us',
    });
    await userEvent.click(
      await within(dialog).findByRole('button', { name: 'Start' }),
    );
    expect(startExecution).toHaveBeenCalledWith('p1', {
      tag: 'v1.2.3',
      region: 'us',
    });

    expect(
      await screen.findByText('Execution of Deploy to prod'),
    ).toBeInTheDocument();
    expect(getExecution).toHaveBeenCalledWith('e-42');
    expect(
      screen.getByRole('link', { name: 'All executions' }),
    ).toHaveAttribute('href', '/catalog/default/component/shop/cd');
  });

  it('opens an execution and a pipeline editor from their sub-routes', async () => {
    await renderCdView(mounted, {
      routeEntries: ['/catalog/default/component/shop/cd/executions/e-42'],
      cdApi: fakeCdApi({ getExecution: async () => started }),
    });
    expect(
      await screen.findByRole('button', { name: /Wait a bit/ }),
    ).toBeInTheDocument();
    expect(screen.getByText('Application shop')).toBeInTheDocument();
  });

  it('links each pipeline to its editor', async () => {
    await renderCdView(mounted, {
      routeEntries: ['/catalog/default/component/shop/cd'],
      cdApi: fakeCdApi({
        listPipelines: async () => [pipeline],
        listExecutions: async () => ({ items: [] }),
        getPipeline: async () => pipeline,
        listPipelineVersions: async () => [],
      }),
    });
    const links = await screen.findAllByRole('link', {
      name: 'Deploy to prod',
    });
    expect(links[0]).toHaveAttribute(
      'href',
      '/catalog/default/component/shop/cd/pipelines/p1',
    );
    await userEvent.click(links[0]);
    await waitFor(() =>
      expect(screen.getByText('Edit Deploy to prod')).toBeInTheDocument(),
    );
  });

  it('heads the tab with what each account runs and the latest execution graph', async () => {
    const web = buildServerGroup({
      name: 'web-7d9f',
      version: 'v002',
      images: ['shop:2.0.0'],
      manager: { kind: 'Deployment', name: 'web', revision: 2, current: true },
    });
    const old = buildServerGroup({
      name: 'web-5c4b',
      version: 'v001',
      images: ['shop:1.0.0'],
      healths: [],
      manager: { kind: 'Deployment', name: 'web', revision: 2, current: false },
    });
    const running = buildExecution({
      id: 'e-9',
      status: 'RUNNING',
      stages: [
        buildStage({ refId: '1', name: 'Deploy', status: 'SUCCEEDED' }),
        buildStage({
          refId: '2',
          name: 'Approve',
          type: 'manualJudgment',
          status: 'RUNNING',
          requisiteStageRefIds: ['1'],
        }),
      ],
    });
    await renderCdView(mounted, {
      routeEntries: ['/catalog/default/component/shop/cd'],
      cdApi: fakeCdApi({
        listPipelines: async () => [pipeline],
        listExecutions: async () => ({ items: [summaryOf(running)] }),
        getExecution: async () => running,
        getApplicationClusters: async () => ({
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
                  serverGroups: [web, old],
                  serverGroupManagers: [],
                },
              ],
            }),
            buildAccount({ name: 'staging' }),
          ],
        }),
      }),
    });
    const prod = await screen.findByTestId('account-prod');
    expect(prod).toHaveTextContent('production');
    expect(prod).toHaveTextContent('deployment web v002 (shop:2.0.0)');
    expect(prod).not.toHaveTextContent('v001');
    expect(screen.getByTestId('account-staging')).toHaveTextContent(
      'nothing running',
    );
    expect(await screen.findByText('Running now')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', {
        name: 'Approve (manualJudgment) RUNNING',
      }),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Deploy' }));
    await userEvent.click(
      await screen.findByRole('menuitem', { name: 'Deploy to prod' }),
    );
    expect(
      screen.getByRole('dialog', { name: 'Deploy with Deploy to prod' }),
    ).toBeInTheDocument();
  });
});
