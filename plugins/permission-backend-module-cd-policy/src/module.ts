import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { CdPermissionPolicy } from './CdPermissionPolicy';
import { readCdPolicySettings } from './config';

/**
 * Installs {@link CdPermissionPolicy} as the permission backend's policy:
 * `backend.add(import('@internal/plugin-permission-backend-module-cd-policy'))`
 * in place of the allow-all policy module.
 */
export const permissionModuleCdPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'cd-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        logger: coreServices.logger,
      },
      async init({ policy, config, userInfo, logger }) {
        const settings = readCdPolicySettings(config);
        policy.setPolicy(new CdPermissionPolicy({ ...settings, userInfo }));
        const environments = Object.entries(settings.environmentGroups)
          .map(([environment, groups]) => `${environment}: ${groups.join(', ')}`)
          .join('; ');
        logger.info(
          `cd policy: owners change their entities; admins: ${settings.adminGroups.join(', ') || 'none'}; ` +
            `restricted environments: ${environments || 'none'}`,
        );
      },
    });
  },
});
