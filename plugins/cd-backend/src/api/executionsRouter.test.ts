import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { createHarness, Harness } from '../engine/testing/harness';
import { WebhookTriggers } from '../engine/triggers';
import { StaticApplicationResolver } from '../service/ApplicationResolver';
import { CdAuthorizer } from './CdAuthorizer';
import { createExecutionsRouter } from './executionsRouter';

jest.setTimeout(60_000);

/** Allows everything except the permission names in `denied`; records what was asked. */
class SwitchablePermissions implements PermissionsService {
  readonly denied = new Set<string>();
  readonly asked: string[] = [];

  async authorize(requests: Parameters<PermissionsService['authorize']>[0]) {
    return requests.map(r => {
      this.asked.push(r.permission.name);
      return { result: this.denied.has(r.permission.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
    }) as any;
  }

  async authorizeConditional(): Promise<never> {
    throw new Error('not used');
  }
}

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const JANE = mockCredentials.user.header('user:default/jane');
const SECRET = 'the-webhook-secret';

describe('executions router', () => {
  let h: Harness;
  let app: express.Express;
  let permissions: SwitchablePermissions;
  let memberOf: string[];

  beforeEach(async () => {
    h = await createHarness(await databases.init('SQLITE_3'));
    permissions = new SwitchablePermissions();
    memberOf = [];
    const authorizer = new CdAuthorizer({
      httpAuth: mockServices.httpAuth(),
      permissions,
      applications: new StaticApplicationResolver({ demo: 'component:default/demo-app' }),
    });
    const router = createExecutionsRouter({
      engine: h.engine,
      authorizer,
      pipelines: h.pipelines,
      webhooks: new WebhookTriggers({ engine: h.engine, pipelines: h.pipelines, secret: SECRET }),
      judgmentAuthorizer: async ({ requiredJudgmentRoles }) => requiredJudgmentRoles.some(r => memberOf.includes(r)),
    });
    const config = mockServices.rootConfig();
    const logger = mockServices.logger.mock();
    app = express().use('/api/cd', router).use(MiddlewareFactory.create({ config, logger }).error());
  });

  afterEach(async () => {
    await h.stop();
    // The "no zombie" invariant holds at rest after every test.
    const zombies = await h.zombies();
    if (zombies.length > 0) throw new Error(`zombie executions: ${JSON.stringify(zombies)}`);
  });

  const api = () => request(app);
  const post = (path: string, body: object = {}) => api().post(`/api/cd${path}`).set('Authorization', JANE).send(body);
  const get = (path: string) => api().get(`/api/cd${path}`).set('Authorization', JANE);

  it('starts an execution with validated parameters (400 with paths, 404, 409 when disabled)', async () => {
    const p = await h.savePipeline({
      parameterConfig: [{ name: 'version', required: true }, { name: 'env', hasOptions: true, options: [{ value: 'dev' }, { value: 'prod' }], default: 'dev' }],
      stages: [{ refId: '1', type: 'noop', name: 'n' }],
    });
    const bad = await post(`/pipelines/${p.id}/executions`, { parameters: { env: 'qa' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['parameters.env', 'parameters.version']);

    const ok = await post(`/pipelines/${p.id}/executions`, { parameters: { version: '1.0' } });
    expect(ok.status).toBe(201);
    expect(ok.body.trigger).toMatchObject({ type: 'manual', user: 'user:default/jane', parameters: { version: '1.0', env: 'dev' } });
    expect(permissions.asked).toContain('cd.pipeline.execute');
    const done = await h.waitFor(ok.body.id);
    expect(done.status).toBe('SUCCEEDED');

    const fetched = await get(`/executions/${ok.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body.stages).toHaveLength(1);

    expect((await post('/pipelines/nope/executions')).status).toBe(404);
    expect((await get('/executions/nope')).status).toBe(404);

    await h.pipelines.update(p.id, { ...p.config, disabled: true }, 'user:default/jane');
    expect((await post(`/pipelines/${p.id}/executions`, { parameters: { version: '1' } })).status).toBe(409);

    permissions.denied.add('cd.pipeline.execute');
    expect((await post(`/pipelines/${p.id}/executions`, { parameters: { version: '1' } })).status).toBe(403);
  });

  it('lists with filters and paging; rejects bad queries with paths', async () => {
    const p = await h.savePipeline({ stages: [{ refId: '1', type: 'noop', name: 'n' }] });
    for (let i = 0; i < 3; i++) await h.waitFor((await post(`/pipelines/${p.id}/executions`)).body.id);
    const page = await get(`/executions?application=demo&pipelineId=${p.id}&status=SUCCEEDED&limit=2`);
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    const next = await get(`/executions?application=demo&limit=2&cursor=${page.body.nextCursor}`);
    expect(next.body.items).toHaveLength(1);
    const bad = await get('/executions?application=demo&status=WAITING');
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([{ path: 'status', message: 'unknown status WAITING' }]);
    // Without an application: portal-wide, over the applications the caller may read.
    const all = await get('/executions?limit=200');
    expect(all.status).toBe(200);
    expect(all.body.items.filter((e: { pipelineConfigId: string }) => e.pipelineConfigId === p.id)).toHaveLength(3);
    permissions.denied.add('cd.pipeline.read');
    expect((await get('/executions')).body.items).toEqual([]);
    permissions.denied.delete('cd.pipeline.read');
    expect((await get('/executions?pipelineId=nope')).status).toBe(404);
    expect((await get('/executions?application=demo&cursor=zzz')).body.issues[0].path).toBe('cursor');
  });

  it('pauses, resumes, cancels with 409 on conflicting state changes', async () => {
    const p = await h.savePipeline({ stages: [{ refId: '1', type: 'wait', name: 'w', waitTime: 60 }] });
    const id = (await post(`/pipelines/${p.id}/executions`)).body.id;
    await h.waitFor(id, e => e.stages[0].status === 'RUNNING');
    expect((await post(`/executions/${id}/resume`)).status).toBe(409);
    expect((await post(`/executions/${id}/pause`)).body.status).toBe('PAUSED');
    expect((await post(`/executions/${id}/resume`)).body.status).toBe('RUNNING');
    const stageId = (await h.engine.get(id))!.stages[0].id;
    expect((await post(`/executions/${id}/stages/${stageId}/restart`, { reason: 'x' })).status).toBe(409);
    expect((await post(`/executions/${id}/stages/${stageId}/judgment`, { judgmentStatus: 'continue' })).status).toBe(409);
    const canceled = await post(`/executions/${id}/cancel`, { reason: 'not today' });
    expect(canceled.status).toBe(200);
    expect((await h.waitFor(id)).cancellationReason).toBe('not today');
    expect((await post(`/executions/${id}/cancel`)).status).toBe(409);
    expect((await post(`/executions/${id}/stages/nope/restart`)).status).toBe(404);
  });

  it('judgments: validates input, enforces requiredJudgmentRoles, records the judge', async () => {
    const p = await h.savePipeline({
      stages: [
        {
          refId: '1',
          type: 'manualJudgment',
          name: 'approve',
          judgmentInputs: [{ value: 'ship' }, { value: 'hold' }],
          requiredJudgmentRoles: ['group:default/release-managers'],
        },
      ],
    });
    const id = (await post(`/pipelines/${p.id}/executions`)).body.id;
    const running = await h.waitFor(id, e => e.stages[0].status === 'RUNNING');
    const url = `/executions/${id}/stages/${running.stages[0].id}/judgment`;
    expect((await post(url, { judgmentStatus: 'maybe' })).body.issues[0].path).toBe('judgmentStatus');
    expect((await post(url, { judgmentStatus: 'continue', input: 'ship' })).status).toBe(403);
    memberOf = ['group:default/release-managers'];
    expect((await post(url, { judgmentStatus: 'continue', input: 'other' })).body.issues).toEqual([
      { path: 'input', message: 'must be one of ship, hold' },
    ]);
    expect((await post(url, { judgmentStatus: 'continue', input: 'ship' })).status).toBe(200);
    const done = await h.waitFor(id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.stages[0].lastModified?.user).toBe('user:default/jane');
  });

  it('skips a wait and evaluates expressions against an execution', async () => {
    const p = await h.savePipeline({ stages: [{ refId: '1', type: 'wait', name: 'w', waitTime: 600 }] });
    const id = (await post(`/pipelines/${p.id}/executions`, { parameters: { app: 'shop' } })).body.id;
    const running = await h.waitFor(id, e => e.stages[0].status === 'RUNNING');
    const value = await post(`/executions/${id}/evaluate-expression`, { expression: "${ parameters.app + '-' + execution.stages.size() }" });
    expect(value.body).toEqual({ value: 'shop-1' });
    const error = await post(`/executions/${id}/evaluate-expression`, { expression: '${ #nope() }' });
    expect(error.body.error).toBeDefined();
    expect((await post(`/executions/${id}/stages/${running.stages[0].id}/skip-wait`)).status).toBe(200);
    expect((await h.waitFor(id)).status).toBe('SUCCEEDED');
  });

  it('webhook trigger: needs the shared secret and starts pipelines whose constraints match', async () => {
    const p = await h.savePipeline({
      triggers: [{ type: 'webhook', source: 'ci', enabled: true, payloadConstraints: { branch: 'main|release-.*' } }],
      stages: [{ refId: '1', type: 'noop', name: 'n', tag: '${ trigger.payload.tag }' }],
    });
    const hook = (body: object, secret?: string) => {
      const r = api().post('/api/cd/webhooks/ci');
      return (secret ? r.set('X-Cd-Webhook-Secret', secret) : r).send(body);
    };
    expect((await hook({ branch: 'main' })).status).toBe(403);
    expect((await hook({ branch: 'main' }, 'wrong')).status).toBe(403);
    const skipped = await hook({ branch: 'feature-x' }, SECRET);
    expect(skipped.body.started).toEqual([]);
    const started = await hook({ branch: 'release-2', tag: 'v2' }, SECRET);
    expect(started.status).toBe(202);
    expect(started.body.started).toEqual([{ pipelineId: p.id, executionId: expect.any(String) }]);
    const done = await h.waitFor(started.body.started[0].executionId);
    expect(done.stages[0].context.tag).toBe('v2');
    expect(done.trigger).toMatchObject({ type: 'webhook', source: 'ci' });
  });
});
