import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { RELATION_MEMBER_OF, stringifyEntityRef } from '@backstage/catalog-model';
import type { JudgmentAuthorizer } from '../stages';

/**
 * `requiredJudgmentRoles` names catalog groups: a user may judge when the
 * catalog says they are a member of one of them (directly).
 */
export function catalogJudgmentAuthorizer(deps: {
  catalog: CatalogService;
  auth: AuthService;
}): JudgmentAuthorizer {
  return async ({ userEntityRef, requiredJudgmentRoles }) => {
    if (requiredJudgmentRoles.length === 0) return true;
    const credentials = await deps.auth.getOwnServiceCredentials();
    const user = await deps.catalog.getEntityByRef(userEntityRef, { credentials });
    if (!user) return false;
    const groups = new Set(
      (user.relations ?? [])
        .filter(r => r.type === RELATION_MEMBER_OF)
        .map(r => r.targetRef),
    );
    return requiredJudgmentRoles.some(role => groups.has(normalizeGroupRef(role)));
  };
}

function normalizeGroupRef(role: string): string {
  if (role.includes(':')) return role.toLocaleLowerCase('en-US');
  return stringifyEntityRef({ kind: 'group', namespace: 'default', name: role }).toLocaleLowerCase('en-US');
}
