import {
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * CD permissions are catalog-entity resource permissions: they are checked
 * against the entity that owns the application, so policies can use the
 * catalog's own conditional rules (IS_ENTITY_OWNER, HAS_ANNOTATION…).
 */
export const RESOURCE_TYPE_CATALOG_ENTITY = 'catalog-entity';

const entityPermission = (
  name: string,
  action: 'read' | 'create' | 'update' | 'delete',
): ResourcePermission<typeof RESOURCE_TYPE_CATALOG_ENTITY> =>
  createPermission({
    name,
    attributes: { action },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });

export const cdPipelineReadPermission = entityPermission('cd.pipeline.read', 'read');
export const cdPipelineCreatePermission = entityPermission('cd.pipeline.create', 'create');
export const cdPipelineUpdatePermission = entityPermission('cd.pipeline.update', 'update');
export const cdPipelineDeletePermission = entityPermission('cd.pipeline.delete', 'delete');
export const cdPipelineExecutePermission = entityPermission('cd.pipeline.execute', 'update');
/** Cancel, pause, resume and restart executions. */
export const cdExecutionCancelPermission = entityPermission('cd.execution.cancel', 'update');
export const cdJudgmentSubmitPermission = entityPermission('cd.judgment.submit', 'update');
/** Scale, enable/disable, roll back and delete server groups. */
export const cdServerGroupManagePermission = entityPermission('cd.serverGroup.manage', 'update');
export const cdCanaryConfigManagePermission = entityPermission('cd.canaryConfig.manage', 'update');

export const cdPermissions = [
  cdPipelineReadPermission,
  cdPipelineCreatePermission,
  cdPipelineUpdatePermission,
  cdPipelineDeletePermission,
  cdPipelineExecutePermission,
  cdExecutionCancelPermission,
  cdJudgmentSubmitPermission,
  cdServerGroupManagePermission,
  cdCanaryConfigManagePermission,
];
