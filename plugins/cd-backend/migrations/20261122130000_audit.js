// @ts-check
/**
 * The audit log: who changed what, when, on which application. Append-only:
 * the product only inserts, and the database refuses UPDATE and DELETE so a
 * record cannot be rewritten by mistake (dropping the table, as `down` does,
 * is still possible for an operator).
 *
 * `seq` orders records (newest first) and is the paging cursor; `at` is the
 * time in epoch milliseconds (bigint, like the executions' times).
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cd_audit', table => {
    table.bigIncrements('seq');
    table.string('id', 64).notNullable().unique({ indexName: 'cd_audit_id_uq' });
    table.bigInteger('at').notNullable();
    table.string('actor', 255).notNullable();
    table.string('action', 64).notNullable();
    table.string('application', 255).notNullable();
    table.string('entity_ref', 255).nullable();
    table.text('target').notNullable();
    // JSON text, secrets redacted before it is written.
    table.text('details').notNullable();
    table.index(['application', 'seq'], 'cd_audit_application_idx');
    table.index(['entity_ref', 'seq'], 'cd_audit_entity_idx');
    table.index(['at'], 'cd_audit_at_idx');
  });

  const client = String(knex.client.config.client);
  if (client === 'pg' || client === 'postgres' || client === 'postgresql') {
    await knex.raw(`
      CREATE OR REPLACE FUNCTION cd_audit_append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'cd_audit is append-only';
      END;
      $$ LANGUAGE plpgsql`);
    await knex.raw(`
      CREATE TRIGGER cd_audit_append_only
      BEFORE UPDATE OR DELETE ON cd_audit
      FOR EACH ROW EXECUTE FUNCTION cd_audit_append_only()`);
  } else if (client.includes('sqlite')) {
    for (const operation of ['UPDATE', 'DELETE']) {
      await knex.raw(`
        CREATE TRIGGER cd_audit_no_${operation.toLowerCase()}
        BEFORE ${operation} ON cd_audit
        BEGIN
          SELECT RAISE(ABORT, 'cd_audit is append-only');
        END`);
    }
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cd_audit');
  const client = String(knex.client.config.client);
  if (client === 'pg' || client === 'postgres' || client === 'postgresql') {
    await knex.raw('DROP FUNCTION IF EXISTS cd_audit_append_only()');
  }
};
