/*
 * Executions, their stages, and the durable work queue of the engine.
 * Times are epoch milliseconds (bigint); JSON documents are text so that the
 * same schema works on SQLite and PostgreSQL.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('cd_executions', t => {
    t.string('id', 64).primary();
    t.string('application', 255).notNullable();
    t.string('pipeline_config_id', 255).notNullable();
    t.string('name', 255).notNullable();
    t.string('status', 16).notNullable();
    t.bigInteger('build_time').notNullable();
    t.bigInteger('start_time').nullable();
    t.bigInteger('end_time').nullable();
    // Optimistic concurrency: every committed transition increments it.
    t.integer('version').notNullable().defaultTo(0);
    // trigger, pipelineConfig snapshot, cancel/pause details, parent link.
    t.text('data').notNullable();
    t.index(['application', 'build_time'], 'cd_executions_app_idx');
    t.index(['pipeline_config_id', 'status'], 'cd_executions_pipeline_idx');
    t.index(['status'], 'cd_executions_status_idx');
  });

  await knex.schema.createTable('cd_stages', t => {
    t.string('id', 64).primary();
    t.string('execution_id', 64)
      .notNullable()
      .references('id')
      .inTable('cd_executions')
      .onDelete('CASCADE');
    // Display/planning order within the execution.
    t.integer('seq').notNullable();
    t.string('ref_id', 255).notNullable();
    t.string('status', 16).notNullable();
    // type, name, context, outputs, tasks, times, synthetic links…
    t.text('data').notNullable();
    t.index(['execution_id', 'seq'], 'cd_stages_execution_idx');
  });

  await knex.schema.createTable('cd_queue', t => {
    // Deterministic for messages that must not be duplicated (RunTask of one
    // task attempt), random otherwise.
    t.string('id', 255).primary();
    t.string('execution_id', 64).notNullable();
    t.string('kind', 32).notNullable();
    t.text('payload').notNullable();
    t.bigInteger('not_before').notNullable();
    t.string('lease_owner', 64).nullable();
    t.bigInteger('lease_expires_at').nullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.bigInteger('created_at').notNullable();
    t.index(['not_before'], 'cd_queue_due_idx');
    t.index(['execution_id'], 'cd_queue_execution_idx');
    t.index(['lease_owner'], 'cd_queue_lease_idx');
  });

  // Small key/value state of triggers (e.g. when each cron trigger last fired).
  await knex.schema.createTable('cd_trigger_state', t => {
    t.string('key', 255).primary();
    t.bigInteger('value').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cd_trigger_state');
  await knex.schema.dropTable('cd_queue');
  await knex.schema.dropTable('cd_stages');
  await knex.schema.dropTable('cd_executions');
};
