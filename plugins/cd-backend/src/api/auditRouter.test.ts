import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { AuditRecord } from '@internal/plugin-cd-common';
import express from 'express';
import { readFileSync } from 'fs';
import { resolve as resolvePath } from 'path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { DatabaseAuditLog, type AuditLog } from '../audit';
import { TEST_DATABASE_IDS } from '../engine/testing/databases';
import { createHarness, type Harness } from '../engine/testing/harness';
import { StaticApplicationResolver } from '../service/ApplicationResolver';
import { createAuditRouter } from './auditRouter';
import { CdAuthorizer } from './CdAuthorizer';
import { createExecutionsRouter } from './executionsRouter';
import { createPipelinesRouter } from './pipelinesRouter';

jest.setTimeout(90_000);

/** Denies the permission names in `denied`, and anything on the entity refs in `deniedRefs`. */
class SwitchablePermissions implements PermissionsService {
  readonly denied = new Set<string>();
  readonly deniedRefs = new Set<string>();
  readonly asked: Array<{ permission: string; resourceRef?: string }> = [];

  async authorize(requests: Parameters<PermissionsService['authorize']>[0]) {
    return requests.map(r => {
      const resourceRef = (r as { resourceRef?: string }).resourceRef;
      this.asked.push({ permission: r.permission.name, resourceRef });
      const deny = this.denied.has(r.permission.name) || (resourceRef !== undefined && this.deniedRefs.has(resourceRef));
      return { result: deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
    }) as any;
  }

  async authorizeConditional(): Promise<never> {
    throw new Error('not used');
  }
}

const databases = TestDatabases.create({ ids: TEST_DATABASE_IDS });
const JANE = mockCredentials.user.header('user:default/jane');
const pipelineBody = (name: string, stages: unknown[]) => ({ name, stages });

describe.each(databases.eachSupportedId())('audit on %s', databaseId => {
  let h: Harness;
  let app: express.Express;
  let permissions: SwitchablePermissions;
  let log: DatabaseAuditLog;
  let recorder: AuditLog;
  const warnings: string[] = [];

  beforeEach(async () => {
    h = await createHarness(await databases.init(databaseId));
    permissions = new SwitchablePermissions();
    const applications = new StaticApplicationResolver({
      demo: 'component:default/demo-app',
      billing: 'component:default/billing',
    });
    log = new DatabaseAuditLog({ knex: h.knex, entityRefFor: a => applications.entityRefFor(a) });
    // Routes record through this indirection so a test can make recording fail.
    recorder = log;
    const audit: AuditLog = { record: entry => recorder.record(entry) };
    const authorizer = new CdAuthorizer({ httpAuth: mockServices.httpAuth(), permissions, applications });
    const logger = { warn: (m: string) => void warnings.push(m) } as any;
    app = express()
      .use('/api/cd', createPipelinesRouter({ pipelines: h.pipelines, authorizer, stageTypes: h.registry, audit, logger }))
      .use('/api/cd', createExecutionsRouter({ engine: h.engine, authorizer, pipelines: h.pipelines, audit, logger }))
      .use('/api/cd', createAuditRouter({ audit: log, authorizer, applications }))
      .use(MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() }).error());
  });

  afterEach(async () => {
    await h.stop();
  });

  const post = (path: string, body: object = {}) => request(app).post(`/api/cd${path}`).set('Authorization', JANE).send(body);
  const get = (path: string) => request(app).get(`/api/cd${path}`).set('Authorization', JANE);
  const auditOf = async (query = ''): Promise<AuditRecord[]> => {
    const res = await get(`/audit${query}`);
    expect(res.status).toBe(200);
    return res.body.items;
  };

  it('records every pipeline change with who, what, when and the entity', async () => {
    const created = await post('/applications/demo/pipelines?comment=first', pipelineBody('deploy', [{ refId: '1', type: 'noop', name: 'n' }]));
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(
      (await request(app).put(`/api/cd/pipelines/${id}`).set('Authorization', JANE)
        .send(pipelineBody('deploy', [{ refId: '1', type: 'wait', name: 'w', waitTime: 1 }]))).status,
    ).toBe(200);
    expect((await post(`/pipelines/${id}/versions/1/restore`)).status).toBe(200);
    expect((await request(app).delete(`/api/cd/pipelines/${id}`).set('Authorization', JANE)).status).toBe(204);

    const records = await auditOf('?application=demo');
    expect(records.map(r => [r.action, r.target, r.details])).toEqual([
      ['pipeline.delete', id, { name: 'deploy', version: 3 }],
      ['pipeline.restore', id, { name: 'deploy', restoredVersion: 1, version: 3 }],
      ['pipeline.update', id, { name: 'deploy', version: 2, previousVersion: 1 }],
      ['pipeline.create', id, { name: 'deploy', version: 1, comment: 'first' }],
    ]);
    for (const r of records) {
      expect(r).toMatchObject({ actor: 'user:default/jane', application: 'demo', entityRef: 'component:default/demo-app' });
      expect(Date.now() - Date.parse(r.at)).toBeLessThan(60_000);
    }
  });

  it('records imports as creates, then as updates', async () => {
    const spinnaker = { name: 'imported', application: 'demo', stages: [{ refId: '1', type: 'wait', name: 'w', waitTime: 1 }] };
    expect((await post('/applications/demo/pipelines/import', [spinnaker])).status).toBe(201);
    expect((await post('/applications/demo/pipelines/import', [spinnaker])).status).toBe(200);
    const records = await auditOf();
    expect(records.map(r => [r.action, r.details.source, r.details.version])).toEqual([
      ['pipeline.update', 'spinnaker-import', 2],
      ['pipeline.create', 'spinnaker-import', 1],
    ]);
  });

  it('records starts, pauses, resumes, restarts, skipped waits, judgments and cancels; redacts secret parameters', async () => {
    const p = await h.savePipeline({
      stages: [
        { refId: '1', type: 'fail', name: 'flaky', succeedOnAttempt: 2 },
        { refId: '2', type: 'wait', name: 'settle', waitTime: 600, requisiteStageRefIds: ['1'] },
        { refId: '3', type: 'manualJudgment', name: 'approve', requisiteStageRefIds: ['2'] },
        { refId: '4', type: 'wait', name: 'hold', waitTime: 600, requisiteStageRefIds: ['3'] },
      ],
    });
    const started = await post(`/pipelines/${p.id}/executions`, { parameters: { version: '2', apiToken: 's3cr3t' } });
    expect(started.status).toBe(201);
    const id = started.body.id;
    const failed = await h.waitFor(id);
    expect(failed.status).toBe('TERMINAL');
    const flaky = h.stage(failed, 'flaky');
    expect((await post(`/executions/${id}/stages/${flaky.id}/restart`, { reason: 'retry' })).status).toBe(200);
    const waiting = await h.waitFor(id, e => h.stage(e, 'settle').status === 'RUNNING');
    expect((await post(`/executions/${id}/pause`)).status).toBe(200);
    expect((await post(`/executions/${id}/resume`)).status).toBe(200);
    const settle = h.stage(waiting, 'settle');
    expect((await post(`/executions/${id}/stages/${settle.id}/skip-wait`)).status).toBe(200);
    const judging = await h.waitFor(id, e => h.stage(e, 'approve').status === 'RUNNING');
    const approve = h.stage(judging, 'approve');
    expect((await post(`/executions/${id}/stages/${approve.id}/judgment`, { judgmentStatus: 'continue', input: 'lgtm' })).status).toBe(200);
    await h.waitFor(id, e => h.stage(e, 'hold').status === 'RUNNING');
    expect((await post(`/executions/${id}/cancel`, { reason: 'enough' })).status).toBe(200);
    await h.waitFor(id);

    const records = (await auditOf()).filter(r => r.target === id);
    const common = { pipelineId: p.id, pipelineName: p.name };
    expect(records.map(r => [r.action, r.details])).toEqual([
      ['execution.cancel', { ...common, reason: 'enough' }],
      ['judgment.submit', { ...common, stageId: approve.id, stageName: 'approve', judgmentStatus: 'continue', input: 'lgtm' }],
      ['execution.skipWait', { ...common, stageId: settle.id, stageName: 'settle' }],
      ['execution.resume', common],
      ['execution.pause', common],
      ['execution.restartStage', { ...common, stageId: flaky.id, stageName: 'flaky', reason: 'retry' }],
      ['execution.start', { ...common, parameters: { version: '2', apiToken: '[redacted]' } }],
    ]);
    expect(JSON.stringify(await h.knex('cd_audit').select('details'))).not.toContain('s3cr3t');
  });

  it('records nothing for a denied or invalid change', async () => {
    permissions.denied.add('cd.pipeline.create');
    expect((await post('/applications/demo/pipelines', pipelineBody('x', [{ refId: '1', type: 'noop', name: 'n' }]))).status).toBe(403);
    permissions.denied.clear();
    expect((await post('/applications/demo/pipelines', pipelineBody('x', [{ refId: '1', type: 'nope', name: 'n' }]))).status).toBe(400);
    const p = await h.savePipeline({ stages: [{ refId: '1', type: 'noop', name: 'n' }] });
    permissions.denied.add('cd.pipeline.execute');
    expect((await post(`/pipelines/${p.id}/executions`)).status).toBe(403);
    permissions.denied.clear();
    expect(await auditOf()).toEqual([]);
  });

  it('a failure to record is logged and does not fail the change', async () => {
    recorder = { record: async () => Promise.reject(new Error('disk full')) };
    const created = await post('/applications/demo/pipelines', pipelineBody('kept', [{ refId: '1', type: 'noop', name: 'n' }]));
    expect(created.status).toBe(201);
    expect(await h.pipelines.get(created.body.id)).toBeDefined();
    expect(warnings.some(w => w.includes('pipeline.create') && w.includes('disk full'))).toBe(true);
  });

  it('reads: per application with read permission, portal-wide only readable applications, filters and pages', async () => {
    const at = (i: number) => Date.UTC(2026, 0, 1, 0, i);
    let clock = 0;
    const timed = new DatabaseAuditLog({ knex: h.knex, now: () => clock });
    for (let i = 0; i < 6; i++) {
      clock = at(i);
      await timed.record({
        actor: i % 2 ? 'user:default/joe' : 'user:default/jane',
        action: i % 2 ? 'execution.start' : 'pipeline.update',
        application: i < 3 ? 'demo' : 'billing',
        target: `t${i}`,
        details: {},
      });
    }
    expect((await auditOf()).map(r => r.target)).toEqual(['t5', 't4', 't3', 't2', 't1', 't0']);

    permissions.deniedRefs.add('component:default/billing');
    expect((await auditOf()).map(r => r.target)).toEqual(['t2', 't1', 't0']);
    // One decision per application per request, however many records it has.
    permissions.asked.length = 0;
    await auditOf();
    expect(permissions.asked.map(a => a.resourceRef).sort()).toEqual(['component:default/billing', 'component:default/demo-app']);
    expect((await get('/audit?application=billing')).status).toBe(403);
    expect((await get('/audit?entityRef=component:default/billing')).status).toBe(403);
    expect((await auditOf('?entityRef=component:default/demo-app')).map(r => r.target)).toEqual(['t2', 't1', 't0']);
    expect((await get('/audit?entityRef=component:default/unknown')).status).toBe(404);
    permissions.deniedRefs.clear();

    expect((await auditOf('?actor=user:default/joe&action=execution.start')).map(r => r.target)).toEqual(['t5', 't3', 't1']);
    expect((await auditOf(`?since=${new Date(at(2)).toISOString()}&until=${at(4)}`)).map(r => r.target)).toEqual(['t3', 't2']);
    const page1 = await get('/audit?limit=4');
    expect(page1.body.items.map((r: AuditRecord) => r.target)).toEqual(['t5', 't4', 't3', 't2']);
    const page2 = await get(`/audit?limit=4&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((r: AuditRecord) => r.target)).toEqual(['t1', 't0']);
    expect(page2.body.nextCursor).toBeUndefined();

    const bad = async (query: string) => (await get(`/audit${query}`)).body.issues?.[0]?.path;
    expect(await bad('?action=pipeline.explode')).toBe('action');
    expect(await bad('?since=yesterday')).toBe('since');
    expect(await bad('?limit=0')).toBe('limit');
    expect(await bad('?cursor=zzz')).toBe('cursor');
    expect(await bad('?application=billing&entityRef=component:default/demo-app')).toBe('application');
  });
});

describe('audit router', () => {
  it('is described route for route by openapi/audit.yaml', () => {
    const document = parseYaml(readFileSync(resolvePath(__dirname, 'openapi/audit.yaml'), 'utf8'));
    expect(Object.keys(document.paths)).toEqual(['/audit']);
    const router = createAuditRouter({} as never);
    const routes = (router.stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>)
      .flatMap(l => (l.route ? Object.keys(l.route.methods).map(m => `${m.toUpperCase()} ${l.route!.path}`) : []));
    expect(routes).toEqual(['GET /audit']);
    expect(Object.keys(document.paths['/audit'])).toEqual(['get']);
  });
});
