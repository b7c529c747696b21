import Router from 'express-promise-router';
import type { Knex } from 'knex';
import type { ExecutionEngine, WebhookTriggers } from '../engine';
import type { PipelineStore, StageTypeLookup } from '../pipelines';
import { createHealthRouter } from '../service/health';
import type { JudgmentAuthorizer } from '../stages';
import type { KubernetesInventory } from '../inventory';
import type { ApplicationResolver } from '../service/ApplicationResolver';
import type { CdAuthorizer } from './CdAuthorizer';
import { createClustersRouter } from './clustersRouter';
import { createExecutionsRouter } from './executionsRouter';
import { createPipelinesRouter } from './pipelinesRouter';

/** Everything under `/api/cd`: one router per resource. */
export function createCdRouter(deps: {
  knex: Knex;
  pipelines: PipelineStore;
  engine: ExecutionEngine;
  stageTypes: StageTypeLookup;
  authorizer: CdAuthorizer;
  webhooks: WebhookTriggers;
  judgmentAuthorizer: JudgmentAuthorizer;
  inventory: KubernetesInventory;
  applications: ApplicationResolver;
}) {
  const router = Router();
  router.use(createHealthRouter({ knex: deps.knex }));
  router.use(
    createPipelinesRouter({
      pipelines: deps.pipelines,
      authorizer: deps.authorizer,
      stageTypes: deps.stageTypes,
    }),
  );
  router.use(
    createExecutionsRouter({
      engine: deps.engine,
      authorizer: deps.authorizer,
      pipelines: deps.pipelines,
      webhooks: deps.webhooks,
      judgmentAuthorizer: deps.judgmentAuthorizer,
    }),
  );
  router.use(
    createClustersRouter({
      inventory: deps.inventory,
      authorizer: deps.authorizer,
      applications: deps.applications,
    }),
  );
  return router;
}
