import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabasePipelineStore } from '../pipelines';
import { stageTypesOf } from '../pipelines/testing';
import { applyMigrations } from './migrations';
import { seedPipelines } from './PipelineSeeder';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('seedPipelines', () => {
  it('creates missing pipelines from YAML files, keeps existing ones, reports invalid ones', async () => {
    const knex = await databases.init('SQLITE_3');
    await applyMigrations(knex);
    const pipelines = new DatabasePipelineStore({ knex, stageTypes: stageTypesOf(['wait']) });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-seed-'));
    const file = path.join(dir, 'pipelines.yaml');
    fs.writeFileSync(
      file,
      [
        'application: app',
        'name: one',
        'stages: [{ refId: "1", type: wait, waitTime: 1 }]',
        '---',
        'application: app',
        'name: broken',
        'stages: [{ refId: "1", type: nope }]',
      ].join('\n'),
    );
    const logger = mockServices.logger.mock();

    await seedPipelines({ pipelines, locations: [file], logger });
    const first = await pipelines.list('app');
    expect(first.map(p => p.name)).toEqual(['one']);
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('broken'));

    await pipelines.update(first[0].id, { ...first[0].config, description: 'edited' }, 'user:default/a');
    await seedPipelines({ pipelines, locations: [file], logger });
    const again = await pipelines.list('app');
    expect(again).toHaveLength(1);
    expect(again[0].config.description).toBe('edited');
  });
});
