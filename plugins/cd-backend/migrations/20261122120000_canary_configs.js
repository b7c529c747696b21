// @ts-check
/**
 * Canary configurations (Kayenta's format) stored per application: the
 * current version of each, and every version ever saved with who saved it.
 * Configs are JSON text so both SQLite and PostgreSQL store them byte for byte.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cd_canary_configs', table => {
    table.string('id', 64).primary();
    table.string('application', 255).notNullable();
    table.string('name', 255).notNullable();
    table.integer('version').notNullable();
    table.text('config').notNullable();
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['application', 'name'], {
      indexName: 'cd_canary_configs_application_name_uq',
    });
  });

  await knex.schema.createTable('cd_canary_config_versions', table => {
    table
      .string('canary_config_id', 64)
      .notNullable()
      .references('id')
      .inTable('cd_canary_configs')
      .onDelete('CASCADE');
    table.integer('version').notNullable();
    table.string('name', 255).notNullable();
    table.text('config').notNullable();
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['canary_config_id', 'version']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cd_canary_config_versions');
  await knex.schema.dropTable('cd_canary_configs');
};
