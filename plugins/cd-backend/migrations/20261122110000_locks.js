// @ts-check
/**
 * Named leases shared by replicas: a short critical section (such as
 * deciding whether a limitConcurrent pipeline may start another execution)
 * is held by one replica at a time; a dead holder's lease expires.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cd_locks', table => {
    table.string('key', 255).primary();
    table.string('owner', 64).notNullable();
    table.bigInteger('expires_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cd_locks');
};
