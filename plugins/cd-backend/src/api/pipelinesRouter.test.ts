import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
import { readFileSync } from 'fs';
import { resolve as resolvePath } from 'path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import fixture from '../pipelines/__fixtures__/spinnaker-deploy-pipeline.json';
import { DatabasePipelineStore } from '../pipelines';
import { GENERIC_STAGE_TYPES } from '../pipelines/testing';
import { StaticApplicationResolver } from '../service/ApplicationResolver';
import { applyMigrations } from '../service/migrations';
import { CdAuthorizer } from './CdAuthorizer';
import { createPipelinesRouter } from './pipelinesRouter';

jest.setTimeout(60_000);

/** Allows everything except the permission names in `denied`; records what was asked. */
class SwitchablePermissions implements PermissionsService {
  readonly denied = new Set<string>();
  readonly asked: Array<{ permission: string; resourceRef?: string }> = [];

  async authorize(requests: Parameters<PermissionsService['authorize']>[0]) {
    return requests.map(r => {
      this.asked.push({
        permission: r.permission.name,
        resourceRef: (r as { resourceRef?: string }).resourceRef,
      });
      return {
        result: this.denied.has(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      };
    }) as any;
  }

  async authorizeConditional(): Promise<never> {
    throw new Error('not used by the pipelines router');
  }
}

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const JANE = mockCredentials.user.header('user:default/jane');

const pipeline = (overrides: Record<string, unknown> = {}) => ({
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

describe('pipelines router', () => {
  let knex: Knex;
  let app: express.Express;
  let permissions: SwitchablePermissions;

  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
    await applyMigrations(knex);
    permissions = new SwitchablePermissions();
    const authorizer = new CdAuthorizer({
      httpAuth: mockServices.httpAuth(),
      permissions,
      applications: new StaticApplicationResolver({
        demo: 'component:default/demo-app',
      }),
    });
    const router = createPipelinesRouter({
      pipelines: new DatabasePipelineStore({
        knex,
        stageTypes: GENERIC_STAGE_TYPES,
      }),
      authorizer,
      stageTypes: GENERIC_STAGE_TYPES,
    });
    const config = mockServices.rootConfig();
    const logger = mockServices.logger.mock();
    app = express()
      .use('/api/cd', router)
      .use(MiddlewareFactory.create({ config, logger }).error());
  });

  const create = (body: unknown = pipeline()) =>
    request(app)
      .post('/api/cd/applications/demo/pipelines')
      .set('Authorization', JANE)
      .send(body as object);

  it('creates, reads and lists a pipeline, recording who saved it', async () => {
    const created = await create().expect(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.headers.location).toBe(
      `/api/cd/pipelines/${created.body.id}`,
    );
    expect(created.body).toMatchObject({
      application: 'demo',
      name: 'deploy',
      version: 1,
      updatedBy: 'user:default/jane',
    });

    const read = await request(app)
      .get(`/api/cd/pipelines/${created.body.id}`)
      .set('Authorization', JANE)
      .expect(200);
    expect(read.body).toEqual(created.body);
    const list = await request(app)
      .get('/api/cd/applications/demo/pipelines')
      .set('Authorization', JANE)
      .expect(200);
    expect(list.body.items.map((p: { name: string }) => p.name)).toEqual([
      'deploy',
    ]);
    expect(permissions.asked).toContainEqual({
      permission: 'cd.pipeline.create',
      resourceRef: 'component:default/demo-app',
    });
  });

  it('accepts YAML bodies and fills in the application from the URL', async () => {
    const { application, ...withoutApplication } = pipeline();
    const res = await request(app)
      .post('/api/cd/applications/demo/pipelines')
      .set('Authorization', JANE)
      .set('Content-Type', 'application/yaml')
      .send(toYaml(withoutApplication))
      .expect(201);
    expect(res.body.config.application).toBe(application);
  });

  it('answers 400 with the path of every bad field, and stores nothing', async () => {
    const res = await create(
      pipeline({
        stages: [
          {
            refId: '1',
            type: 'wait',
            waitTime: 1,
            requisiteStageRefIds: ['2'],
          },
          {
            refId: '2',
            type: 'wait',
            waitTime: 1,
            requisiteStageRefIds: ['1'],
          },
          { refId: '3', type: 'rollout' },
        ],
      }),
    ).expect(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.issues).toEqual([
      {
        path: 'stages[0].requisiteStageRefIds',
        message: 'dependency cycle: 1 → 2 → 1',
      },
      { path: 'stages[2].type', message: 'unknown stage type "rollout"' },
    ]);
    const wrongApp = await create(pipeline({ application: 'other' })).expect(
      400,
    );
    expect(wrongApp.body.issues).toEqual([
      {
        path: 'application',
        message: 'must be "demo" (the application in the URL)',
      },
    ]);
    expect((await knex('cd_pipelines').count({ n: '*' }))[0].n).toBe(0);
  });

  it('answers 400 with line and column for unreadable JSON and YAML', async () => {
    const json = await request(app)
      .post('/api/cd/applications/demo/pipelines')
      .set('Authorization', JANE)
      .set('Content-Type', 'application/json')
      .send('{\n  "name": "x",\n  "stages": [}\n}')
      .expect(400);
    expect(json.body.issues).toEqual([
      {
        path: '',
        message: expect.stringMatching(
          /^JSON syntax error at line 3, column 14: /,
        ),
      },
    ]);
    const yaml = await request(app)
      .post('/api/cd/applications/demo/pipelines')
      .set('Authorization', JANE)
      .set('Content-Type', 'application/yaml')
      .send('name: x\nstages: [\n')
      .expect(400);
    expect(yaml.body.issues[0].message).toMatch(
      /^YAML syntax error at line \d+, column \d+: /,
    );
  });

  it('answers 403 under deny, before reading or writing anything', async () => {
    permissions.denied.add('cd.pipeline.create');
    const res = await create().expect(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect((await knex('cd_pipelines').count({ n: '*' }))[0].n).toBe(0);

    permissions.denied.clear();
    const { body } = await create().expect(201);
    permissions.denied.add('cd.pipeline.update');
    await request(app)
      .put(`/api/cd/pipelines/${body.id}`)
      .set('Authorization', JANE)
      .send(pipeline({ description: 'x' }))
      .expect(403);
    await request(app)
      .post(`/api/cd/pipelines/${body.id}/versions/1/restore`)
      .set('Authorization', JANE)
      .expect(403);
    permissions.denied.add('cd.pipeline.delete');
    await request(app)
      .delete(`/api/cd/pipelines/${body.id}`)
      .set('Authorization', JANE)
      .expect(403);
    permissions.denied.add('cd.pipeline.read');
    await request(app)
      .get(`/api/cd/pipelines/${body.id}`)
      .set('Authorization', JANE)
      .expect(403);
    await request(app)
      .get('/api/cd/applications/demo/pipelines')
      .set('Authorization', JANE)
      .expect(403);
    await request(app)
      .get(`/api/cd/pipelines/${body.id}/export`)
      .set('Authorization', JANE)
      .expect(403);
    const rows = await knex('cd_pipelines').select('version');
    expect(rows).toEqual([{ version: 1 }]);
  });

  it('answers 404 for unknown ids and versions', async () => {
    await request(app)
      .get('/api/cd/pipelines/nope')
      .set('Authorization', JANE)
      .expect(404);
    await request(app)
      .put('/api/cd/pipelines/nope')
      .set('Authorization', JANE)
      .send(pipeline())
      .expect(404);
    await request(app)
      .delete('/api/cd/pipelines/nope')
      .set('Authorization', JANE)
      .expect(404);
    const { body } = await create().expect(201);
    await request(app)
      .get(`/api/cd/pipelines/${body.id}/versions/5`)
      .set('Authorization', JANE)
      .expect(404);
    await request(app)
      .post(`/api/cd/pipelines/${body.id}/versions/5/restore`)
      .set('Authorization', JANE)
      .expect(404);
    const bad = await request(app)
      .get(`/api/cd/pipelines/${body.id}/versions/abc`)
      .set('Authorization', JANE)
      .expect(400);
    expect(bad.body.issues).toEqual([
      { path: 'version', message: 'must be a positive integer' },
    ]);
  });

  it('updates with If-Match, answers 409 when stale, and restores versions', async () => {
    const { body: v1 } = await create().expect(201);
    const v2 = await request(app)
      .put(`/api/cd/pipelines/${v1.id}?comment=slower`)
      .set('Authorization', mockCredentials.user.header('user:default/joe'))
      .set('If-Match', '"1"')
      .send(pipeline({ stages: [{ refId: '1', type: 'wait', waitTime: 60 }] }))
      .expect(200);
    expect(v2.headers.etag).toBe('"2"');
    expect(v2.body).toMatchObject({
      version: 2,
      updatedBy: 'user:default/joe',
    });

    const stale = await request(app)
      .put(`/api/cd/pipelines/${v1.id}`)
      .set('Authorization', JANE)
      .set('If-Match', '"1"')
      .send(pipeline({ description: 'lost' }))
      .expect(409);
    expect(stale.body.error.name).toBe('ConflictError');
    await request(app)
      .put(`/api/cd/pipelines/${v1.id}?expectedVersion=1`)
      .set('Authorization', JANE)
      .send(pipeline({ description: 'lost' }))
      .expect(409);

    const restored = await request(app)
      .post(`/api/cd/pipelines/${v1.id}/versions/1/restore`)
      .set('Authorization', JANE)
      .expect(200);
    expect(restored.body).toMatchObject({
      version: 3,
      updatedBy: 'user:default/jane',
    });
    expect(restored.body.config.stages).toEqual(v1.config.stages);

    const versions = await request(app)
      .get(`/api/cd/pipelines/${v1.id}/versions`)
      .set('Authorization', JANE)
      .expect(200);
    expect(
      versions.body.items.map((v: any) => [
        v.version,
        v.changedBy,
        v.comment ?? null,
      ]),
    ).toEqual([
      [3, 'user:default/jane', 'restored version 1'],
      [2, 'user:default/joe', 'slower'],
      [1, 'user:default/jane', null],
    ]);
    const one = await request(app)
      .get(`/api/cd/pipelines/${v1.id}/versions/2`)
      .set('Authorization', JANE)
      .expect(200);
    expect(one.body.config.stages[0].waitTime).toBe(60);
  });

  it('deletes a pipeline', async () => {
    const { body } = await create().expect(201);
    await request(app)
      .delete(`/api/cd/pipelines/${body.id}`)
      .set('Authorization', JANE)
      .expect(204);
    await request(app)
      .get(`/api/cd/pipelines/${body.id}`)
      .set('Authorization', JANE)
      .expect(404);
    expect((await knex('cd_pipeline_versions').count({ n: '*' }))[0].n).toBe(0);
  });

  it('validates without storing', async () => {
    const ok = await request(app)
      .post('/api/cd/pipelines/validate')
      .set('Authorization', JANE)
      .send(pipeline())
      .expect(200);
    expect(ok.body).toEqual({ valid: true, issues: [] });
    const bad = await request(app)
      .post('/api/cd/pipelines/validate')
      .set('Authorization', JANE)
      .send(pipeline({ triggers: [{ type: 'cron', cronExpression: '* * *' }] }))
      .expect(200);
    expect(bad.body.valid).toBe(false);
    expect(bad.body.issues.map((i: any) => i.path)).toEqual([
      'triggers[0].cronExpression',
    ]);
    const unreadable = await request(app)
      .post('/api/cd/pipelines/validate')
      .set('Authorization', JANE)
      .set('Content-Type', 'text/yaml')
      .send('a: [')
      .expect(200);
    expect(unreadable.body.valid).toBe(false);
    expect(permissions.asked).toContainEqual({
      permission: 'cd.pipeline.read',
      resourceRef: 'component:default/demo-app',
    });
    expect((await knex('cd_pipelines').count({ n: '*' }))[0].n).toBe(0);
  });

  it('imports a Spinnaker export and exports it back as JSON or YAML', async () => {
    const imported = await request(app)
      .post('/api/cd/applications/demo/pipelines/import')
      .set('Authorization', JANE)
      .send([fixture])
      .expect(201);
    expect(imported.body.items).toHaveLength(1);
    expect(imported.body.items[0]).toMatchObject({
      created: true,
      pipeline: { id: fixture.id, version: 1, application: 'demo' },
    });
    expect(imported.body.warnings.map((w: any) => w.path)).toEqual([
      '[0].locked',
      '[0].application',
      '[0].triggers[2]',
      '[0].notifications[1]',
    ]);

    const again = await request(app)
      .post('/api/cd/applications/demo/pipelines/import')
      .set('Authorization', JANE)
      .send(fixture)
      .expect(200);
    expect(again.body.items[0]).toMatchObject({
      created: false,
      pipeline: { id: fixture.id, version: 2 },
    });
    expect(permissions.asked.map(a => a.permission)).toContain(
      'cd.pipeline.update',
    );

    const json = await request(app)
      .get(`/api/cd/pipelines/${fixture.id}/export`)
      .set('Authorization', JANE)
      .expect(200);
    expect(json.headers['content-disposition']).toBe(
      'attachment; filename="Deploy_to_production.json"',
    );
    const yaml = await request(app)
      .get(`/api/cd/pipelines/${fixture.id}/export?format=yaml`)
      .set('Authorization', JANE)
      .expect('Content-Type', /application\/yaml/)
      .expect(200);
    expect(parseYaml(yaml.text)).toEqual(JSON.parse(json.text));
    expect(JSON.parse(json.text).stages).toHaveLength(4);
    await request(app)
      .get(`/api/cd/pipelines/${fixture.id}/export?format=xml`)
      .set('Authorization', JANE)
      .expect(400);
  });

  it('imports nothing when one pipeline of many is invalid', async () => {
    const res = await request(app)
      .post('/api/cd/applications/demo/pipelines/import')
      .set('Authorization', JANE)
      .send([
        { ...fixture, name: 'ok' },
        { ...fixture, name: 'bad', stages: [{ refId: '1', type: 'jenkins' }] },
      ])
      .expect(400);
    expect(res.body.issues).toEqual([
      { path: '[1].stages[0].type', message: 'unknown stage type "jenkins"' },
    ]);
    expect((await knex('cd_pipelines').count({ n: '*' }))[0].n).toBe(0);
  });

  it('is described route for route by openapi/pipelines.yaml', () => {
    const document = parseYaml(
      readFileSync(resolvePath(__dirname, 'openapi/pipelines.yaml'), 'utf8'),
    );
    const documented = Object.entries(
      document.paths as Record<string, Record<string, unknown>>,
    )
      .flatMap(([path, item]) =>
        Object.keys(item)
          .filter(key =>
            ['get', 'put', 'post', 'delete', 'patch'].includes(key),
          )
          .map(
            method =>
              `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
          ),
      )
      .sort();
    const router = createPipelinesRouter({
      pipelines: {} as never,
      authorizer: {} as never,
      stageTypes: GENERIC_STAGE_TYPES,
    });
    const routes = (
      router.stack as Array<{
        route?: { path: string; methods: Record<string, boolean> };
      }>
    )
      .flatMap(layer =>
        layer.route
          ? Object.keys(layer.route.methods).map(
              m => `${m.toUpperCase()} ${layer.route!.path}`,
            )
          : [],
      )
      .sort();
    expect(routes).toHaveLength(11);
    expect(documented).toEqual(routes);
  });
});
