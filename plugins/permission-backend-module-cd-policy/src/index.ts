/**
 * The cd product's permission policy module: everyone reads, owners change
 * and deploy what they own, admins do everything, restricted environments
 * need a group. See docs/permissions.md.
 *
 * @packageDocumentation
 */
export { permissionModuleCdPolicy as default } from './module';
export { CdPermissionPolicy } from './CdPermissionPolicy';
export { readCdPolicySettings, CdPolicyConfigError, type CdPolicySettings } from './config';
