import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import type { cdPipelineReadPermission } from '@internal/plugin-cd-common';

/** Every CD permission is a catalog-entity resource permission of this shape. */
type CdResourcePermission = typeof cdPipelineReadPermission;

export interface CdPermission {
  allowed: boolean;
  loading: boolean;
  /** Why a control is disabled, for its tooltip; undefined when allowed. */
  reason?: string;
}

/** Whether the signed-in user holds `permission` on the current entity. */
export function useCdPermission(
  permission: CdResourcePermission,
): CdPermission {
  const { entity } = useEntity();
  const { allowed, loading } = usePermission({
    permission,
    resourceRef: stringifyEntityRef(entity),
  });
  return {
    allowed,
    loading,
    reason:
      allowed || loading
        ? undefined
        : `You lack the ${permission.name} permission on ${entity.metadata.name}`,
  };
}
