import { NotFoundError } from '@backstage/errors';
import { cdPipelineReadPermission } from '@internal/plugin-cd-common';
import express from 'express';
import Router from 'express-promise-router';
import type { ManifestDiffService } from '../diff';
import { PipelineValidationError, type PipelineStore } from '../pipelines';
import type { CdAuthorizer } from './CdAuthorizer';
import { issuesErrorHandler } from './issuesErrorHandler';

export interface DiffRouterOptions {
  pipelines: PipelineStore;
  authorizer: CdAuthorizer;
  diffs: ManifestDiffService;
}

/**
 * `POST /pipelines/:id/diff` (openapi/diff.yaml): what the pipeline's deploy
 * stages would change with the given parameters. Reading a pipeline's effect
 * needs the read permission on its application; nothing is written.
 */
export function createDiffRouter(options: DiffRouterOptions): express.Router {
  const { pipelines, authorizer, diffs } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.post('/pipelines/:id/diff', async (req, res) => {
    const pipeline = await pipelines.get(req.params.id);
    if (!pipeline) throw new NotFoundError(`no pipeline with id ${req.params.id}`);
    await authorizer.authorize(req, cdPipelineReadPermission, pipeline.application);
    const body = req.body ?? {};
    if (typeof body !== 'object' || Array.isArray(body)) {
      throw new PipelineValidationError([{ path: '', message: 'the body must be a JSON object: { parameters? }' }], 'bad request');
    }
    const parameters = (body as { parameters?: unknown }).parameters ?? {};
    if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
      throw new PipelineValidationError([{ path: 'parameters', message: 'must be an object of parameter values' }], 'bad request');
    }
    res.json(await diffs.diff(pipeline, parameters as Record<string, unknown>));
  });

  router.use(issuesErrorHandler);
  return router;
}
