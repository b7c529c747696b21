import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createHealthRouter } from './service/health';
import { applyMigrations } from './service/migrations';

/**
 * The cd backend plugin: wiring only. The services it builds live in their
 * own modules (engine, pipelines, kubernetes, inventory, canary).
 */
export const cdPlugin = createBackendPlugin({
  pluginId: 'cd',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
      },
      async init({ logger, database, httpRouter }) {
        const knex = await database.getClient();
        if (!database.migrations?.skip) await applyMigrations(knex);

        httpRouter.use(createHealthRouter({ knex }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info('cd plugin ready');
      },
    });
  },
});
