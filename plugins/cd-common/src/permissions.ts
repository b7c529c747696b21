import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  createPermission,
  PermissionCondition,
  PermissionCriteria,
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

/**
 * Kubernetes accounts are a resource of the cd plugin (Spinnaker's Fiat
 * account permissions): a resource ref is the account's name.
 */
export const RESOURCE_TYPE_CD_ACCOUNT = 'cd-account';
/** The plugin that evaluates conditions on `cd-account` resources. */
export const CD_PERMISSION_PLUGIN_ID = 'cd';

/**
 * Deploying to (or changing workloads in) an account. Checked in addition to
 * the entity permission of the action, for every account the action touches.
 */
export const cdAccountDeployPermission: ResourcePermission<typeof RESOURCE_TYPE_CD_ACCOUNT> =
  createPermission({
    name: 'cd.account.deploy',
    attributes: { action: 'update' },
    resourceType: RESOURCE_TYPE_CD_ACCOUNT,
  });

/** What a `cd-account` permission rule sees of an account (never its credentials). */
export interface CdAccountResource {
  name: string;
  /** The account's `environment` from the cd config (dev, staging, prod…). */
  environment?: string;
}

/** The rules the cd plugin registers for `cd-account` resources. */
export const CD_ACCOUNT_RULES = {
  /** True when the account's environment is one of `params.environments`. */
  IS_ACCOUNT_ENVIRONMENT: 'IS_ACCOUNT_ENVIRONMENT',
} as const;

export type IsAccountEnvironmentParams = { environments: string[] };

/** The predicate of IS_ACCOUNT_ENVIRONMENT, shared so every evaluation agrees. */
export function isAccountInEnvironments(
  account: CdAccountResource,
  { environments }: IsAccountEnvironmentParams,
): boolean {
  return account.environment !== undefined && environments.includes(account.environment);
}

/**
 * Condition factories for policies, the counterpart of the catalog's
 * `catalogConditions` (policies need not import the cd backend).
 */
export const cdAccountConditions = {
  isAccountEnvironment(
    params: IsAccountEnvironmentParams,
  ): PermissionCondition<typeof RESOURCE_TYPE_CD_ACCOUNT, IsAccountEnvironmentParams> {
    return {
      rule: CD_ACCOUNT_RULES.IS_ACCOUNT_ENVIRONMENT,
      resourceType: RESOURCE_TYPE_CD_ACCOUNT,
      params,
    };
  },
};

/** Wraps `cd-account` conditions into a CONDITIONAL decision evaluated by the cd plugin. */
export function createCdAccountConditionalDecision(
  permission: ResourcePermission<typeof RESOURCE_TYPE_CD_ACCOUNT>,
  conditions: PermissionCriteria<PermissionCondition<typeof RESOURCE_TYPE_CD_ACCOUNT>>,
): ConditionalPolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: CD_PERMISSION_PLUGIN_ID,
    resourceType: permission.resourceType,
    conditions,
  };
}

/** Permissions checked against the application's catalog entity. */
export const cdEntityPermissions = [
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

export const cdPermissions = [...cdEntityPermissions, cdAccountDeployPermission];
