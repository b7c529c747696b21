import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Execution, ExecutionStatus, StageExecution } from '@internal/plugin-cd-common';
import express from 'express';
import { readFileSync } from 'fs';
import { resolve as resolvePath } from 'path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { DoraService, productionAccountPredicate } from '../dora';
import { TEST_DATABASE_IDS } from '../engine/testing/databases';
import { createHarness, type Harness } from '../engine/testing/harness';
import { StaticApplicationResolver } from '../service/ApplicationResolver';
import { CdAuthorizer } from './CdAuthorizer';
import { createDoraRouter } from './doraRouter';

jest.setTimeout(90_000);

class RefPermissions implements PermissionsService {
  readonly deniedRefs = new Set<string>();
  async authorize(requests: Parameters<PermissionsService['authorize']>[0]) {
    return requests.map(r => ({
      result: this.deniedRefs.has((r as { resourceRef?: string }).resourceRef ?? '') ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
    })) as any;
  }
  async authorizeConditional(): Promise<never> {
    throw new Error('not used');
  }
}

const databases = TestDatabases.create({ ids: TEST_DATABASE_IDS });
const JANE = mockCredentials.user.header('user:default/jane');
const HOUR = 3_600_000;
/** 2026-01-DD hh:mm UTC. 2026-01-05, -12, -19 and -26 are Mondays. */
const jan = (day: number, hour: number, minute = 0) => Date.UTC(2026, 0, day, hour, minute);
const NOW = jan(28, 12);

type StageSpec = { type: string; account?: string; status: ExecutionStatus };

let counter = 0;
/** A finished execution as the engine stores it, with chosen times. */
function execution(spec: {
  application: string;
  type?: Execution['type'];
  status: ExecutionStatus;
  build: number;
  end: number;
  stages: StageSpec[];
  trigger?: Record<string, unknown>;
}): Execution {
  counter += 1;
  const id = `exec-${counter}`;
  const stages: StageExecution[] = spec.stages.map((s, i) => ({
    id: `${id}-stage-${i}`,
    refId: String(i + 1),
    type: s.type,
    name: `${s.type} ${s.account ?? ''}`.trim(),
    status: s.status,
    requisiteStageRefIds: i > 0 ? [String(i)] : [],
    context: s.account ? { account: s.account } : {},
    outputs: {},
    tasks: [],
  }));
  return {
    id,
    type: spec.type ?? 'PIPELINE',
    application: spec.application,
    pipelineConfigId: spec.type === 'ORCHESTRATION' ? `task:${id}` : `pipeline-${spec.application}`,
    name: spec.type === 'ORCHESTRATION' ? 'Roll back' : 'Release',
    status: spec.status,
    trigger: { type: 'manual', user: 'user:default/jane', parameters: {}, ...spec.trigger },
    stages,
    pipelineConfig: { application: spec.application, name: 'Release', stages: [] } as never,
    buildTime: spec.build,
    startTime: spec.build,
    endTime: spec.end,
  };
}

const toStaging = (status: ExecutionStatus = 'SUCCEEDED'): StageSpec => ({ type: 'deployManifest', account: 'staging', status });
const toProd = (status: ExecutionStatus = 'SUCCEEDED'): StageSpec => ({ type: 'deployManifest', account: 'prod-eu', status });

/**
 * shop, window 2026-01-14 12:00 → 2026-01-28 12:00 (14 days):
 *   E0 prod TERMINAL   ends 01-13 10:00 (before the window: opens an incident)
 *   E1 prod SUCCEEDED  artifact 08:00, ends 01-15 11:00 → lead 3 h; restores E0 (49 h)
 *   E2 staging TERMINAL, prod stage never ran → not a production change
 *   E3 prod TERMINAL   ends 01-20 10:00 → failure, incident
 *   E4 prod SUCCEEDED  commit 12:00, ends 01-20 14:00 → lead 2 h; restores E3 (4 h)
 *   E5 prod SUCCEEDED  buildInfo 09:00 (unix s), ends 01-22 10:30 → lead 1.5 h
 *   R1 rollback (ORCHESTRATION undoRolloutManifest) 01-22 11:00–11:30 → E5 failed; restores it (1 h)
 *   E6 prod SUCCEEDED  no artifact, build 01-27 08:00, ends 09:00 → lead 1 h
 * billing:
 *   B1 prod SUCCEEDED  build 01-21 10:00, ends 12:00 → lead 2 h
 */
function history(): Execution[] {
  return [
    execution({ application: 'shop', status: 'TERMINAL', build: jan(13, 9), end: jan(13, 10), stages: [toProd('TERMINAL')] }),
    execution({
      application: 'shop', status: 'SUCCEEDED', build: jan(15, 10), end: jan(15, 11), stages: [toStaging(), toProd()],
      trigger: { artifacts: [{ type: 'docker/image', reference: 'shop:1', createdAt: new Date(jan(15, 8)).toISOString() }] },
    }),
    execution({ application: 'shop', status: 'TERMINAL', build: jan(16, 9), end: jan(16, 10), stages: [toStaging('TERMINAL'), toProd('NOT_STARTED')] }),
    execution({ application: 'shop', status: 'TERMINAL', build: jan(20, 9), end: jan(20, 10), stages: [toStaging(), toProd('TERMINAL')] }),
    execution({
      application: 'shop', status: 'SUCCEEDED', build: jan(20, 13), end: jan(20, 14), stages: [toProd()],
      trigger: { type: 'webhook', payload: { head_commit: { timestamp: '2026-01-20T12:00:00Z' } } },
    }),
    execution({
      application: 'shop', status: 'SUCCEEDED', build: jan(22, 10), end: jan(22, 10, 30), stages: [toProd()],
      trigger: { buildInfo: { number: 42, timestamp: jan(22, 9) / 1000 } },
    }),
    execution({
      application: 'shop', type: 'ORCHESTRATION', status: 'SUCCEEDED', build: jan(22, 11), end: jan(22, 11, 30),
      stages: [{ type: 'undoRolloutManifest', account: 'prod-eu', status: 'SUCCEEDED' }],
    }),
    execution({ application: 'shop', status: 'SUCCEEDED', build: jan(27, 8), end: jan(27, 9), stages: [toProd()] }),
    execution({ application: 'billing', status: 'SUCCEEDED', build: jan(21, 10), end: jan(21, 12), stages: [toProd()] }),
  ];
}

const SHOP = {
  windowDays: 14,
  from: '2026-01-14T12:00:00.000Z',
  to: '2026-01-28T12:00:00.000Z',
  deployments: 4,
  deploymentsPerDay: 4 / 14,
  leadTimeMs: 1.75 * HOUR,
  changeFailureRate: 2 / 5,
  timeToRestoreMs: 4 * HOUR,
  trend: [
    { start: '2026-01-12', deployments: 1, failures: 0, leadTimeMs: 3 * HOUR, timeToRestoreMs: 49 * HOUR },
    { start: '2026-01-19', deployments: 2, failures: 2, leadTimeMs: 1.75 * HOUR, timeToRestoreMs: 2.5 * HOUR },
    { start: '2026-01-26', deployments: 1, failures: 0, leadTimeMs: 1 * HOUR },
  ],
};

describe.each(databases.eachSupportedId())('GET /dora on %s', databaseId => {
  let h: Harness;
  let app: express.Express;
  let permissions: RefPermissions;
  let now: number;

  beforeEach(async () => {
    h = await createHarness(await databases.init(databaseId));
    for (const e of history()) {
      if (!(await h.engine.repository.insert(e, []))) throw new Error(`execution ${e.id} not written`);
    }
    permissions = new RefPermissions();
    now = NOW;
    const applications = new StaticApplicationResolver({ shop: 'component:default/shop', billing: 'component:default/billing' });
    const dora = new DoraService({
      knex: h.knex,
      isProductionAccount: productionAccountPredicate([
        { name: 'prod-eu', environment: 'production' },
        { name: 'staging', environment: 'staging' },
      ]),
      now: () => now,
    });
    app = express()
      .use('/api/cd', createDoraRouter({
        dora,
        authorizer: new CdAuthorizer({ httpAuth: mockServices.httpAuth(), permissions, applications }),
        applications,
      }))
      .use(MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() }).error());
  });

  afterEach(() => h.stop());

  const get = (query: string) => request(app).get(`/api/cd/dora${query}`).set('Authorization', JANE);

  it('computes the four keys and weekly trend of an application from its executions', async () => {
    const res = await get('?application=shop&days=14');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ scope: 'application:shop', ...SHOP });
    const byEntity = await get('?entityRef=component:default/shop&days=14');
    expect(byEntity.body).toEqual({ scope: 'entity:component:default/shop', ...SHOP });
  });

  it('portal-wide covers the applications the caller may read', async () => {
    const all = await get('?days=14');
    expect(all.body).toMatchObject({
      scope: 'portal',
      deployments: 5,
      deploymentsPerDay: 5 / 14,
      leadTimeMs: 2 * HOUR,
      changeFailureRate: 2 / 6,
      timeToRestoreMs: 4 * HOUR,
    });
    expect(all.body.trend[1]).toEqual({ start: '2026-01-19', deployments: 3, failures: 2, leadTimeMs: 2 * HOUR, timeToRestoreMs: 2.5 * HOUR });

    permissions.deniedRefs.add('component:default/billing');
    expect((await get('?days=14')).body).toEqual({ scope: 'portal', ...SHOP });
    expect((await get('?application=billing')).status).toBe(403);
    permissions.deniedRefs.add('component:default/shop');
    const none = await get('?days=14');
    expect(none.body).toMatchObject({ scope: 'portal', deployments: 0, deploymentsPerDay: 0 });
    expect(none.body.leadTimeMs).toBeUndefined();
    expect(none.body.changeFailureRate).toBeUndefined();
  });

  it('the default window is 30 days; bad queries are 400s naming the parameter', async () => {
    now = jan(28, 12) + 16 * 24 * HOUR; // 02-13: 30 days back is 01-14 12:00 again
    const res = await get('?application=shop');
    expect(res.body).toMatchObject({ windowDays: 30, from: '2026-01-14T12:00:00.000Z', deployments: 4, changeFailureRate: 0.4 });
    expect(res.body.trend.map((t: { start: string }) => t.start)).toEqual([
      '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09',
    ]);
    expect((await get('?application=shop&days=0')).body.issues[0].path).toBe('days');
    expect((await get('?application=shop&days=abc')).body.issues[0].path).toBe('days');
    expect((await get('?entityRef=component:default/nothing')).status).toBe(404);
  });

  it('measures an execution the engine ran: lead time from its artifact to its end', async () => {
    const createdAt = Date.now() - 5 * 60_000;
    const pipeline = await h.pipelines.create(
      { application: 'live', name: 'to prod', stages: [{ refId: '1', type: 'noop', name: 'deploy', account: 'prod-eu' }] } as never,
      'user:default/jane',
    );
    const started = await h.engine.start(pipeline, {
      type: 'manual', user: 'user:default/jane', parameters: {},
      artifacts: [{ type: 'docker/image', reference: 'live:1', createdAt }],
    });
    const done = await h.waitFor(started.id);
    expect(done.status).toBe('SUCCEEDED');
    now = done.endTime! + 1;
    const res = await get('?application=live&days=1');
    expect(res.body).toMatchObject({ deployments: 1, changeFailureRate: 0, leadTimeMs: done.endTime! - createdAt });
  });
});

describe('dora router', () => {
  it('is described route for route by openapi/dora.yaml', () => {
    const document = parseYaml(readFileSync(resolvePath(__dirname, 'openapi/dora.yaml'), 'utf8'));
    expect(Object.keys(document.paths)).toEqual(['/dora']);
    expect(Object.keys(document.paths['/dora'])).toEqual(['get']);
    const router = createDoraRouter({} as never);
    const routes = (router.stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>)
      .flatMap(l => (l.route ? Object.keys(l.route.methods).map(m => `${m.toUpperCase()} ${l.route!.path}`) : []));
    expect(routes).toEqual(['GET /dora']);
  });
});
