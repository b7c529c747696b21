import { InputError, NotFoundError } from '@backstage/errors';
import { cdPipelineReadPermission } from '@internal/plugin-cd-common';
import Router from 'express-promise-router';
import type { KubernetesInventory } from '../inventory';
import type { ApplicationResolver } from '../service/ApplicationResolver';
import type { CdAuthorizer } from './CdAuthorizer';

type Inventory = Pick<
  KubernetesInventory,
  'listAccounts' | 'applicationClusters' | 'serverGroup' | 'instanceLogs'
>;

/**
 * The live inventory over HTTP (see openapi/clusters.yaml). Reads come from
 * memory; only instance logs reach a cluster. Every application route checks
 * cd.pipeline.read on the application's entity before reading anything.
 */
export function createClustersRouter(deps: {
  inventory: Inventory;
  authorizer: CdAuthorizer;
  applications: ApplicationResolver;
}) {
  const { inventory, authorizer, applications } = deps;
  const router = Router();

  // Account names and health only: no application is involved, so any authenticated caller may see them.
  router.get('/accounts', async (req, res) => {
    await authorizer.actor(req);
    res.json({ items: inventory.listAccounts() });
  });

  router.get('/applications/:application/clusters', async (req, res) => {
    const { application } = req.params;
    await authorizer.authorize(req, cdPipelineReadPermission, application);
    res.json(inventory.applicationClusters(application));
  });

  router.get('/entities/:kind/:namespace/:name/clusters', async (req, res) => {
    const { kind, namespace, name } = req.params;
    const entityRef = `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
    const application = await applications.applicationFor(entityRef);
    if (!application) throw new NotFoundError(`entity ${entityRef} has no CD application`);
    await authorizer.authorize(req, cdPipelineReadPermission, application);
    res.json(inventory.applicationClusters(application));
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

  return router;
}
