import type { BackstageUserInfo, UserInfoService } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  cdAccountConditions,
  cdAccountDeployPermission,
  cdPermissions,
  cdPipelineReadPermission,
  createCdAccountConditionalDecision,
} from '@internal/plugin-cd-common';
import type { CdPolicySettings } from './config';

const ALLOW = { result: AuthorizeResult.ALLOW } as const;
const DENY = { result: AuthorizeResult.DENY } as const;

const CD_PERMISSION_NAMES = new Set(cdPermissions.map(p => p.name));

/**
 * The cd product's permission policy (Spinnaker's Fiat, as a Backstage policy):
 * - every permission that is not the cd plugin's is allowed, so the rest of
 *   the portal works as with the allow-all policy;
 * - everyone signed in may read pipelines and executions;
 * - members of `adminGroups` may do everything;
 * - otherwise changes (create/edit/delete pipelines, deploy, cancel, judge,
 *   server groups, canary configs) are allowed on entities the user or one of
 *   their groups owns (a CONDITIONAL decision the catalog resolves);
 * - deploying to an account of an environment listed in `environmentGroups`
 *   needs membership of one of its groups (a CONDITIONAL decision the cd
 *   plugin resolves with IS_ACCOUNT_ENVIRONMENT).
 */
export class CdPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly deps: CdPolicySettings & {
      userInfo: Pick<UserInfoService, 'getUserInfo'>;
    },
  ) {}

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const { permission } = request;
    if (!isCdPermission(permission.name)) return ALLOW;
    if (isPermission(permission, cdPipelineReadPermission)) return ALLOW;

    const info = user ? await this.deps.userInfo.getUserInfo(user.credentials) : undefined;
    // Only signed-in users change things; the cd plugin's own service calls never reach a policy.
    if (!info) return DENY;
    const claims = ownershipClaims(info);
    if (this.deps.adminGroups.some(group => claims.has(group))) return ALLOW;

    if (isPermission(permission, cdAccountDeployPermission)) return this.accountDecision(claims);
    if (isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: [...claims] }),
      );
    }
    // A cd permission this policy does not know: closed until the policy learns it.
    return DENY;
  }

  /** Allowed everywhere except the environments whose groups the user is in none of. */
  private accountDecision(claims: ReadonlySet<string>): PolicyDecision {
    const restricted = Object.entries(this.deps.environmentGroups)
      .filter(([, groups]) => !groups.some(group => claims.has(group)))
      .map(([environment]) => environment);
    if (restricted.length === 0) return ALLOW;
    return createCdAccountConditionalDecision(cdAccountDeployPermission, {
      not: cdAccountConditions.isAccountEnvironment({ environments: restricted }),
    });
  }
}

function isCdPermission(name: string): boolean {
  // Permissions added to the cd plugin later are still cd permissions (closed by default).
  return CD_PERMISSION_NAMES.has(name) || name.startsWith('cd.');
}

/** The user and the groups they belong to, as lower-case entity refs. */
function ownershipClaims(info: BackstageUserInfo): Set<string> {
  return new Set(
    [info.userEntityRef, ...info.ownershipEntityRefs].map(ref => ref.toLocaleLowerCase('en-US')),
  );
}
