import { createPermissionRule, type PermissionRuleset } from '@backstage/plugin-permission-node';
import {
  CD_ACCOUNT_RULES,
  isAccountInEnvironments,
  type CdAccountResource,
} from '@internal/plugin-cd-common';
import { z } from 'zod';
import { cdAccountPermissionResourceRef, type CdAccountQuery } from './accountResource';

/** IS_ACCOUNT_ENVIRONMENT: the account's `environment` is one of the given ones. */
export const isAccountEnvironment = createPermissionRule({
  name: CD_ACCOUNT_RULES.IS_ACCOUNT_ENVIRONMENT,
  description: 'Allow accounts whose environment is one of the given environments',
  resourceRef: cdAccountPermissionResourceRef,
  // zod v3, like the catalog's own rules: the permission framework converts it to JSON Schema.
  paramsSchema: z.object({
    environments: z.array(z.string()).describe('Environments (from cd.accounts[].environment) to match'),
  }),
  apply: (account: CdAccountResource, params) => isAccountInEnvironments(account, params),
  toQuery: ({ environments }): CdAccountQuery => ({ environmentIn: environments }),
});

export const cdAccountPermissionRules = [isAccountEnvironment];

/**
 * The built-in rules as a ruleset, for evaluating decisions where the
 * registry's ruleset (which also holds rules added by modules) is not at hand.
 */
export const builtInCdAccountRuleset: PermissionRuleset<CdAccountResource, CdAccountQuery, 'cd-account'> = {
  getRuleByName(name) {
    const rule = cdAccountPermissionRules.find(r => r.name === name);
    if (!rule) throw new Error(`Permission rule '${name}' does not exist for resource type 'cd-account'`);
    return rule;
  },
};
