import { TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { PipelineConfig } from '@internal/plugin-cd-common';
import type { Knex } from 'knex';
import { applyMigrations } from '../service/migrations';
import { DatabasePipelineStore } from './PipelineStore';
import { PipelineValidationError } from './errors';
import { GENERIC_STAGE_TYPES } from './testing';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const config = (overrides: Partial<PipelineConfig> = {}): PipelineConfig => ({
  application: 'demo',
  name: 'deploy',
  stages: [
    { refId: '1', type: 'wait', name: 'Wait', waitTime: 5 },
    {
      refId: '2',
      type: 'manualJudgment',
      name: 'Approve',
      requisiteStageRefIds: ['1'],
    },
  ],
  ...overrides,
});

async function setUp(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  await applyMigrations(knex);
  const store = new DatabasePipelineStore({
    knex,
    stageTypes: GENERIC_STAGE_TYPES,
  });
  return { knex, store };
}

async function rowCounts(knex: Knex) {
  const [pipelines] = await knex('cd_pipelines').count({ n: '*' });
  const [versions] = await knex('cd_pipeline_versions').count({ n: '*' });
  return { pipelines: Number(pipelines.n), versions: Number(versions.n) };
}

/** Makes every version insert fail inside the database, to prove writes are atomic. */
async function breakVersionInserts(knex: Knex) {
  if (knex.client.config.client === 'pg') {
    await knex.raw(
      `CREATE FUNCTION cd_test_fail() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'version insert refused'; END; $$ LANGUAGE plpgsql`,
    );
    await knex.raw(
      'CREATE TRIGGER cd_test_fail BEFORE INSERT ON cd_pipeline_versions FOR EACH ROW EXECUTE FUNCTION cd_test_fail()',
    );
  } else {
    await knex.raw(
      `CREATE TRIGGER cd_test_fail BEFORE INSERT ON cd_pipeline_versions BEGIN SELECT RAISE(ABORT, 'version insert refused'); END`,
    );
  }
}

describe.each(databases.eachSupportedId())(
  'DatabasePipelineStore on %s',
  databaseId => {
    it('creates version 1 with its version row and who made it', async () => {
      const { store } = await setUp(databaseId);
      const created = await store.create(
        config(),
        'user:default/jane',
        'first',
      );
      expect(created).toMatchObject({
        application: 'demo',
        name: 'deploy',
        version: 1,
        updatedBy: 'user:default/jane',
      });
      expect(created.config.id).toBe(created.id);
      expect(await store.get(created.id)).toEqual(created);
      expect(await store.getByName('demo', 'deploy')).toEqual(created);
      expect(await store.versions(created.id)).toEqual([
        {
          pipelineId: created.id,
          version: 1,
          config: created.config,
          changedBy: 'user:default/jane',
          changedAt: created.updatedAt,
          comment: 'first',
        },
      ]);
    });

    it('stores nothing invalid and says which fields are wrong', async () => {
      const { knex, store } = await setUp(databaseId);
      const bad = config({
        stages: [
          { refId: '1', type: 'wait', waitTime: 1 },
          { refId: '2', type: 'nope', requisiteStageRefIds: ['7'] },
        ],
      });
      const error = await store.create(bad, 'user:default/jane').catch(e => e);
      expect(error).toBeInstanceOf(PipelineValidationError);
      expect(error.name).toBe('InputError');
      expect(error.issues).toEqual([
        {
          path: 'stages[1].requisiteStageRefIds[0]',
          message: 'no stage has refId "7"',
        },
        { path: 'stages[1].type', message: 'unknown stage type "nope"' },
      ]);
      expect(error.message).toContain(
        'stages[1].type: unknown stage type "nope"',
      );
      expect(await rowCounts(knex)).toEqual({ pipelines: 0, versions: 0 });
    });

    it('writes the pipeline and its version in one transaction', async () => {
      const { knex, store } = await setUp(databaseId);
      const existing = await store.create(
        config({ name: 'existing' }),
        'user:default/jane',
      );
      await breakVersionInserts(knex);
      // Compared by message: better-sqlite3's native errors belong to the realm
      // of the first Jest test file that loaded it, so they fail toThrow's checks.
      const failedCreate = await store
        .create(config(), 'user:default/jane')
        .then(
          () => undefined,
          (e: Error) => e,
        );
      expect(failedCreate?.message).toMatch(/version insert refused/);
      const failedUpdate = await store
        .update(
          existing.id,
          config({ name: 'existing', description: 'x' }),
          'user:default/jane',
        )
        .then(
          () => undefined,
          (e: Error) => e,
        );
      expect(failedUpdate?.message).toMatch(/version insert refused/);
      expect(await rowCounts(knex)).toEqual({ pipelines: 1, versions: 1 });
      expect((await store.get(existing.id))?.version).toBe(1);
    });

    it('keeps a given id, and refuses a taken id or name', async () => {
      const { store } = await setUp(databaseId);
      const created = await store.create(
        config({ id: 'spinnaker-id-1' }),
        'user:default/jane',
      );
      expect(created.id).toBe('spinnaker-id-1');
      await expect(
        store.create(
          config({ name: 'other', id: 'spinnaker-id-1' }),
          'user:default/jane',
        ),
      ).rejects.toBeInstanceOf(ConflictError);
      await expect(
        store.create(config(), 'user:default/jane'),
      ).rejects.toBeInstanceOf(ConflictError);
      // The same name in another application is another pipeline.
      expect(
        (
          await store.create(
            config({ application: 'other' }),
            'user:default/jane',
          )
        ).name,
      ).toBe('deploy');
      const badId = await store
        .create(config({ name: 'x', id: '../etc' }), 'user:default/jane')
        .catch(e => e);
      expect(badId.issues).toEqual([
        { path: 'id', message: 'must be 1-64 letters, digits, "-" or "_"' },
      ]);
    });

    it('updates into new versions with history, and 409s on a stale expectedVersion', async () => {
      const { knex, store } = await setUp(databaseId);
      const v1 = await store.create(config(), 'user:default/jane');
      const v2 = await store.update(
        v1.id,
        config({ description: 'second' }),
        'user:default/joe',
        {
          expectedVersion: 1,
          comment: 'describe it',
        },
      );
      expect(v2).toMatchObject({ version: 2, updatedBy: 'user:default/joe' });
      expect(v2.config.description).toBe('second');

      const stale = await store
        .update(
          v1.id,
          config({ description: 'lost update' }),
          'user:default/jane',
          { expectedVersion: 1 },
        )
        .catch(e => e);
      expect(stale).toBeInstanceOf(ConflictError);
      expect(stale.message).toContain('is at version 2, not 1');

      const history = await store.versions(v1.id);
      expect(history.map(v => [v.version, v.changedBy, v.comment])).toEqual([
        [2, 'user:default/joe', 'describe it'],
        [1, 'user:default/jane', undefined],
      ]);
      expect(
        (await store.version(v1.id, 1))?.config.description,
      ).toBeUndefined();
      expect(await store.version(v1.id, 9)).toBeUndefined();
      expect(await rowCounts(knex)).toEqual({ pipelines: 1, versions: 2 });
    });

    it('lets exactly one of two concurrent writers of the same version win', async () => {
      const { store } = await setUp(databaseId);
      const v1 = await store.create(config(), 'user:default/jane');
      const results = await Promise.allSettled([
        store.update(v1.id, config({ description: 'a' }), 'user:default/a', {
          expectedVersion: 1,
        }),
        store.update(v1.id, config({ description: 'b' }), 'user:default/b', {
          expectedVersion: 1,
        }),
      ]);
      expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason).toBeInstanceOf(ConflictError);
      expect((await store.versions(v1.id)).map(v => v.version)).toEqual([2, 1]);
    });

    it('refuses to move a pipeline to another application or rename it onto another', async () => {
      const { store } = await setUp(databaseId);
      const v1 = await store.create(config(), 'user:default/jane');
      await store.create(config({ name: 'taken' }), 'user:default/jane');
      const moved = await store
        .update(
          v1.id,
          config({ application: 'elsewhere' }),
          'user:default/jane',
        )
        .catch(e => e);
      expect(moved.issues).toEqual([
        {
          path: 'application',
          message:
            'must be "demo": a pipeline cannot move to another application',
        },
      ]);
      await expect(
        store.update(v1.id, config({ name: 'taken' }), 'user:default/jane'),
      ).rejects.toBeInstanceOf(ConflictError);
      const renamed = await store.update(
        v1.id,
        config({ name: 'renamed' }),
        'user:default/jane',
      );
      expect(renamed.name).toBe('renamed');
      expect(await store.getByName('demo', 'deploy')).toBeUndefined();
      await expect(
        store.update('missing', config(), 'user:default/jane'),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('restores an earlier version as a new version', async () => {
      const { store } = await setUp(databaseId);
      const v1 = await store.create(config(), 'user:default/jane');
      await store.update(
        v1.id,
        config({ limitConcurrent: true, description: 'changed' }),
        'user:default/joe',
      );
      const restored = await store.restore(v1.id, 1, 'user:default/ann');
      expect(restored).toMatchObject({
        version: 3,
        updatedBy: 'user:default/ann',
      });
      expect(restored.config).toEqual(v1.config);
      const [latest] = await store.versions(v1.id);
      expect(latest).toMatchObject({
        version: 3,
        changedBy: 'user:default/ann',
        comment: 'restored version 1',
      });
      await expect(
        store.restore(v1.id, 7, 'user:default/ann'),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it("validates a restored version again against today's stage types", async () => {
      const { knex, store } = await setUp(databaseId);
      const v1 = await store.create(config(), 'user:default/jane');
      await store.update(
        v1.id,
        config({ description: 'v2' }),
        'user:default/jane',
      );
      const withoutJudgments = new DatabasePipelineStore({
        knex,
        stageTypes: { has: t => t === 'wait' },
      });
      const error = await withoutJudgments
        .restore(v1.id, 1, 'user:default/jane')
        .catch(e => e);
      expect(error.issues).toEqual([
        {
          path: 'stages[1].type',
          message: 'unknown stage type "manualJudgment"',
        },
      ]);
      expect((await store.get(v1.id))?.version).toBe(2);
    });

    it('lists by application and name, and deletes with the history', async () => {
      const { knex, store } = await setUp(databaseId);
      const b = await store.create(config({ name: 'b' }), 'user:default/jane');
      await store.create(config({ name: 'a' }), 'user:default/jane');
      await store.create(
        config({ application: 'other', name: 'c' }),
        'user:default/jane',
      );
      expect((await store.list('demo')).map(p => p.name)).toEqual(['a', 'b']);
      expect(
        (await store.listAll()).map(p => `${p.application}/${p.name}`),
      ).toEqual(['demo/a', 'demo/b', 'other/c']);

      await store.update(
        b.id,
        config({ name: 'b', description: 'v2' }),
        'user:default/jane',
      );
      await store.delete(b.id, 'user:default/jane');
      expect(await store.get(b.id)).toBeUndefined();
      await expect(store.versions(b.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        store.delete(b.id, 'user:default/jane'),
      ).rejects.toBeInstanceOf(NotFoundError);
      expect(await rowCounts(knex)).toEqual({ pipelines: 2, versions: 2 });
    });

    it('saves several pipelines all or nothing, updating those that exist by name', async () => {
      const { knex, store } = await setUp(databaseId);
      const existing = await store.create(
        config({ name: 'existing' }),
        'user:default/jane',
      );
      const saved = await store.saveAll(
        [
          config({
            name: 'existing',
            id: 'ignored-spinnaker-id',
            description: 'imported',
          }),
          config({ name: 'new', id: existing.id }),
        ],
        'user:default/jane',
        'imported from Spinnaker',
      );
      expect(
        saved.map(s => [s.pipeline.name, s.created, s.pipeline.version]),
      ).toEqual([
        ['existing', false, 2],
        ['new', true, 1],
      ]);
      expect(saved[0].pipeline.id).toBe(existing.id);
      expect(saved[1].pipeline.id).not.toBe(existing.id); // a taken id gets a fresh one on import

      const invalid = await store
        .saveAll(
          [
            config({ name: 'third' }),
            config({ name: 'fourth', stages: [{ refId: '1', type: 'bogus' }] }),
          ],
          'user:default/jane',
        )
        .catch(e => e);
      expect(invalid.issues).toEqual([
        { path: 'stages[0].type', message: 'unknown stage type "bogus"' },
      ]);
      expect(await rowCounts(knex)).toEqual({ pipelines: 2, versions: 3 });
    });
  },
);
