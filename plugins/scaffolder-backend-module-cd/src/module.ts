import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCdCanaryConfigAction } from './actions/createCanaryConfigAction';
import { createCdPipelineAction } from './actions/createPipelineAction';

/** Adds the cd actions (cd:pipeline:create, cd:canary-config:create) to the scaffolder. */
export const scaffolderModuleCd = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'cd',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, discovery, auth, config }) {
        const appBaseUrl = config.getOptionalString('app.baseUrl');
        scaffolder.addActions(
          createCdPipelineAction({ discovery, auth, appBaseUrl }),
          createCdCanaryConfigAction({ discovery, auth, appBaseUrl }),
        );
      },
    });
  },
});
