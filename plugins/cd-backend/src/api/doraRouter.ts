import { cdPipelineReadPermission } from '@internal/plugin-cd-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { DoraService } from '../dora';
import { PipelineValidationError } from '../pipelines/errors';
import type { ApplicationResolver } from '../service/ApplicationResolver';
import { applicationScope } from './auditRouter';
import { issuesErrorHandler } from './issuesErrorHandler';
import { readableApplications } from './readableApplications';
import type { CdAuthorizer } from './CdAuthorizer';

export interface DoraRouterDeps {
  dora: Pick<DoraService, 'metrics' | 'applications'>;
  authorizer: Pick<CdAuthorizer, 'authorize'>;
  applications: Pick<ApplicationResolver, 'applicationFor'>;
}

const doraQuery = z.object({
  application: z.string().min(1).optional(),
  entityRef: z.string().min(1).optional(),
  days: z.coerce.number().int().min(1).max(365).default(30),
});

/**
 * DORA metrics over HTTP (openapi/dora.yaml): `GET /dora`. About one
 * application (or entity) it needs read permission on it; portal-wide it
 * covers the applications the caller may read.
 */
export function createDoraRouter(deps: DoraRouterDeps): express.Router {
  const router = Router();

  router.get('/dora', async (req, res) => {
    const parsed = doraQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new PipelineValidationError(
        parsed.error.issues.map(i => ({ path: i.path.join('.') || '(query)', message: i.message })),
        'invalid query',
      );
    }
    const q = parsed.data;
    const scope = await applicationScope(deps.applications, q);
    if (scope.kind === 'application') {
      await deps.authorizer.authorize(req, cdPipelineReadPermission, scope.application);
      res.json(
        await deps.dora.metrics({
          scope: scope.entityRef ? `entity:${scope.entityRef}` : `application:${scope.application}`,
          applications: [scope.application],
          days: q.days,
        }),
      );
      return;
    }
    const readable = await readableApplications(deps.authorizer, req).filter(await deps.dora.applications());
    res.json(await deps.dora.metrics({ scope: 'portal', applications: readable, days: q.days }));
  });

  router.use(issuesErrorHandler);
  return router;
}
