import { InputError, NotFoundError } from '@backstage/errors';
import {
  cdCanaryConfigManagePermission,
  cdPipelineReadPermission,
  type StoredCanaryConfig,
} from '@internal/plugin-cd-common';
import express, { type Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { AuditLog } from '../audit/AuditLog';
import { CanaryConfigValidationError, type CanaryConfigStore } from '../canary/configs';
import type { Actor, CdAuthorizer } from './CdAuthorizer';
import { createIssuesErrorHandler } from './issuesErrorHandler';

/** Invalid configurations are answered 400 with their issues (`[{ path, message }]`). */
const validationErrorHandler = createIssuesErrorHandler(
  (error): error is CanaryConfigValidationError => error instanceof CanaryConfigValidationError,
);

export interface CanaryRouterOptions {
  canaryConfigs: CanaryConfigStore;
  authorizer: CdAuthorizer;
  audit?: AuditLog;
  logger?: { warn(message: string): void };
}

const present = z.custom<unknown>(value => value !== undefined, { message: 'is required' });
/** `{ config }`; a bare Kayenta configuration (it has `metrics`) is accepted too, as exported by Kayenta. */
const createBody = z.union([
  z.object({ config: present }).strict(),
  z.object({ metrics: z.array(z.unknown()) }).passthrough().transform(config => ({ config: config as unknown })),
]);
const updateBody = z.object({ config: present, expectedVersion: z.number().int().positive().optional() }).strict();

/**
 * Canary configurations over HTTP (openapi/canary.yaml): reads need
 * cd.pipeline.read, writes cd.canaryConfig.manage, both on the entity that
 * owns the application. Routes by id first look up the configuration's
 * application (an unknown id is a 404).
 */
export function createCanaryRouter(options: CanaryRouterOptions): express.Router {
  const { canaryConfigs, authorizer } = options;
  const router = Router();
  router.use(express.json({ limit: '5mb' }));

  router.get('/applications/:application/canaryConfigs', async (req, res) => {
    const { application } = req.params;
    await authorizer.authorize(req, cdPipelineReadPermission, application);
    res.json(await canaryConfigs.list(application));
  });

  router.post('/applications/:application/canaryConfigs', async (req, res) => {
    const { application } = req.params;
    const actor = await authorizer.authorize(req, cdCanaryConfigManagePermission, application);
    const body = parseBody(createBody, req);
    const created = await canaryConfigs.create(application, body.config, actor.ref);
    await record(options, actor, 'canaryConfig.create', created, {});
    res.status(201).location(`${req.baseUrl}/canaryConfigs/${created.id}`).json(created);
  });

  router.get('/canaryConfigs/:id', async (req, res) => {
    const current = await find(canaryConfigs, req.params.id);
    await authorizer.authorize(req, cdPipelineReadPermission, current.application);
    res.json(current);
  });

  router.put('/canaryConfigs/:id', async (req, res) => {
    const current = await find(canaryConfigs, req.params.id);
    const actor = await authorizer.authorize(req, cdCanaryConfigManagePermission, current.application);
    const body = parseBody(updateBody, req);
    const updated = await canaryConfigs.update(current.id, body.config, actor.ref, {
      expectedVersion: body.expectedVersion,
    });
    await record(options, actor, 'canaryConfig.update', updated, { previousVersion: current.version });
    res.json(updated);
  });

  router.delete('/canaryConfigs/:id', async (req, res) => {
    const current = await find(canaryConfigs, req.params.id);
    const actor = await authorizer.authorize(req, cdCanaryConfigManagePermission, current.application);
    const deleted = await canaryConfigs.delete(current.id);
    await record(options, actor, 'canaryConfig.delete', deleted, {});
    res.status(204).end();
  });

  router.get('/canaryConfigs/:id/versions', async (req, res) => {
    const current = await find(canaryConfigs, req.params.id);
    await authorizer.authorize(req, cdPipelineReadPermission, current.application);
    res.json(await canaryConfigs.versions(current.id));
  });

  router.use(validationErrorHandler);
  return router;
}

function parseBody<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, req: Request): T {
  if (!req.is('json')) throw new InputError('the request body must be JSON (application/json)');
  const parsed = schema.safeParse(req.body);
  if (!parsed.success) {
    throw new CanaryConfigValidationError(
      parsed.error.issues.map(issue => ({ path: issue.path.join('.') || 'body', message: bodyMessage(issue) })),
      'bad request body',
    );
  }
  return parsed.data;
}

function bodyMessage(issue: z.ZodIssue): string {
  if (issue.code === 'invalid_union') return 'must be { "config": <canary configuration> } or a Kayenta canary configuration';
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
  return issue.message;
}

async function find(store: CanaryConfigStore, id: string): Promise<StoredCanaryConfig> {
  const found = await store.get(id);
  if (!found) throw new NotFoundError(`no canary configuration with id ${id}`);
  return found;
}

/** After the change committed; a failure to record is logged, never undoes the change. */
async function record(
  options: CanaryRouterOptions,
  actor: Actor,
  action: 'canaryConfig.create' | 'canaryConfig.update' | 'canaryConfig.delete',
  config: StoredCanaryConfig,
  details: Record<string, unknown>,
) {
  if (!options.audit) return;
  try {
    await options.audit.record({
      actor: actor.ref,
      action,
      application: config.application,
      target: config.id,
      details: { name: config.name, version: config.version, ...details },
    });
  } catch (e) {
    options.logger?.warn(`audit record of ${action} ${config.id} failed: ${e}`);
  }
}
