import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { permissionRules as catalogPermissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  createPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createPermissionRule,
  createPermissionResourceRef,
  type PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  CD_ACCOUNT_RULES,
  cdAccountDeployPermission,
  type CdAccountResource,
  cdEntityPermissions,
  cdPermissions,
  cdPipelineReadPermission,
  isAccountInEnvironments,
  type IsAccountEnvironmentParams,
} from '@internal/plugin-cd-common';
import { CdPermissionPolicy } from './CdPermissionPolicy';
import { membershipUserInfo } from './testing/membershipUserInfo';

const TEAM_SHOP = 'group:default/team-shop';
const SRE = 'group:default/sre';

const memberships: Record<string, string[]> = {
  'user:default/alice': [TEAM_SHOP],
  'user:default/bob': ['group:default/team-payments'],
  'user:default/carol': ['group:default/cd-admins'],
  'user:default/guest': [TEAM_SHOP, SRE],
  'user:default/rita': ['group:default/release'],
};

const policy = new CdPermissionPolicy({
  adminGroups: ['group:default/cd-admins'],
  environmentGroups: { prod: [SRE], staging: [SRE, 'group:default/release'] },
  userInfo: membershipUserInfo(memberships),
});

const userOf = (ref: string): PolicyQueryUser => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: [ref] },
});

/** A catalog entity as the catalog stores it: ownership is a relation. */
const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner, lifecycle: 'production' },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});
const demoApp = component('demo-app', TEAM_SHOP);
const checkout = component('checkout', 'group:default/team-payments');

// Conditions are applied the way the plugins that own the resources do it:
// the catalog's real rules, and a rule over cd-common's account predicate.
const applyOnEntity = createConditionAuthorizer(Object.values(catalogPermissionRules));
const accountRef = createPermissionResourceRef<CdAccountResource, unknown>().with({ pluginId: 'cd', resourceType: 'cd-account' });
const applyOnAccount = createConditionAuthorizer<CdAccountResource, unknown>([
  createPermissionRule<typeof accountRef, IsAccountEnvironmentParams>({
    name: CD_ACCOUNT_RULES.IS_ACCOUNT_ENVIRONMENT,
    description: 'test twin of the cd plugin rule',
    resourceRef: accountRef,
    apply: (account, params) => isAccountInEnvironments(account, params),
    toQuery: () => ({}),
  }),
]);

const prod: CdAccountResource = { name: 'prod-eu', environment: 'prod' };
const staging: CdAccountResource = { name: 'staging', environment: 'staging' };
const dev: CdAccountResource = { name: 'local', environment: 'dev' };
const unlabelled: CdAccountResource = { name: 'sandbox' };

const decide = (permission: (typeof cdPermissions)[number], user?: string) =>
  policy.handle({ permission }, user ? userOf(user) : undefined);

const changePermissions = cdEntityPermissions.filter(p => p.name !== cdPipelineReadPermission.name);

describe('CdPermissionPolicy', () => {
  it('covers every cd permission (a new one must be added to these tests)', () => {
    expect(cdPermissions.map(p => p.name).sort()).toEqual([
      'cd.account.deploy',
      'cd.canaryConfig.manage',
      'cd.execution.cancel',
      'cd.judgment.submit',
      'cd.pipeline.create',
      'cd.pipeline.delete',
      'cd.pipeline.execute',
      'cd.pipeline.read',
      'cd.pipeline.update',
      'cd.serverGroup.manage',
    ]);
  });

  it('lets everyone read, signed in or not, owner or not', async () => {
    for (const user of [undefined, 'user:default/alice', 'user:default/bob']) {
      expect(await decide(cdPipelineReadPermission, user)).toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it('leaves every other plugin\'s permissions allowed, as the allow-all policy did', async () => {
    for (const permission of [catalogEntityReadPermission, catalogEntityDeletePermission, createPermission({ name: 'scaffolder.action.execute', attributes: {} })]) {
      expect(await policy.handle({ permission }, userOf('user:default/bob'))).toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it.each(changePermissions.map(p => [p.name, p] as const))(
    '%s: owners (through their group) may, non-owners may not',
    async (_name, permission) => {
      const decision = await decide(permission, 'user:default/alice');
      expect(decision).toMatchObject({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: { rule: 'IS_ENTITY_OWNER', params: { claims: expect.arrayContaining(['user:default/alice', TEAM_SHOP]) } },
      });
      expect(applyOnEntity(decision, demoApp)).toBe(true);
      expect(applyOnEntity(decision, checkout)).toBe(false);

      const bob = await decide(permission, 'user:default/bob');
      expect(applyOnEntity(bob, demoApp)).toBe(false);
      expect(applyOnEntity(bob, checkout)).toBe(true);
    },
  );

  it.each(changePermissions.map(p => [p.name, p] as const))('%s: admins may on every entity', async (_name, permission) => {
    expect(await decide(permission, 'user:default/carol')).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it.each(changePermissions.map(p => [p.name, p] as const))('%s: refused without a signed-in user', async (_name, permission) => {
    expect(await decide(permission)).toEqual({ result: AuthorizeResult.DENY });
  });

  it('cd.account.deploy: restricted environments need one of their groups', async () => {
    const alice = await decide(cdAccountDeployPermission, 'user:default/alice');
    expect(alice).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'cd',
      resourceType: 'cd-account',
      conditions: {
        not: { rule: 'IS_ACCOUNT_ENVIRONMENT', resourceType: 'cd-account', params: { environments: ['prod', 'staging'] } },
      },
    });
    const allowed = (decision: PolicyDecision) => [prod, staging, dev, unlabelled].filter(a => applyOnAccount(decision, a)).map(a => a.name);
    expect(allowed(alice)).toEqual(['local', 'sandbox']);
    // A release manager may deploy to staging, not prod.
    expect(allowed(await decide(cdAccountDeployPermission, 'user:default/rita'))).toEqual(['staging', 'local', 'sandbox']);
  });

  it('cd.account.deploy: members of every restricted environment\'s groups and admins get a plain ALLOW', async () => {
    expect(await decide(cdAccountDeployPermission, 'user:default/guest')).toEqual({ result: AuthorizeResult.ALLOW });
    expect(await decide(cdAccountDeployPermission, 'user:default/carol')).toEqual({ result: AuthorizeResult.ALLOW });
    expect(await decide(cdAccountDeployPermission)).toEqual({ result: AuthorizeResult.DENY });
  });

  it('without environmentGroups every account is open to whoever may change the entity', async () => {
    const open = new CdPermissionPolicy({ adminGroups: [], environmentGroups: {}, userInfo: membershipUserInfo(memberships) });
    expect(await open.handle({ permission: cdAccountDeployPermission }, userOf('user:default/bob'))).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('an unknown cd.* permission is closed to non-admins', async () => {
    const future = createPermission({ name: 'cd.something.new', attributes: { action: 'update' } });
    expect(await policy.handle({ permission: future }, userOf('user:default/alice'))).toEqual({ result: AuthorizeResult.DENY });
    expect(await policy.handle({ permission: future }, userOf('user:default/carol'))).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
