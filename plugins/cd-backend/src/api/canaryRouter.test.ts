import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { readFileSync } from 'fs';
import type { Knex } from 'knex';
import { resolve as resolvePath } from 'path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import type { AuditEntry, AuditLog } from '../audit/AuditLog';
import { DatabaseCanaryConfigStore } from '../canary/configs';
import { StaticApplicationResolver } from '../service/ApplicationResolver';
import { applyMigrations } from '../service/migrations';
import { CdAuthorizer } from './CdAuthorizer';
import { createCanaryRouter } from './canaryRouter';

jest.setTimeout(60_000);

/** Allows everything except the permission names in `denied`; records what was asked. */
class SwitchablePermissions implements PermissionsService {
  readonly denied = new Set<string>();
  readonly asked: Array<{ permission: string; resourceRef?: string }> = [];

  async authorize(requests: Parameters<PermissionsService['authorize']>[0]) {
    return requests.map(r => {
      this.asked.push({ permission: r.permission.name, resourceRef: (r as { resourceRef?: string }).resourceRef });
      return { result: this.denied.has(r.permission.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
    }) as any;
  }

  async authorizeConditional(): Promise<never> {
    throw new Error('not used by the canary router');
  }
}

class RecordingAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async record(entry: AuditEntry) {
    this.entries.push(entry);
  }
}

const JANE = mockCredentials.user.header('user:default/jane');
const kayentaExport = JSON.parse(
  readFileSync(resolvePath(__dirname, '../../../../examples/canary/demo-app.json'), 'utf8'),
);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('canary router on %s', databaseId => {
  let knex: Knex;
  let app: express.Express;
  let permissions: SwitchablePermissions;
  let audit: RecordingAuditLog;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyMigrations(knex);
  });

  beforeEach(async () => {
    await knex('cd_canary_config_versions').delete();
    await knex('cd_canary_configs').delete();
    permissions = new SwitchablePermissions();
    audit = new RecordingAuditLog();
    const authorizer = new CdAuthorizer({
      httpAuth: mockServices.httpAuth(),
      permissions,
      applications: new StaticApplicationResolver({ 'demo-app': 'component:default/demo-app' }),
    });
    const router = createCanaryRouter({ canaryConfigs: new DatabaseCanaryConfigStore({ knex }), authorizer, audit });
    app = express()
      .use('/api/cd', router)
      .use(MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() }).error());
  });

  const create = (body: unknown) =>
    request(app).post('/api/cd/applications/demo-app/canaryConfigs').set('Authorization', JANE).send(body as object);

  it('imports a Kayenta export as it is, then versions every save', async () => {
    const created = await create(kayentaExport).expect(201);
    expect(created.body).toMatchObject({
      application: 'demo-app',
      name: 'demo-app',
      version: 1,
      updatedBy: 'user:default/jane',
      config: { name: 'demo-app', applications: ['demo-app'], classifier: kayentaExport.classifier },
    });
    expect(created.headers.location).toBe(`/api/cd/canaryConfigs/${created.body.id}`);
    expect(created.body.config.metrics).toEqual(kayentaExport.metrics);

    const changed = { ...kayentaExport, classifier: { ...kayentaExport.classifier, scoreThresholds: { pass: 90, marginal: 60 } } };
    const updated = await request(app)
      .put(`/api/cd/canaryConfigs/${created.body.id}`)
      .set('Authorization', JANE)
      .send({ config: changed, expectedVersion: 1 })
      .expect(200);
    expect(updated.body.version).toBe(2);

    const latest = await request(app).get(`/api/cd/canaryConfigs/${created.body.id}`).set('Authorization', JANE).expect(200);
    expect(latest.body.config.classifier.scoreThresholds).toEqual({ pass: 90, marginal: 60 });
    const list = await request(app).get('/api/cd/applications/demo-app/canaryConfigs').set('Authorization', JANE).expect(200);
    expect(list.body.map((c: { id: string; version: number }) => [c.id, c.version])).toEqual([[created.body.id, 2]]);
    const versions = await request(app)
      .get(`/api/cd/canaryConfigs/${created.body.id}/versions`)
      .set('Authorization', JANE)
      .expect(200);
    expect(versions.body.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions.body[1].config.classifier.scoreThresholds).toEqual({ pass: 75, marginal: 50 });

    expect(audit.entries.map(e => [e.action, e.target, e.actor])).toEqual([
      ['canaryConfig.create', created.body.id, 'user:default/jane'],
      ['canaryConfig.update', created.body.id, 'user:default/jane'],
    ]);
    expect(permissions.asked).toContainEqual({ permission: 'cd.canaryConfig.manage', resourceRef: 'component:default/demo-app' });
    expect(permissions.asked).toContainEqual({ permission: 'cd.pipeline.read', resourceRef: 'component:default/demo-app' });
  });

  it('answers 400 naming the bad field and stores nothing', async () => {
    const bad = {
      ...kayentaExport,
      metrics: [{ ...kayentaExport.metrics[0], groups: [] }, { ...kayentaExport.metrics[1], analysisConfigurations: { canary: { direction: 'up' } } }],
    };
    const res = await create({ config: bad }).expect(400);
    expect(res.body.issues.map((i: { path: string }) => i.path)).toEqual([
      'config.metrics[0].groups',
      'config.metrics[1].analysisConfigurations.canary.direction',
    ]);
    const wrongApp = await create({ config: { ...kayentaExport, applications: ['shop'] } }).expect(400);
    expect(wrongApp.body.issues).toEqual([{ path: 'config.applications', message: 'must include "demo-app" (the application it is stored for)' }]);
    const noConfig = await create({ configuration: kayentaExport }).expect(400);
    expect(noConfig.body.issues[0].path).toBe('body');
    expect((await knex('cd_canary_configs').count({ n: '*' }))[0].n).toEqual(databaseId === 'POSTGRES_15' ? '0' : 0);
    expect(audit.entries).toEqual([]);
  });

  it('answers 409 for a stale expectedVersion and for a taken name', async () => {
    const created = await create({ config: kayentaExport }).expect(201);
    await request(app)
      .put(`/api/cd/canaryConfigs/${created.body.id}`)
      .set('Authorization', JANE)
      .send({ config: kayentaExport, expectedVersion: 1 })
      .expect(200);
    const stale = await request(app)
      .put(`/api/cd/canaryConfigs/${created.body.id}`)
      .set('Authorization', JANE)
      .send({ config: kayentaExport, expectedVersion: 1 })
      .expect(409);
    expect(stale.body.error.message).toMatch(/at version 2, not 1/);
    await create({ config: kayentaExport }).expect(409);
  });

  it('keeps a Kayenta id so pipelines referring to it by canaryConfigId find it', async () => {
    const created = await create({ ...kayentaExport, id: 'b4f5e8a0-kayenta' }).expect(201);
    expect(created.body.id).toBe('b4f5e8a0-kayenta');
    expect(created.body.config.id).toBe('b4f5e8a0-kayenta');
  });

  it('checks permissions before reading or writing, and deletes with every version', async () => {
    const created = await create({ config: kayentaExport }).expect(201);
    permissions.denied.add('cd.canaryConfig.manage');
    await create({ config: { ...kayentaExport, name: 'other' } }).expect(403);
    await request(app).delete(`/api/cd/canaryConfigs/${created.body.id}`).set('Authorization', JANE).expect(403);
    permissions.denied.clear();
    permissions.denied.add('cd.pipeline.read');
    await request(app).get(`/api/cd/canaryConfigs/${created.body.id}`).set('Authorization', JANE).expect(403);
    await request(app).get('/api/cd/applications/demo-app/canaryConfigs').set('Authorization', JANE).expect(403);
    permissions.denied.clear();

    await request(app).delete(`/api/cd/canaryConfigs/${created.body.id}`).set('Authorization', JANE).expect(204);
    await request(app).get(`/api/cd/canaryConfigs/${created.body.id}`).set('Authorization', JANE).expect(404);
    expect((await knex('cd_canary_config_versions').count({ n: '*' }))[0].n).toEqual(databaseId === 'POSTGRES_15' ? '0' : 0);
    expect(audit.entries.map(e => e.action)).toEqual(['canaryConfig.create', 'canaryConfig.delete']);
  });
});

it('is described route for route by openapi/canary.yaml', () => {
  const document = parseYaml(readFileSync(resolvePath(__dirname, 'openapi/canary.yaml'), 'utf8'));
  const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter(key => ['get', 'put', 'post', 'delete', 'patch'].includes(key))
        .map(method => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    )
    .sort();
  const router = createCanaryRouter({ canaryConfigs: {} as never, authorizer: {} as never });
  const routes = (router.stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>)
    .flatMap(layer => (layer.route ? Object.keys(layer.route.methods).map(m => `${m.toUpperCase()} ${layer.route!.path}`) : []))
    .sort();
  expect(routes).toHaveLength(6);
  expect(documented).toEqual(routes);
});
