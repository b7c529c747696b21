// @ts-check
/**
 * Pipeline definitions (Spinnaker's Front50): the current version of each
 * pipeline, and every version ever saved with who saved it and why.
 * Configs are JSON text so both SQLite and PostgreSQL store them byte for byte.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cd_pipelines', table => {
    table.string('id', 64).primary();
    table.string('application', 255).notNullable();
    table.string('name', 255).notNullable();
    table.integer('version').notNullable();
    table.text('config').notNullable();
    table.boolean('disabled').notNullable().defaultTo(false);
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.unique(['application', 'name'], {
      indexName: 'cd_pipelines_application_name_uq',
    });
  });

  await knex.schema.createTable('cd_pipeline_versions', table => {
    table
      .string('pipeline_id', 64)
      .notNullable()
      .references('id')
      .inTable('cd_pipelines')
      .onDelete('CASCADE');
    table.integer('version').notNullable();
    table.text('config').notNullable();
    table.string('changed_by', 255).notNullable();
    table.timestamp('changed_at', { useTz: true }).notNullable();
    table.text('comment').nullable();
    table.primary(['pipeline_id', 'version']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cd_pipeline_versions');
  await knex.schema.dropTable('cd_pipelines');
};
