import type { LoggerService } from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';
import type { Knex } from 'knex';
import type { ExecutionEngine, WebhookTriggers } from '../engine';
import type { PipelineStore, StageTypeLookup } from '../pipelines';
import { createHealthRouter } from '../service/health';
import type { JudgmentAuthorizer } from '../stages';
import type { KubernetesInventory } from '../inventory';
import type { ApplicationResolver } from '../service/ApplicationResolver';
import type { DatabaseAuditLog } from '../audit';
import type { DoraService } from '../dora';
import { createAuditRouter } from './auditRouter';
import type { CdAuthorizer } from './CdAuthorizer';
import { createDoraRouter } from './doraRouter';
import type { ManifestDiffService } from '../diff';
import { createDiffRouter } from './diffRouter';
import type { CanaryConfigStore } from '../canary';
import { createCanaryRouter } from './canaryRouter';
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
  audit: DatabaseAuditLog;
  dora: DoraService;
  logger: LoggerService;
  diffs: ManifestDiffService;
  canaryConfigs: CanaryConfigStore;
}) {
  const router = Router();
  router.use(createHealthRouter({ knex: deps.knex }));
  router.use(
    createPipelinesRouter({
      pipelines: deps.pipelines,
      authorizer: deps.authorizer,
      stageTypes: deps.stageTypes,
      audit: deps.audit,
      logger: deps.logger,
    }),
  );
  router.use(
    createExecutionsRouter({
      engine: deps.engine,
      authorizer: deps.authorizer,
      pipelines: deps.pipelines,
      webhooks: deps.webhooks,
      judgmentAuthorizer: deps.judgmentAuthorizer,
      audit: deps.audit,
      logger: deps.logger,
    }),
  );
  router.use(
    createClustersRouter({
      inventory: deps.inventory,
      authorizer: deps.authorizer,
      applications: deps.applications,
      engine: deps.engine,
      audit: deps.audit,
      logger: deps.logger,
    }),
  );
  router.use(
    createCanaryRouter({ canaryConfigs: deps.canaryConfigs, authorizer: deps.authorizer, audit: deps.audit }),
  );
  router.use(createDiffRouter({ pipelines: deps.pipelines, authorizer: deps.authorizer, diffs: deps.diffs }));
  router.use(
    createAuditRouter({ audit: deps.audit, authorizer: deps.authorizer, applications: deps.applications }),
  );
  router.use(
    createDoraRouter({ dora: deps.dora, authorizer: deps.authorizer, applications: deps.applications }),
  );
  return router;
}
