import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  CATALOG_FILTER_EXISTS,
  CatalogApi,
  catalogApiRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  AccountClusters,
  ApplicationClusters,
} from '@internal/plugin-cd-common';
import { cdApiRef, ExecutionQuery } from '../../api';
import {
  buildExecution,
  fakeCdApi,
  shopEntity,
  summaryOf,
} from '../../__testUtils__/builders';
import { buildAccount, buildServerGroup } from '../Clusters/testInventory';
import { DeploymentsPage } from './DeploymentsPage';

const now = Date.now();
const entity = (
  name: string,
  annotations: Record<string, string>,
  spec: Record<string, string> = {},
): Entity => ({
  ...shopEntity,
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', ...spec },
});

/** Answers getEntities by evaluating "annotation exists" filters (OR of objects), as the catalog does. */
function fakeCatalog(entities: Entity[]) {
  return {
    getEntities: async (request?: Parameters<CatalogApi['getEntities']>[0]) => {
      const filters = [request?.filter ?? []].flat();
      const matches = (e: Entity, f: Record<string, unknown>) =>
        Object.entries(f).every(([key, value]) => {
          const annotation = key.replace('metadata.annotations.', '');
          return (
            value === CATALOG_FILTER_EXISTS &&
            annotation in (e.metadata.annotations ?? {})
          );
        });
      return { items: entities.filter(e => filters.some(f => matches(e, f))) };
    },
  };
}

async function forbidden() {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message: 'denied' },
        response: { statusCode: 403 },
      }),
      { status: 403, headers: { 'content-type': 'application/json' } },
    ) as never,
  );
}

const catalog = fakeCatalog([
  entity(
    'shop',
    { 'cd.backstage.io/application': 'shop' },
    { owner: 'team-a', system: 'storefront' },
  ),
  entity(
    'cart-service',
    { 'backstage.io/kubernetes-id': 'cart' },
    { owner: 'team-b', system: 'storefront' },
  ),
  entity(
    'billing',
    { 'cd.backstage.io/application': 'billing' },
    { owner: 'team-b', system: 'payments' },
  ),
  entity(
    'secret',
    { 'cd.backstage.io/application': 'secret' },
    { owner: 'team-c' },
  ),
  entity('docs', {}),
]);

const executionsOf: Record<string, ReturnType<typeof buildExecution>[]> = {
  shop: [
    buildExecution({
      id: 's1',
      application: 'shop',
      name: 'Deploy shop',
      status: 'RUNNING',
      startTime: now - 60_000,
    }),
    buildExecution({
      id: 's2',
      application: 'shop',
      name: 'Deploy shop',
      status: 'TERMINAL',
      startTime: now - 120_000,
      endTime: now - 100_000,
    }),
  ],
  cart: [
    buildExecution({
      id: 'c1',
      application: 'cart',
      name: 'Deploy cart',
      status: 'SUCCEEDED',
      startTime: now - 30_000,
      endTime: now - 20_000,
      trigger: { type: 'cron', user: 'scheduler', parameters: {} },
    }),
  ],
  billing: [
    buildExecution({
      id: 'b1',
      application: 'billing',
      name: 'Deploy billing',
      status: 'TERMINAL',
      startTime: now - 50_000,
      endTime: now - 40_000,
    }),
  ],
};

const clustersOf: Record<string, AccountClusters[]> = {
  shop: [
    buildAccount({
      name: 'prod',
      clusters: [
        {
          account: 'prod',
          name: 'deployment shop',
          application: 'shop',
          serverGroupManagers: [],
          serverGroups: [
            buildServerGroup({
              name: 'shop-v002',
              version: 'v002',
              healths: ['up', 'up', 'down'],
            }),
            buildServerGroup({
              name: 'shop-v001',
              version: 'v001',
              healths: ['up'],
              traffic: { enabled: false, loadBalancers: [], declared: [] },
            }),
          ],
        },
      ],
    }),
    buildAccount({
      name: 'staging',
      clusters: [
        {
          account: 'staging',
          name: 'deployment shop',
          application: 'shop',
          serverGroupManagers: [],
          serverGroups: [
            buildServerGroup({
              name: 'shop-v003',
              version: 'v003',
              account: 'staging',
              healths: ['up', 'starting'],
            }),
          ],
        },
      ],
    }),
  ],
  cart: [
    buildAccount({
      name: 'prod',
      clusters: [
        {
          account: 'prod',
          name: 'deployment cart',
          application: 'cart',
          serverGroupManagers: [],
          serverGroups: [
            buildServerGroup({
              name: 'cart-v001',
              version: 'v001',
              healths: ['up', 'up'],
            }),
          ],
        },
      ],
    }),
  ],
  billing: [
    buildAccount({
      name: 'prod',
      clusters: [
        {
          account: 'prod',
          name: 'deployment billing',
          application: 'billing',
          serverGroupManagers: [],
          serverGroups: [
            buildServerGroup({
              name: 'billing-v004',
              version: 'v004',
              healths: ['up'],
            }),
          ],
        },
      ],
    }),
  ],
};

const cdApi = fakeCdApi({
  // Portal-wide (no application), the backend leaves out what the caller may not read.
  listExecutions: async ({ application }: ExecutionQuery) => {
    if (application === 'secret') throw await forbidden();
    if (!application) {
      return {
        items: Object.entries(executionsOf)
          .filter(([app]) => app !== 'secret')
          .flatMap(([, list]) => list.map(summaryOf)),
      };
    }
    return { items: (executionsOf[application] ?? []).map(summaryOf) };
  },
  getApplicationClusters: async (
    application: string,
  ): Promise<ApplicationClusters> => {
    if (application === 'secret') throw await forbidden();
    return { application, accounts: clustersOf[application] ?? [] };
  },
  getDoraMetrics: async () => ({
    scope: 'portal',
    windowDays: 30,
    from: '',
    to: '',
    deployments: 42,
    deploymentsPerDay: 1.4,
    changeFailureRate: 0.1,
    trend: [],
  }),
  listAudit: async () => ({
    items: [
      {
        id: 'a1',
        at: new Date(now).toISOString(),
        actor: 'user:default/alice',
        action: 'execution.start',
        application: 'billing',
        target: 'b1',
        details: {},
      },
    ],
  }),
});

const renderPage = () =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalog],
        [cdApiRef, cdApi],
      ]}
    >
      <DeploymentsPage />
    </TestApiProvider>,
  );

const clusterTable = () =>
  screen
    .getByText(/^Clusters \(/)
    .closest('[class*="MuiPaper"]') as HTMLElement;
const clusterApps = () =>
  within(clusterTable())
    .queryAllByRole('link')
    .map(l => l.textContent);
const choose = async (filter: string, option: string) => {
  await userEvent.click(screen.getByLabelText(`${filter} filter`));
  await userEvent.click(await screen.findByRole('option', { name: option }));
};

// The whole page (two tables, DORA, audit) renders slowly in jsdom on a busy machine.
jest.setTimeout(90_000);

describe('DeploymentsPage', () => {
  it("shows what is deploying and what failed today, every application's executions, DORA and audit", async () => {
    await renderPage();

    expect(
      await screen.findByLabelText('Deploying right now'),
    ).toHaveTextContent('1');
    expect(screen.getByLabelText('Failed today')).toHaveTextContent('2');
    const failed = within(screen.getByLabelText('Failed today list'));
    expect(
      failed.getByRole('link', { name: 'Deploy billing' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/billing/cd/executions/b1',
    );
    expect(
      within(screen.getByLabelText('Deploying right now list')).getByRole(
        'link',
        { name: 'shop' },
      ),
    ).toHaveAttribute('href', '/catalog/default/component/shop/cd');
    expect(
      screen.getByText(
        /Could not read clusters of secret/,
      ),
    ).toBeInTheDocument();

    const executions = screen
      .getByText('Executions (4)')
      .closest('[class*="MuiPaper"]') as HTMLElement;
    expect(
      within(executions).getByRole('link', { name: 'Deploy cart' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/cart-service/cd/executions/c1',
    );
    await choose('Status', 'TERMINAL');
    expect(screen.getByText('Executions (2)')).toBeInTheDocument();
    // The status filter narrows the table, not the at-a-glance panels.
    expect(screen.getByLabelText('Deploying right now')).toHaveTextContent('1');

    expect(
      await screen.findByLabelText('Deployment frequency'),
    ).toHaveTextContent('1.4 per day');
    expect(screen.getByText('Audit log, all applications')).toBeInTheDocument();
    expect(await screen.findByText('user:default/alice')).toBeInTheDocument();
  });

  it("lists every application's clusters with their server groups, and filters by owner", async () => {
    await renderPage();
    await screen.findByText('Clusters (4)');
    expect(clusterApps()).toEqual(['billing', 'cart', 'shop', 'shop']);
    const shopProd = within(clusterTable())
      .getAllByRole('row')
      .find(
        r =>
          r.textContent?.includes('prod') &&
          r.textContent?.includes('deployment shop'),
      )!;
    expect(within(shopProd).getByText('v002 2/3')).toBeInTheDocument();
    expect(within(shopProd).getByText('v001 1/1')).toBeInTheDocument();
    expect(shopProd).toHaveTextContent('3 up');
    expect(shopProd).toHaveTextContent('1 down');
    expect(
      within(shopProd).getByRole('link', { name: 'shop' }),
    ).toHaveAttribute('href', '/catalog/default/component/shop/cd');

    await choose('Owner', 'team-b');
    await waitFor(() => expect(clusterApps()).toEqual(['billing', 'cart']));
    expect(screen.getByLabelText('Deploying right now')).toHaveTextContent('0');
    expect(screen.getByLabelText('Failed today')).toHaveTextContent('1');
  });
});
