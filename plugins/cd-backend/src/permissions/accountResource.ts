import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  CD_PERMISSION_PLUGIN_ID,
  RESOURCE_TYPE_CD_ACCOUNT,
  type CdAccountResource,
} from '@internal/plugin-cd-common';

/**
 * The query form of `cd-account` conditions: the environments an account
 * must (or, under `not`, must not) belong to. Used to filter account lists.
 */
export interface CdAccountQuery {
  environmentIn: string[];
}

export const cdAccountPermissionResourceRef = createPermissionResourceRef<
  CdAccountResource,
  CdAccountQuery
>().with({ pluginId: CD_PERMISSION_PLUGIN_ID, resourceType: RESOURCE_TYPE_CD_ACCOUNT });

/** Account names to their permission resource; unknown names are undefined. */
export interface CdAccountDirectory {
  get(name: string): CdAccountResource | undefined;
}

/** A directory over configured accounts, keeping only what rules may see. */
export function accountDirectory(
  accounts: ReadonlyArray<{ name: string; environment?: string }>,
): CdAccountDirectory {
  const byName = new Map<string, CdAccountResource>(
    accounts.map(a => [a.name, { name: a.name, environment: a.environment }]),
  );
  return { get: name => byName.get(name) };
}
