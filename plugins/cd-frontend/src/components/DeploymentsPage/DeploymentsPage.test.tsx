import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  CATALOG_FILTER_EXISTS,
  CatalogApi,
  catalogApiRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { cdApiRef, ExecutionQuery } from '../../api';
import {
  buildExecution,
  fakeCdApi,
  shopEntity,
  summaryOf,
} from '../../__testUtils__/builders';
import { DeploymentsPage } from './DeploymentsPage';

const now = Date.now();
const entity = (name: string, annotations: Record<string, string>) => ({
  ...shopEntity,
  metadata: { name, namespace: 'default', annotations },
});

/** Answers getEntities by evaluating "annotation exists" filters (OR of objects), as the catalog does. */
function fakeCatalog(entities: Entity[]) {
  const requests: unknown[] = [];
  return {
    requests,
    api: {
      getEntities: async (
        request?: Parameters<CatalogApi['getEntities']>[0],
      ) => {
        requests.push(request);
        const filters = [request?.filter ?? []].flat();
        const matches = (e: Entity, f: Record<string, unknown>) =>
          Object.entries(f).every(([key, value]) => {
            const annotation = key.replace('metadata.annotations.', '');
            return (
              value === CATALOG_FILTER_EXISTS &&
              annotation in (e.metadata.annotations ?? {})
            );
          });
        return {
          items: entities.filter(e => filters.some(f => matches(e, f))),
        };
      },
    },
  };
}

describe('DeploymentsPage', () => {
  it("shows every application's executions with running and failed-today counts and filters", async () => {
    const catalog = fakeCatalog([
      entity('shop', { 'cd.backstage.io/application': 'shop' }),
      entity('cart-service', { 'backstage.io/kubernetes-id': 'cart' }),
      entity('secret', { 'cd.backstage.io/application': 'secret' }),
      entity('docs', {}),
    ]);
    const listExecutions = async ({ application }: ExecutionQuery) => {
      if (application === 'secret') {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'NotAllowedError', message: 'denied' },
              response: { statusCode: 403 },
            }),
            {
              status: 403,
              headers: { 'content-type': 'application/json' },
            },
          ) as never,
        );
      }
      const items =
        application === 'shop'
          ? [
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
            ]
          : [
              buildExecution({
                id: 'c1',
                application: 'cart',
                name: 'Deploy cart',
                status: 'SUCCEEDED',
                startTime: now - 30_000,
                endTime: now - 20_000,
                trigger: { type: 'cron', user: 'scheduler', parameters: {} },
              }),
            ];
      return { items: items.map(summaryOf) };
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [catalogApiRef, catalog.api],
          [cdApiRef, fakeCdApi({ listExecutions })],
        ]}
      >
        <DeploymentsPage />
      </TestApiProvider>,
    );

    expect(await screen.findByLabelText('Running now')).toHaveTextContent('1');
    expect(screen.getByLabelText('Failed today')).toHaveTextContent('1');
    expect(
      screen.getByText(
        /Could not read executions of secret \(denied \(403\)\)/,
      ),
    ).toBeInTheDocument();
    const cartLink = screen.getByRole('link', { name: 'cart' });
    expect(cartLink).toHaveAttribute(
      'href',
      '/catalog/default/component/cart-service/cd',
    );
    expect(screen.getByRole('link', { name: 'Deploy cart' })).toHaveAttribute(
      'href',
      '/catalog/default/component/cart-service/cd/executions/c1',
    );
    expect(screen.getAllByRole('link', { name: 'Deploy shop' })).toHaveLength(
      2,
    );

    await userEvent.click(screen.getByLabelText('Status filter'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'TERMINAL' }),
    );
    expect(screen.getAllByRole('link', { name: 'Deploy shop' })).toHaveLength(
      1,
    );
    expect(
      screen.queryByRole('link', { name: 'Deploy cart' }),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Status filter'));
    await userEvent.click(await screen.findByRole('option', { name: 'Any' }));
    await userEvent.type(
      screen.getByLabelText('Search executions'),
      'scheduler',
    );
    const table = screen
      .getByRole('link', { name: 'Deploy cart' })
      .closest('table')!;
    expect(
      within(table).queryByRole('link', { name: 'Deploy shop' }),
    ).not.toBeInTheDocument();
  });
});
