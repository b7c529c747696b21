import type { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import type { PermissionRuleset } from '@backstage/plugin-permission-node';
import { cdAccountDeployPermission, type CdAccountResource } from '@internal/plugin-cd-common';
import {
  cdAccountPermissionResourceRef,
  type CdAccountDirectory,
  type CdAccountQuery,
} from './accountResource';
import { cdAccountPermissionRules } from './accountRules';

/**
 * Registers the `cd-account` resource type with the cd plugin's permission
 * integration: its permission, its rules, and how to load accounts by name,
 * so the permission backend can resolve CONDITIONAL decisions on accounts
 * (e.g. a frontend `usePermission({ permission: cdAccountDeployPermission, resourceRef: 'prod' })`).
 * Returns the registry's ruleset (built-in rules plus any added by modules),
 * which the cd plugin uses to evaluate account decisions itself.
 */
export function registerCdAccountPermissions(
  registry: PermissionsRegistryService,
  accounts: CdAccountDirectory,
): PermissionRuleset<CdAccountResource, CdAccountQuery, 'cd-account'> {
  registry.addResourceType({
    resourceRef: cdAccountPermissionResourceRef,
    permissions: [cdAccountDeployPermission],
    rules: cdAccountPermissionRules,
    getResources: async names => names.map(name => accounts.get(name)),
  });
  return registry.getPermissionRuleset(cdAccountPermissionResourceRef);
}
