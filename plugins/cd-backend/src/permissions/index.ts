export {
  accountDirectory,
  cdAccountPermissionResourceRef,
  type CdAccountDirectory,
  type CdAccountQuery,
} from './accountResource';
export { builtInCdAccountRuleset, cdAccountPermissionRules, isAccountEnvironment } from './accountRules';
export { registerCdAccountPermissions } from './registerAccountPermissions';
export { accountsNamedByStages, type StageAccounts } from './stageAccounts';
export { environmentGroupsFromConfig } from './environmentGroups';
