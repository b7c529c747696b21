import type { PermissionApi } from '@backstage/plugin-permission-react';

/** The unconditional answers (ALLOW / DENY) of the permission API. */
type Definitive = Exclude<
  Awaited<ReturnType<PermissionApi['authorize']>>,
  { conditions: unknown }
>;

/** A PermissionApi that allows everything except the named permissions. */
export function permissionApiDenying(...denied: string[]): PermissionApi {
  return {
    authorize: async request =>
      ({
        result: denied.includes(request.permission.name) ? 'DENY' : 'ALLOW',
      } as Definitive),
  };
}
