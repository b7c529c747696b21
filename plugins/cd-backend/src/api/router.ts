import Router from 'express-promise-router';
import type { Knex } from 'knex';
import type { ExecutionEngine, WebhookTriggers } from '../engine';
import type { PipelineStore, StageTypeLookup } from '../pipelines';
import { createHealthRouter } from '../service/health';
import type { JudgmentAuthorizer } from '../stages';
import type { CdAuthorizer } from './CdAuthorizer';
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
  return router;
}
