import type { PermissionsService } from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// The cd backend's own canary configuration API (router, store, migrations), served over real HTTP:
// the test needs its internals because the plugin does not export them.
/* eslint-disable @backstage/no-forbidden-package-imports, @backstage/no-mixed-plugin-imports */
import { CdAuthorizer } from '@internal/plugin-cd-backend/src/api/CdAuthorizer';
import { createCanaryRouter } from '@internal/plugin-cd-backend/src/api/canaryRouter';
import { DatabaseCanaryConfigStore } from '@internal/plugin-cd-backend/src/canary/configs';
import { StaticApplicationResolver } from '@internal/plugin-cd-backend/src/service/ApplicationResolver';
import { applyMigrations } from '@internal/plugin-cd-backend/src/service/migrations';
/* eslint-enable @backstage/no-forbidden-package-imports, @backstage/no-mixed-plugin-imports */
import express from 'express';
import { promises as fs } from 'fs';
import type { AddressInfo } from 'net';
import type { Server } from 'http';
import { join, resolve as resolvePath } from 'path';
import { createCdCanaryConfigAction } from './createCanaryConfigAction';

jest.setTimeout(60_000);

class SwitchablePermissions implements PermissionsService {
  readonly denied = new Set<string>();
  async authorize(requests: Parameters<PermissionsService['authorize']>[0]) {
    return requests.map(r => ({ result: this.denied.has(r.permission.name) ? 'DENY' : 'ALLOW' })) as any;
  }
  async authorizeConditional(): Promise<never> {
    throw new Error('not used');
  }
}

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const JANE = mockCredentials.user('user:default/jane');
const CANARY_TEMPLATE = resolvePath(__dirname, '../../../../examples/template/content/.cd/canary-config.yaml');

describe('cd:canary-config:create against the cd canary configuration API', () => {
  let server: Server;
  let baseUrl: string;
  let store: DatabaseCanaryConfigStore;
  const permissions = new SwitchablePermissions();

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    await applyMigrations(knex);
    store = new DatabaseCanaryConfigStore({ knex });
    const authorizer = new CdAuthorizer({
      // Accepts the tokens mockServices.auth issues for the cd plugin on behalf of a user.
      httpAuth: mockServices.httpAuth({ pluginId: 'cd' }),
      permissions,
      applications: new StaticApplicationResolver({ shop: 'component:default/shop' }),
    });
    const app = express()
      .use('/api/cd', createCanaryRouter({ canaryConfigs: store, authorizer }))
      .use(MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() }).error());
    server = await new Promise<Server>(resolve => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/cd`;
  });

  afterAll(() => new Promise(resolve => server.close(resolve)));
  afterEach(() => permissions.denied.clear());

  const action = () =>
    createCdCanaryConfigAction({
      discovery: { getBaseUrl: async () => baseUrl, getExternalBaseUrl: async () => baseUrl },
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      appBaseUrl: 'http://portal.test',
    });

  async function context(input: Record<string, unknown>) {
    const ctx = createMockActionContext({ input: input as any });
    await fs.mkdir(join(ctx.workspacePath, '.cd'), { recursive: true });
    // As fetch:template renders it for a component named shop.
    const rendered = (await fs.readFile(CANARY_TEMPLATE, 'utf8')).replace(/\$\{\{ values\.name \}\}/g, 'shop');
    await fs.writeFile(join(ctx.workspacePath, '.cd/canary-config.yaml'), rendered);
    return Object.assign(ctx, { getInitiatorCredentials: async () => JANE });
  }

  it("creates the example template's canary configuration as the user, with a link", async () => {
    const ctx = await context({ application: 'shop', configPath: '.cd/canary-config.yaml', entityRef: 'component:default/shop' });
    await action().handler(ctx);
    const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    expect(outputs).toEqual({
      canaryConfigId: expect.any(String),
      canaryConfigName: 'shop-canary',
      version: 1,
      canaryConfigUrl: 'http://portal.test/catalog/default/component/shop/cd',
    });
    const stored = await store.get(outputs.canaryConfigId);
    expect(stored).toMatchObject({ application: 'shop', name: 'shop-canary', updatedBy: 'user:default/jane' });
    expect(stored!.config.metrics.map(m => m.name)).toEqual(['error rate', 'mean latency', 'request rate']);
  });

  it('accepts an inline configuration, renamed; without an entity the link is the API resource', async () => {
    const inline = await fs.readFile(CANARY_TEMPLATE, 'utf8');
    const ctx = await context({ application: 'shop', config: inline.replace(/\$\{\{ values\.name \}\}/g, 'shop'), name: 'shop-strict' });
    await action().handler(ctx);
    const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    expect(outputs).toMatchObject({ canaryConfigName: 'shop-strict', canaryConfigUrl: `${baseUrl}/canaryConfigs/${outputs.canaryConfigId}` });
  });

  it("applies the user's permissions and reports the API's field issues; stores nothing", async () => {
    const before = (await store.list('shop')).length;
    permissions.denied.add('cd.canaryConfig.manage');
    await expect(action().handler(await context({ application: 'shop', configPath: '.cd/canary-config.yaml', name: 'denied' })))
      .rejects.toThrow(/403/);
    permissions.denied.clear();
    await expect(action().handler(await context({ application: 'shop', config: { name: 'broken', metrics: 'none' } })))
      .rejects.toThrow(/400.*metrics/);
    await expect(action().handler(await context({ application: 'shop', config: '[1, 2]' })))
      .rejects.toThrow('config must be a Kayenta canary configuration object');
    expect((await store.list('shop')).length).toBe(before);
  });
});
