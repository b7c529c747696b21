import type { BackstageCredentials, BackstageUserInfo, UserInfoService } from '@backstage/backend-plugin-api';

/**
 * Test support: a UserInfoService over a fixed membership table, standing in
 * for the catalog-backed one (ownership refs are what a sign-in resolver puts
 * in the token: the user and their groups).
 */
export function membershipUserInfo(memberships: Record<string, string[]>): UserInfoService {
  return {
    async getUserInfo(credentials: BackstageCredentials): Promise<BackstageUserInfo> {
      const principal = credentials.principal as { type: string; userEntityRef?: string };
      if (principal.type !== 'user' || !principal.userEntityRef) {
        throw new Error(`no user info for a ${principal.type} principal`);
      }
      const ref = principal.userEntityRef;
      return { userEntityRef: ref, ownershipEntityRefs: [ref, ...(memberships[ref] ?? [])] };
    },
  };
}
