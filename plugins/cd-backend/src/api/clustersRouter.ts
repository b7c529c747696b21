import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { cdPipelineReadPermission, cdServerGroupManagePermission } from '@internal/plugin-cd-common';
import express, { type ErrorRequestHandler } from 'express';
import Router from 'express-promise-router';
import type { AuditLog } from '../audit';
import type { KubernetesInventory, SerializedView } from '../inventory';
import { isPipelineValidationError } from '../pipelines/errors';
import type { ApplicationResolver } from '../service/ApplicationResolver';
import { parseServerGroupActionRequest, ServerGroupActions, type ServerGroupActionsDeps } from '../tasks';
import type { CdAuthorizer } from './CdAuthorizer';

type Inventory = Pick<
  KubernetesInventory,
  'listAccounts' | 'applicationClusters' | 'applicationClustersJson' | 'serverGroup' | 'instanceLogs'
>;

/** Sends a view serialized once by the inventory; Express answers 304 when the caller has its ETag. */
function sendView(res: express.Response, view: SerializedView) {
  res.type('application/json').set('ETag', view.etag).send(view.body);
}

/** Renders a 400 with its issues as `{ error, issues: [{path, message}] }`; the rest goes to Backstage's handler. */
const issuesErrorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (!isPipelineValidationError(error)) {
    next(error);
    return;
  }
  res.status(400).json({
    error: { name: error.name, message: error.message },
    request: { method: req.method, url: req.originalUrl },
    response: { statusCode: 400 },
    issues: error.issues,
  });
};

/**
 * The live inventory over HTTP (see openapi/clusters.yaml). Reads come from
 * memory; only instance logs reach a cluster. Every application route checks
 * cd.pipeline.read on the application's entity before reading anything.
 * With an engine, server group actions run as tracked tasks (cd.serverGroup.manage).
 */
export function createClustersRouter(deps: {
  inventory: Inventory;
  authorizer: Pick<CdAuthorizer, 'authorize' | 'actor' | 'authorizeAccounts'>;
  applications: ApplicationResolver;
  /** Runs server group actions; without it the actions route is not served. */
  engine?: ServerGroupActionsDeps['engine'];
  /** Records each action started. */
  audit?: AuditLog;
  logger?: Pick<LoggerService, 'warn'>;
}) {
  const { inventory, authorizer, applications } = deps;
  const actions = deps.engine
    ? new ServerGroupActions({ engine: deps.engine, inventory, audit: deps.audit, logger: deps.logger })
    : undefined;
  const router = Router();

  // Account names and health only: no application is involved, so any authenticated caller may see them.
  router.get('/accounts', async (req, res) => {
    await authorizer.actor(req);
    res.json({ items: inventory.listAccounts() });
  });

  router.get('/applications/:application/clusters', async (req, res) => {
    const { application } = req.params;
    await authorizer.authorize(req, cdPipelineReadPermission, application);
    sendView(res, inventory.applicationClustersJson(application));
  });

  router.get('/entities/:kind/:namespace/:name/clusters', async (req, res) => {
    const { kind, namespace, name } = req.params;
    const entityRef = `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
    const application = await applications.applicationFor(entityRef);
    if (!application) throw new NotFoundError(`entity ${entityRef} has no CD application`);
    await authorizer.authorize(req, cdPipelineReadPermission, application);
    sendView(res, inventory.applicationClustersJson(application));
  });

  router.get('/applications/:application/serverGroups/:account/:namespace/:kind/:name', async (req, res) => {
    const { application, account, namespace, kind, name } = req.params;
    await authorizer.authorize(req, cdPipelineReadPermission, application);
    res.json(inventory.serverGroup(application, account, namespace, kind, name));
  });

  router.get('/applications/:application/instances/:account/:namespace/:name/logs', async (req, res) => {
    const { application, account, namespace, name } = req.params;
    await authorizer.authorize(req, cdPipelineReadPermission, application);
    const container = typeof req.query.container === 'string' && req.query.container ? req.query.container : undefined;
    let tailLines: number | undefined;
    if (req.query.tailLines !== undefined) {
      tailLines = Number(req.query.tailLines);
      if (!Number.isInteger(tailLines) || tailLines < 1 || tailLines > 10_000) {
        throw new InputError('query.tailLines must be an integer from 1 to 10000');
      }
    }
    const text = await inventory.instanceLogs(application, account, namespace, name, { container, tailLines });
    res.type('text/plain').send(text);
  });

  if (actions) {
    router.post(
      '/applications/:application/serverGroups/:account/:namespace/:kind/:name/actions',
      express.json({ limit: '64kb' }),
      async (req, res) => {
        const { application, account, namespace, kind, name } = req.params;
        const actor = await authorizer.authorize(req, cdServerGroupManagePermission, application);
        // Changing workloads in an account also needs cd.account.deploy on that account.
        await authorizer.authorizeAccounts(req, application, [account]);
        const request = parseServerGroupActionRequest(req.body);
        const entityRef = await applications.entityRefFor(application).catch(() => undefined);
        const started = await actions.run({ application, account, namespace, kind, name }, request, actor, { entityRef });
        res.status(202).location(`${req.baseUrl}/executions/${started.executionId}`).json(started);
      },
    );
  }

  router.use(issuesErrorHandler);
  return router;
}
