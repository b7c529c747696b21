import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

export const migrationsDirectory = resolvePackagePath(
  '@internal/plugin-cd-backend',
  'migrations',
);

/** Brings the plugin's tables up to date (knex keeps its own lock table, so replicas can race safely). */
export async function applyMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: migrationsDirectory,
    tableName: 'cd_knex_migrations',
  });
}
