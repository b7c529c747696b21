import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
// Not yet in devDependencies (the lead adds it): the real permission backend this module plugs into.
import permissionBackend from '@backstage/plugin-permission-backend';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  cdAccountDeployPermission,
  cdPipelineExecutePermission,
  cdPipelineReadPermission,
} from '@internal/plugin-cd-common';
import request from 'supertest';
import { permissionModuleCdPolicy } from './module';
import { membershipUserInfo } from './testing/membershipUserInfo';

jest.setTimeout(60_000);

describe('the cd policy module in the permission backend', () => {
  it('is the policy the permission backend applies, with the configured groups', async () => {
    const { server } = await startTestBackend({
      features: [
        permissionBackend,
        permissionModuleCdPolicy,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            cd: { permissions: { adminGroups: ['cd-admins'] }, environmentGroups: { prod: ['sre'] } },
          },
        }),
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () =>
            membershipUserInfo({
              'user:default/alice': ['group:default/team-shop'],
              'user:default/carol': ['group:default/cd-admins'],
              'user:default/guest': ['group:default/team-shop', 'group:default/sre'],
            }),
        }),
      ],
    });
    // As the cd plugin asks (`permissions.authorizeConditional`): on behalf of
    // the user, without a resource, so CONDITIONAL decisions come back whole.
    const decisions = async (user: string) => {
      const res = await request(server)
        .post('/api/permission/authorize')
        .set('Authorization', `Bearer ${mockCredentials.user.token(user, { actor: { subject: 'plugin:cd' } })}`)
        .send({
          items: [cdPipelineReadPermission, cdPipelineExecutePermission, cdAccountDeployPermission, catalogEntityDeletePermission].map(
            (permission, i) => ({ id: String(i), permission }),
          ),
        });
      if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
      return res.body.items.map(({ id: _id, ...decision }: { id: string }) => decision);
    };
    const ALLOW = { result: AuthorizeResult.ALLOW };

    const [read, execute, deploy, catalogDelete] = await decisions('user:default/alice');
    expect(read).toEqual(ALLOW);
    expect(execute).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      conditions: { rule: 'IS_ENTITY_OWNER', params: { claims: ['user:default/alice', 'group:default/team-shop'] } },
    });
    expect(deploy).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'cd',
      resourceType: 'cd-account',
      conditions: { not: { rule: 'IS_ACCOUNT_ENVIRONMENT', params: { environments: ['prod'] } } },
    });
    expect(catalogDelete).toEqual(ALLOW);

    expect((await decisions('user:default/guest'))[2]).toEqual(ALLOW);
    expect(await decisions('user:default/carol')).toEqual([ALLOW, ALLOW, ALLOW, ALLOW]);
  });
});
