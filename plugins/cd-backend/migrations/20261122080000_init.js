// @ts-check
/**
 * Marks the plugin's schema as created; the tables of each module follow in
 * their own migrations so that each one stays small and reviewable.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cd_meta', table => {
    table.string('key').primary();
    table.text('value').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cd_meta');
};
