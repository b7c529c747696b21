export { CanaryConfigs, CANARY_CONFIG_PARAM } from './CanaryConfigs';
export { CanaryConfigEditor } from './CanaryConfigEditor';
export { KayentaImportDialog } from './KayentaImportDialog';
