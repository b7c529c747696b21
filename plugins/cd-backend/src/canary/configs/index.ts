export { DatabaseCanaryConfigStore } from './CanaryConfigStore';
export type { CanaryConfigStore } from './CanaryConfigStore';
export { CanaryConfigValidationError } from './errors';
export { validateCanaryConfig, CANARY_CONFIG_ID_PATTERN } from './validateCanaryConfig';
export { seedCanaryConfigs } from './seedCanaryConfigs';
