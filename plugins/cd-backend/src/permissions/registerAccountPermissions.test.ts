import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockCredentials, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { cdAccountConditions, cdAccountDeployPermission } from '@internal/plugin-cd-common';
import request from 'supertest';
import { accountDirectory } from './accountResource';
import { registerCdAccountPermissions } from './registerAccountPermissions';

describe('registerCdAccountPermissions', () => {
  it('lets the permission backend resolve cd-account conditions through the cd plugin', async () => {
    let ruleNames: string[] = [];
    const plugin = createBackendPlugin({
      pluginId: 'cd',
      register(reg) {
        reg.registerInit({
          deps: { registry: coreServices.permissionsRegistry },
          async init({ registry }) {
            const ruleset = registerCdAccountPermissions(
              registry,
              accountDirectory([
                { name: 'local', environment: 'dev' },
                { name: 'prod-eu', environment: 'prod' },
              ]),
            );
            ruleNames = [ruleset.getRuleByName('IS_ACCOUNT_ENVIRONMENT').name];
          },
        });
      },
    });
    const { server } = await startTestBackend({ features: [plugin] });
    expect(ruleNames).toEqual(['IS_ACCOUNT_ENVIRONMENT']);

    const metadata = await request(server).get('/api/cd/.well-known/backstage/permissions/metadata');
    expect(metadata.body.permissions.map((p: { name: string }) => p.name)).toContain(cdAccountDeployPermission.name);
    expect(metadata.body.rules).toEqual([
      expect.objectContaining({ name: 'IS_ACCOUNT_ENVIRONMENT', resourceType: 'cd-account' }),
    ]);

    const notProd = { not: cdAccountConditions.isAccountEnvironment({ environments: ['prod'] }) };
    const applied = await request(server)
      .post('/api/cd/.well-known/backstage/permissions/apply-conditions')
      .set('Authorization', mockCredentials.service.header({ onBehalfOf: mockCredentials.service(), targetPluginId: 'cd' }))
      .send({
        items: ['local', 'prod-eu', 'unknown'].map(resourceRef => ({
          id: resourceRef,
          resourceRef,
          resourceType: 'cd-account',
          conditions: notProd,
        })),
      });
    expect(applied.status).toBe(200);
    expect(applied.body.items).toEqual([
      { id: 'local', result: AuthorizeResult.ALLOW },
      { id: 'prod-eu', result: AuthorizeResult.DENY },
      { id: 'unknown', result: AuthorizeResult.DENY },
    ]);
  });
});
