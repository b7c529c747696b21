import type { AccountClusters } from '@internal/plugin-cd-common';
import { buildExecution, summaryOf } from '../../__testUtils__/builders';
import { buildAccount, buildServerGroup } from '../Clusters/testInventory';
import {
  clusterRows,
  filterExecutions,
  filterOptions,
  NO_PORTAL_FILTERS,
} from './portalFilters';
import type { CdApplication } from './useCdApplications';

const app = (
  application: string,
  owner: string,
  system: string,
): CdApplication => ({
  application,
  entityRef: `component:default/${application}`,
  entityName: application,
  owner,
  system,
  deployTab: `/catalog/default/component/${application}/cd`,
});
const shop = app('shop', 'team-a', 'storefront');
const cart = app('cart', 'team-b', 'storefront');
const billing = app('billing', 'team-b', '');

const account = (
  name: string,
  application: string,
  groups: Parameters<typeof buildServerGroup>[0][],
): AccountClusters =>
  buildAccount({
    name,
    clusters: [
      {
        account: name,
        name: `deployment ${application}`,
        application,
        serverGroupManagers: [],
        serverGroups: groups.map(g =>
          buildServerGroup({ account: name, ...g }),
        ),
      },
    ],
  });

const clusters = [
  {
    app: shop,
    accounts: [
      account('prod', 'shop', [
        { name: 'shop-v002', healths: ['up', 'down'] },
        {
          name: 'shop-v001',
          healths: ['up'],
          traffic: { enabled: false, loadBalancers: [], declared: [] },
        },
      ]),
      account('staging', 'shop', [
        { name: 'shop-v003', healths: ['up'], images: ['shop:2.0.0'] },
      ]),
    ],
  },
  {
    app: cart,
    accounts: [
      account('prod', 'cart', [{ name: 'cart-v001', healths: ['up'] }]),
    ],
  },
  {
    app: billing,
    accounts: [
      account('prod', 'billing', [
        { name: 'billing-v001', healths: ['starting'] },
      ]),
    ],
  },
];

const rowsWith = (patch: Partial<typeof NO_PORTAL_FILTERS>) =>
  clusterRows(clusters, { ...NO_PORTAL_FILTERS, ...patch }).map(
    r =>
      `${r.app.application}/${r.account}:${r.cluster.serverGroups
        .map(sg => sg.name)
        .join(',')}`,
  );

describe('portal filters', () => {
  it('select clusters by owner, system, account, health and text', () => {
    expect(rowsWith({})).toEqual([
      'shop/prod:shop-v002,shop-v001',
      'shop/staging:shop-v003',
      'cart/prod:cart-v001',
      'billing/prod:billing-v001',
    ]);
    expect(rowsWith({ owner: 'team-b' })).toEqual([
      'cart/prod:cart-v001',
      'billing/prod:billing-v001',
    ]);
    expect(rowsWith({ owner: 'team-b', system: 'storefront' })).toEqual([
      'cart/prod:cart-v001',
    ]);
    expect(rowsWith({ account: 'staging' })).toEqual([
      'shop/staging:shop-v003',
    ]);
    expect(rowsWith({ health: 'unhealthy' })).toEqual([
      'shop/prod:shop-v002',
      'billing/prod:billing-v001',
    ]);
    expect(rowsWith({ health: 'disabled' })).toEqual(['shop/prod:shop-v001']);
    // Text matches an application by name (all of it), or server groups and images.
    expect(rowsWith({ text: 'BILL' })).toEqual(['billing/prod:billing-v001']);
    expect(rowsWith({ text: 'shop:2.0' })).toEqual(['shop/staging:shop-v003']);
  });

  it('select executions by owner, system and text', () => {
    const executions = [
      {
        ...summaryOf(buildExecution({ id: 's1', application: 'shop' })),
        app: shop,
        deployTab: shop.deployTab,
      },
      {
        ...summaryOf(
          buildExecution({
            id: 'c1',
            application: 'cart',
            trigger: { type: 'cron', user: 'scheduler', parameters: {} },
          }),
        ),
        app: cart,
        deployTab: cart.deployTab,
      },
    ];
    const ids = (patch: Partial<typeof NO_PORTAL_FILTERS>) =>
      filterExecutions(executions, { ...NO_PORTAL_FILTERS, ...patch }).map(
        e => e.id,
      );
    expect(ids({})).toEqual(['s1', 'c1']);
    expect(ids({ owner: 'team-a' })).toEqual(['s1']);
    expect(ids({ system: 'storefront', text: 'scheduler' })).toEqual(['c1']);
  });

  it('offer the owners, systems and accounts present', () => {
    expect(filterOptions([shop, cart, billing], clusters)).toEqual({
      owners: ['team-a', 'team-b'],
      systems: ['storefront'],
      accounts: ['prod', 'staging'],
    });
  });
});
