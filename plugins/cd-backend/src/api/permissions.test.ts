import {
  coreServices,
  createServiceFactory,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  cdAccountConditions,
  cdAccountDeployPermission,
  createCdAccountConditionalDecision,
} from '@internal/plugin-cd-common';
import express from 'express';
import Router from 'express-promise-router';
import { readdirSync, readFileSync } from 'fs';
import type { Knex } from 'knex';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { join } from 'path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { accountDirectory } from '../permissions';
import { StaticApplicationResolver } from '../service/ApplicationResolver';
import { cdPlugin } from '../plugin';
import { CdAuthorizer } from './CdAuthorizer';

/*
 * Every mutating route of the cd API, run through the real plugin (real
 * router, auth policies and SQLite database) twice: with its permission
 * denied (403 naming the permission, and no change in any cd table), then
 * allowed (the call succeeds). Add a row to ROUTES for each new mutating
 * route; the coverage test fails until every mutating operation of the
 * OpenAPI documents has one.
 */

jest.setTimeout(120_000);

const APP = 'demo-app';
const JANE = mockCredentials.user.header('user:default/jane');

/** Allows everything but the one permission named in `denied`. */
class SwitchablePermissions implements PermissionsService {
  denied: string | undefined;

  async authorize(requests: Parameters<PermissionsService['authorize']>[0]) {
    return requests.map(r => ({ result: this.resultFor(r.permission.name) })) as any;
  }

  async authorizeConditional(queries: Parameters<PermissionsService['authorizeConditional']>[0]) {
    return queries.map(q => ({ result: this.resultFor(q.permission.name) })) as any;
  }

  private resultFor(name: string) {
    return name === this.denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW;
  }
}

const demoEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: APP, namespace: 'default', annotations: { 'cd.backstage.io/application': APP } },
  spec: { type: 'service', owner: 'group:default/team-shop', lifecycle: 'production' },
};

type Method = 'post' | 'put' | 'patch' | 'delete';
interface RouteCall {
  method: Method;
  path: string;
  body?: unknown;
}

/** What a row's `prepare` may use: the API as an allowed user, and the database. */
interface Fixtures {
  knex: Knex;
  /** A call as jane with everything allowed (for setting things up). */
  call(method: Method | 'get', path: string, body?: unknown): Promise<request.Response>;
  createPipeline(config?: Record<string, unknown>): Promise<{ id: string; version: number; config: Record<string, unknown> }>;
  /** Starts the pipeline and waits until `ready` holds and the engine has nothing due. */
  startExecution(pipelineId: string, ready: (e: ExecutionBody) => boolean): Promise<ExecutionBody>;
}
interface ExecutionBody {
  id: string;
  status: string;
  stages: Array<{ id: string; refId: string; status: string }>;
}

interface MutatingRoute {
  /** `METHOD /path` as in the OpenAPI document (with `{params}`). */
  operation: string;
  /** The permission the route checks (the one denied in the deny pass). */
  permission: string;
  /** Builds the state the call needs and returns the call. */
  prepare(f: Fixtures): Promise<RouteCall>;
  /** Status of the allowed call. */
  allowedStatus: number;
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}-${++counter}`;

const waitStage = (waitTime: number) => ({ refId: '1', type: 'wait', name: 'Wait', waitTime });
const judgmentStage = { refId: '1', type: 'manualJudgment', name: 'Approve' };
const failingStage = {
  refId: '1',
  type: 'checkPreconditions',
  name: 'Check',
  preconditions: [{ type: 'expression', context: { expression: false } }],
};
const canaryConfig = (name: string) => ({
  name,
  metrics: [
    {
      name: 'error rate',
      query: { type: 'localCluster', metric: 'errorRate' },
      groups: ['errors'],
      analysisConfigurations: { canary: { direction: 'increase' } },
    },
  ],
  classifier: { groupWeights: { errors: 100 }, scoreThresholds: { pass: 75, marginal: 50 } },
});
const stageRunning = (e: ExecutionBody) => e.stages[0]?.status === 'RUNNING';
const firstStage = (e: ExecutionBody) => e.stages[0].id;

const ROUTES: MutatingRoute[] = [
  {
    operation: 'POST /applications/{application}/pipelines',
    permission: 'cd.pipeline.create',
    prepare: async () => ({
      method: 'post',
      path: `/applications/${APP}/pipelines`,
      body: { name: `created-${unique()}`, stages: [waitStage(1)] },
    }),
    allowedStatus: 201,
  },
  {
    operation: 'POST /applications/{application}/pipelines/import',
    permission: 'cd.pipeline.create',
    prepare: async () => ({
      method: 'post',
      path: `/applications/${APP}/pipelines/import`,
      body: { application: APP, name: `imported-${unique()}`, stages: [waitStage(1)], triggers: [] },
    }),
    allowedStatus: 201,
  },
  {
    operation: 'PUT /pipelines/{id}',
    permission: 'cd.pipeline.update',
    prepare: async f => {
      const p = await f.createPipeline();
      return { method: 'put', path: `/pipelines/${p.id}`, body: { ...p.config, stages: [waitStage(2)] } };
    },
    allowedStatus: 200,
  },
  {
    operation: 'DELETE /pipelines/{id}',
    permission: 'cd.pipeline.delete',
    prepare: async f => ({ method: 'delete', path: `/pipelines/${(await f.createPipeline()).id}` }),
    allowedStatus: 204,
  },
  {
    operation: 'POST /pipelines/{id}/versions/{version}/restore',
    permission: 'cd.pipeline.update',
    prepare: async f => {
      const p = await f.createPipeline();
      expect((await f.call('put', `/pipelines/${p.id}`, { ...p.config, stages: [waitStage(3)] })).status).toBe(200);
      return { method: 'post', path: `/pipelines/${p.id}/versions/1/restore` };
    },
    allowedStatus: 200,
  },
  {
    operation: 'POST /pipelines/{id}/executions',
    permission: 'cd.pipeline.execute',
    prepare: async f => ({ method: 'post', path: `/pipelines/${(await f.createPipeline({ stages: [waitStage(0)] })).id}/executions`, body: {} }),
    allowedStatus: 201,
  },
  {
    operation: 'POST /executions/{id}/cancel',
    permission: 'cd.execution.cancel',
    prepare: async f => {
      const e = await f.startExecution((await f.createPipeline({ stages: [waitStage(600)] })).id, stageRunning);
      return { method: 'post', path: `/executions/${e.id}/cancel`, body: { reason: 'test' } };
    },
    allowedStatus: 200,
  },
  {
    operation: 'POST /executions/{id}/pause',
    permission: 'cd.execution.cancel',
    prepare: async f => {
      const e = await f.startExecution((await f.createPipeline({ stages: [waitStage(600)] })).id, stageRunning);
      return { method: 'post', path: `/executions/${e.id}/pause` };
    },
    allowedStatus: 200,
  },
  {
    operation: 'POST /executions/{id}/resume',
    permission: 'cd.execution.cancel',
    prepare: async f => {
      const e = await f.startExecution((await f.createPipeline({ stages: [waitStage(600)] })).id, stageRunning);
      expect((await f.call('post', `/executions/${e.id}/pause`)).status).toBe(200);
      await settled(f.knex);
      return { method: 'post', path: `/executions/${e.id}/resume` };
    },
    allowedStatus: 200,
  },
  {
    operation: 'POST /executions/{id}/stages/{stageId}/restart',
    permission: 'cd.execution.cancel',
    prepare: async f => {
      const e = await f.startExecution((await f.createPipeline({ stages: [failingStage] })).id, x => x.status === 'TERMINAL');
      return { method: 'post', path: `/executions/${e.id}/stages/${firstStage(e)}/restart`, body: { reason: 'test' } };
    },
    allowedStatus: 200,
  },
  {
    operation: 'POST /executions/{id}/stages/{stageId}/judgment',
    permission: 'cd.judgment.submit',
    prepare: async f => {
      const e = await f.startExecution((await f.createPipeline({ stages: [judgmentStage] })).id, stageRunning);
      return { method: 'post', path: `/executions/${e.id}/stages/${firstStage(e)}/judgment`, body: { judgmentStatus: 'continue' } };
    },
    allowedStatus: 200,
  },
  {
    operation: 'POST /executions/{id}/stages/{stageId}/skip-wait',
    permission: 'cd.execution.cancel',
    prepare: async f => {
      const e = await f.startExecution((await f.createPipeline({ stages: [waitStage(600)] })).id, stageRunning);
      return { method: 'post', path: `/executions/${e.id}/stages/${firstStage(e)}/skip-wait` };
    },
    allowedStatus: 200,
  },
  {
    // This backend has no cluster, so once allowed the server group is not found (404): the
    // permission is checked before anything is looked up. clustersRouter.test.ts runs the
    // actions themselves against the local cluster.
    operation: 'POST /applications/{application}/serverGroups/{account}/{namespace}/{kind}/{name}/actions',
    permission: 'cd.serverGroup.manage',
    prepare: async () => ({
      method: 'post',
      path: `/applications/${APP}/serverGroups/local/default/replicaSet/demo-app-v001/actions`,
      body: { action: 'scale', replicas: 2 },
    }),
    allowedStatus: 404,
  },
  {
    operation: 'POST /applications/{application}/canaryConfigs',
    permission: 'cd.canaryConfig.manage',
    prepare: async () => ({
      method: 'post',
      path: `/applications/${APP}/canaryConfigs`,
      body: { config: canaryConfig(`created-${unique()}`) },
    }),
    allowedStatus: 201,
  },
  {
    operation: 'PUT /canaryConfigs/{id}',
    permission: 'cd.canaryConfig.manage',
    prepare: async f => {
      const created = await f.call('post', `/applications/${APP}/canaryConfigs`, { config: canaryConfig(`edited-${unique()}`) });
      expect(created.status).toBe(201);
      const config = { ...created.body.config, description: 'changed' };
      return { method: 'put', path: `/canaryConfigs/${created.body.id}`, body: { config } };
    },
    allowedStatus: 200,
  },
  {
    operation: 'DELETE /canaryConfigs/{id}',
    permission: 'cd.canaryConfig.manage',
    prepare: async f => {
      const created = await f.call('post', `/applications/${APP}/canaryConfigs`, { config: canaryConfig(`deleted-${unique()}`) });
      expect(created.status).toBe(201);
      return { method: 'delete', path: `/canaryConfigs/${created.body.id}` };
    },
    allowedStatus: 204,
  },
];

/** POSTs that read or compute but store nothing, and the webhook (its own secret). */
const NOT_MUTATING = new Set([
  'POST /pipelines/validate',
  'POST /executions/{id}/evaluate-expression',
  // A server-side dry run against the live objects (cd.pipeline.read).
  'POST /pipelines/{id}/diff',
  'POST /webhooks/{source}',
]);
/** Served without a Backstage token (the plugin's auth policies). */
const UNAUTHENTICATED = new Set(['GET /health', 'POST /webhooks/{source}']);

const OPENAPI_DIR = join(__dirname, 'openapi');
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of the OpenAPI documents, as `METHOD /path`. */
function documentedOperations(): string[] {
  const operations: string[] = [];
  for (const file of readdirSync(OPENAPI_DIR).filter(f => /\.ya?ml$/.test(f))) {
    const doc = parseYaml(readFileSync(join(OPENAPI_DIR, file), 'utf8')) as { paths?: Record<string, Record<string, unknown>> };
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const method of HTTP_METHODS) if (item[method]) operations.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return operations;
}

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** Tables that hold the product's state; the queue's leases and locks are bookkeeping. */
const VOLATILE_TABLES = new Set(['cd_locks']);

/** Every row of every cd table, in a stable order. */
async function snapshot(knex: Knex): Promise<Record<string, unknown[]>> {
  const tables: string[] = (await knex('sqlite_master').where({ type: 'table' }).select('name'))
    .map((r: { name: string }) => r.name)
    .filter(name => name.startsWith('cd_') && !VOLATILE_TABLES.has(name))
    .sort();
  const result: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await knex(table).select();
    result[table] = rows.map(r => JSON.stringify(r)).sort();
  }
  return result;
}

/** Waits until the engine has no message due or leased, so the database is at rest. */
async function settled(knex: Knex) {
  for (let i = 0; i < 500; i++) {
    const [{ busy }] = await knex('cd_queue')
      .where('not_before', '<=', Date.now())
      .orWhereNotNull('lease_owner')
      .count({ busy: '*' });
    if (Number(busy) === 0) return;
    await new Promise(r => setTimeout(r, 20));
  }
  throw new Error('the engine did not settle');
}

describe('cd API permissions (plugin on SQLite)', () => {
  let server: Parameters<typeof request>[0];
  let stopBackend: () => Promise<void>;
  let knex: Knex;
  const permissions = new SwitchablePermissions();

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    const backend = await startTestBackend({
      features: [
        cdPlugin,
        catalogServiceMock.factory({ entities: [demoEntity] }),
        mockServices.database.factory({ knex }),
        createServiceFactory({ service: coreServices.permissions, deps: {}, factory: () => permissions }),
        // No token means no credentials (the default mock would make every caller a user).
        mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    await stopBackend?.();
  });

  const call = (method: Method | 'get', path: string, body?: unknown, authorization: string | null = JANE) => {
    let r = request(server)[method](`/api/cd${path}`);
    if (authorization) r = r.set('Authorization', authorization);
    return body === undefined ? r : r.send(body as object);
  };

  const fixtures = (): Fixtures => ({
    knex,
    call: (method, path, body) => call(method, path, body),
    async createPipeline(config = {}) {
      const res = await call('post', `/applications/${APP}/pipelines`, { name: `fixture-${unique()}`, stages: [waitStage(1)], ...config });
      if (res.status !== 201) throw new Error(`fixture pipeline: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async startExecution(pipelineId, ready) {
      const res = await call('post', `/pipelines/${pipelineId}/executions`, {});
      if (res.status !== 201) throw new Error(`fixture execution: ${res.status} ${JSON.stringify(res.body)}`);
      for (let i = 0; i < 500; i++) {
        const e: ExecutionBody = (await call('get', `/executions/${res.body.id}`)).body;
        if (ready(e)) {
          await settled(knex);
          return (await call('get', `/executions/${res.body.id}`)).body;
        }
        await new Promise(r => setTimeout(r, 20));
      }
      throw new Error(`execution ${res.body.id} never got ready`);
    },
  });

  it('has a row for every mutating operation of the OpenAPI documents', () => {
    const mutating = documentedOperations().filter(op => !op.startsWith('GET ') && !NOT_MUTATING.has(op));
    const covered = new Set(ROUTES.map(r => r.operation));
    expect(mutating.filter(op => !covered.has(op))).toEqual([]);
    // And the table names only documented operations.
    expect([...covered].filter(op => !mutating.includes(op))).toEqual([]);
  });

  it.each(ROUTES.map(r => [r.operation, r] as const))(
    '%s: 403 naming the permission with nothing changed when denied, success when allowed',
    async (_operation, route) => {
      permissions.denied = undefined;
      const { method, path, body } = await route.prepare(fixtures());
      await settled(knex);

      permissions.denied = route.permission;
      const before = await snapshot(knex);
      // The product's tables are in the snapshot, so a change to them cannot go unseen.
      expect(Object.keys(before)).toEqual(expect.arrayContaining(['cd_pipelines', 'cd_pipeline_versions', 'cd_executions', 'cd_stages', 'cd_queue']));
      const denied = await call(method, path, body);
      expect({ status: denied.status, message: denied.body?.error?.message }).toEqual({
        status: 403,
        message: expect.stringContaining(route.permission),
      });
      await settled(knex);
      expect(await snapshot(knex)).toEqual(before);

      permissions.denied = undefined;
      const allowed = await call(method, path, body);
      expect({ status: allowed.status, body: allowed.body }).toMatchObject({ status: route.allowedStatus });
    },
  );

  it('refuses calls without credentials (401) on every route but /health and /webhooks', async () => {
    const operations = [...documentedOperations(), 'GET /health'];
    const answers: Record<string, number> = {};
    for (const operation of operations) {
      const [verb, template] = operation.split(' ');
      const path = template.replace(/\{(\w+)\}/g, (_m, name) => (name === 'version' ? '1' : `some-${name}`));
      answers[operation] = (await call(verb.toLowerCase() as Method | 'get', path, undefined, null)).status;
    }
    const notRefused = Object.entries(answers).filter(([op, status]) => !UNAUTHENTICATED.has(op) && status !== 401);
    expect(notRefused).toEqual([]);
    expect(answers['GET /health']).toBe(200);
    // The webhook answers by its own secret, not Backstage credentials.
    expect(answers['POST /webhooks/{source}']).not.toBe(401);
  });
});

describe('CdAuthorizer.authorizeAccounts', () => {
  const accounts = accountDirectory([
    { name: 'local', environment: 'dev' },
    { name: 'prod-eu', environment: 'prod' },
    { name: 'sandbox' },
  ]);
  /** What the cd policy answers a user outside the prod group. */
  const notProd = createCdAccountConditionalDecision(cdAccountDeployPermission, {
    not: cdAccountConditions.isAccountEnvironment({ environments: ['prod'] }),
  });

  async function serve(decision: PolicyDecision) {
    const asked: string[] = [];
    const permissions: PermissionsService = {
      async authorize() {
        throw new Error('account checks ask for the decision, not a resolved result');
      },
      async authorizeConditional(queries) {
        asked.push(...queries.map(q => q.permission.name));
        return queries.map(() => decision);
      },
    };
    const authorizer = new CdAuthorizer({
      httpAuth: mockServices.httpAuth(),
      permissions,
      applications: new StaticApplicationResolver({}),
      accounts,
      environmentGroups: { prod: ['group:default/sre'] },
    });
    const router = Router();
    router.post('/deploy', express.json(), async (req, res) => {
      const actor = await authorizer.authorizeAccounts(req, APP, req.body.accounts);
      res.json({ actor: actor.ref });
    });
    const app = express()
      .use(router)
      .use(MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() }).error());
    const deploy = (names: string[]) => request(app).post('/deploy').set('Authorization', JANE).send({ accounts: names });
    return { deploy, asked };
  }

  it('applies a CONDITIONAL decision to each account with the cd-account rules', async () => {
    const { deploy, asked } = await serve(notProd);
    expect((await deploy(['local', 'sandbox'])).body).toEqual({ actor: 'user:default/jane' });
    const denied = await deploy(['local', 'prod-eu']);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'cd.account.deploy denied on account prod-eu (environment prod, application demo-app): ' +
        'deploying to prod accounts needs membership of group:default/sre',
    );
    expect(asked.every(name => name === 'cd.account.deploy')).toBe(true);
  });

  it('refuses an unknown account under a conditional decision, allows it under ALLOW', async () => {
    const conditional = await serve(notProd);
    const unknown = await conditional.deploy(['nowhere']);
    expect(unknown.status).toBe(403);
    expect(unknown.body.error.message).toContain('nowhere is not a configured account');
    const open = await serve({ result: AuthorizeResult.ALLOW });
    expect((await open.deploy(['nowhere', 'prod-eu'])).status).toBe(200);
  });

  it('refuses every account under DENY, and asks nothing when no account is touched', async () => {
    const closed = await serve({ result: AuthorizeResult.DENY });
    expect((await closed.deploy(['local'])).body.error.message).toBe(
      'cd.account.deploy denied on account local (environment dev, application demo-app)',
    );
    expect((await closed.deploy([])).status).toBe(200);
    expect(closed.asked).toEqual(['cd.account.deploy']);
  });
});
