// Direct reads of the cd plugin's tables (the suite's ground truth: what the
// API says is checked against what is stored).
const path = require('node:path');
const knexFactory = require('knex');

/** The cd plugin's database: `<dir>/cd.sqlite` under a SQLite directory, or `<prefix>cd` on PostgreSQL. */
function cdDatabase(database) {
  if (database.client === 'better-sqlite3') {
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(database.connection.directory, 'cd.sqlite'), readonly: true },
      useNullAsDefault: true,
    });
  }
  return knexFactory({
    client: 'pg',
    connection: withDatabase(database.connection, `${database.prefix}cd`),
    pool: { min: 0, max: 2 },
  });
}

function withDatabase(connection, name) {
  const url = new URL(connection);
  url.pathname = `/${name}`;
  return url.toString();
}

/** RUNNING / NOT_STARTED / BUFFERED executions with nothing queued: hung for good. */
async function zombies(knex) {
  const rows = await knex('cd_executions as e')
    .whereIn('e.status', ['RUNNING', 'NOT_STARTED', 'BUFFERED'])
    .whereNotExists(knex('cd_queue as q').whereRaw('q.execution_id = e.id').select(knex.raw('1')))
    .select('e.id');
  return rows.map(r => r.id);
}

/** Row counts of the tables a bad request must not write to. */
async function rowCounts(knex) {
  const tables = (await tableNames(knex)).filter(t => t.startsWith('cd_') && !['cd_queue', 'cd_locks'].includes(t));
  const counts = {};
  for (const t of tables) counts[t] = Number((await knex(t).count({ n: '*' }))[0].n);
  return counts;
}

async function tableNames(knex) {
  if (knex.client.config.client === 'better-sqlite3') {
    return (await knex.raw("select name from sqlite_master where type = 'table'")).map(r => r.name);
  }
  return (await knex.raw("select tablename as name from pg_tables where schemaname = current_schema()")).rows.map(r => r.name);
}

/** Creates nothing: Backstage creates `<prefix><plugin>` databases itself. Drops them after a run. */
async function dropPostgresDatabases(connection, prefix) {
  const admin = knexFactory({ client: 'pg', connection, pool: { min: 0, max: 1 } });
  try {
    const { rows } = await admin.raw('select datname from pg_database where datname like ?', [`${prefix}%`]);
    for (const { datname } of rows) await admin.raw(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.destroy();
  }
}

module.exports = { cdDatabase, zombies, rowCounts, dropPostgresDatabases };
