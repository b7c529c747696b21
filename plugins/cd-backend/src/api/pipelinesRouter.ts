import { InputError, NotFoundError } from '@backstage/errors';
import {
  cdPipelineCreatePermission,
  cdPipelineDeletePermission,
  cdPipelineReadPermission,
  cdPipelineUpdatePermission,
  type PipelineConfig,
  type StoredPipeline,
} from '@internal/plugin-cd-common';
import express, {
  type ErrorRequestHandler,
  type Request,
  type Response,
} from 'express';
import Router from 'express-promise-router';
import { stringify as toYaml } from 'yaml';
import {
  importSpinnakerPipelines,
  isPipelineValidationError,
  parsePipelineDocument,
  PipelineValidationError,
  validatePipelineConfig,
  type PipelineStore,
  type StageTypeLookup,
} from '../pipelines';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { recordAudit, type AuditEntry, type AuditLog } from '../audit';
import type { CdAuthorizer } from './CdAuthorizer';
import { sendIssues } from './issuesErrorHandler';

const YAML_BODY_TYPES = [
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/plain',
];

/** Renders validation failures with their issues; everything else goes to Backstage's handler. */
const validationErrorHandler: ErrorRequestHandler = (error, req, res, next) => {
  let issuesError: PipelineValidationError | undefined;
  if (isPipelineValidationError(error)) {
    issuesError = error;
  } else if (
    error?.type === 'entity.parse.failed' &&
    typeof error.body === 'string'
  ) {
    // express.json rejected the body: re-parse it to name the line and column.
    try {
      parsePipelineDocument(error.body, 'application/json');
    } catch (e) {
      if (isPipelineValidationError(e)) issuesError = e;
    }
  }
  if (!issuesError) {
    next(error);
    return;
  }
  sendIssues(req, res, issuesError);
};

export interface PipelinesRouterOptions {
  pipelines: PipelineStore;
  authorizer: CdAuthorizer;
  stageTypes: StageTypeLookup;
  /** Records every change once committed (pipeline.create/update/delete/restore). */
  audit?: AuditLog;
  /** Where a failure to record an audit entry is reported. */
  logger?: LoggerService;
}

/**
 * Pipeline definitions over HTTP (described in openapi/pipelines.yaml).
 * Each route authorizes against the pipeline's application before it reads
 * or writes anything; routes by id first look up which application the id
 * belongs to (an unknown id is a 404). Invalid documents are answered 400
 * with Backstage's error body plus `issues: [{ path, message }]`.
 */
export function createPipelinesRouter(
  options: PipelinesRouterOptions,
): express.Router {
  const { pipelines, authorizer, stageTypes } = options;
  const audit = (entry: AuditEntry) =>
    recordAudit(options.audit, options.logger, entry);
  const router = Router();
  router.use(express.json({ limit: '5mb' }));
  router.use(express.text({ type: YAML_BODY_TYPES, limit: '5mb' }));

  router.get('/applications/:application/pipelines', async (req, res) => {
    const { application } = req.params;
    await authorizer.authorize(req, cdPipelineReadPermission, application);
    res.json({ items: await pipelines.list(application) });
  });

  router.post('/applications/:application/pipelines', async (req, res) => {
    const { application } = req.params;
    const actor = await authorizer.authorize(
      req,
      cdPipelineCreatePermission,
      application,
    );
    const config = forApplication(readDocument(req), application);
    const comment = optionalString(req.query.comment, 'comment');
    const created = await pipelines.create(config, actor.ref, comment);
    await audit({
      actor: actor.ref,
      action: 'pipeline.create',
      application,
      target: created.id,
      details: { name: created.name, version: created.version, comment },
    });
    res.status(201).location(`${req.baseUrl}/pipelines/${created.id}`);
    sendPipeline(res, created);
  });

  router.post(
    '/applications/:application/pipelines/import',
    async (req, res) => {
      const { application } = req.params;
      const actor = await authorizer.authorize(
        req,
        cdPipelineCreatePermission,
        application,
      );
      const imported = importSpinnakerPipelines(readDocument(req), {
        application,
        stageTypes,
      });
      if (imported.issues.length > 0) {
        throw new PipelineValidationError(imported.issues, 'cannot import');
      }
      const existing = await Promise.all(
        imported.pipelines.map(p => pipelines.getByName(application, p.name)),
      );
      if (existing.some(Boolean)) {
        // Importing over a pipeline of the same name is an update of it.
        await authorizer.authorize(
          req,
          cdPipelineUpdatePermission,
          application,
        );
      }
      const saved = await pipelines.saveAll(
        imported.pipelines,
        actor.ref,
        'imported from Spinnaker',
      );
      for (const { pipeline, created } of saved) {
        await audit({
          actor: actor.ref,
          action: created ? 'pipeline.create' : 'pipeline.update',
          application,
          target: pipeline.id,
          details: {
            name: pipeline.name,
            version: pipeline.version,
            source: 'spinnaker-import',
          },
        });
      }
      res.status(saved.some(s => s.created) ? 201 : 200).json({
        items: saved.map(({ pipeline, created }) => ({ created, pipeline })),
        warnings: imported.warnings,
      });
    },
  );

  router.post('/pipelines/validate', async (req, res) => {
    let document: unknown;
    try {
      document = readDocument(req);
    } catch (e) {
      if (!isPipelineValidationError(e)) throw e;
      res.json({ valid: false, issues: e.issues });
      return;
    }
    const application = (document as Partial<PipelineConfig> | null)
      ?.application;
    // Stores nothing; checked against the application it names, when it names one.
    if (typeof application === 'string' && application) {
      await authorizer.authorize(req, cdPipelineReadPermission, application);
    } else {
      await authorizer.actor(req);
    }
    const { valid, issues } = validatePipelineConfig(document, stageTypes);
    res.json({ valid, issues });
  });

  router.get('/pipelines/:id', async (req, res) => {
    const pipeline = await findPipeline(pipelines, req.params.id);
    await authorizer.authorize(
      req,
      cdPipelineReadPermission,
      pipeline.application,
    );
    sendPipeline(res, pipeline);
  });

  router.put('/pipelines/:id', async (req, res) => {
    const current = await findPipeline(pipelines, req.params.id);
    const actor = await authorizer.authorize(
      req,
      cdPipelineUpdatePermission,
      current.application,
    );
    const config = forApplication(readDocument(req), current.application);
    const comment = optionalString(req.query.comment, 'comment');
    const updated = await pipelines.update(current.id, config, actor.ref, {
      expectedVersion: expectedVersion(req),
      comment,
    });
    await audit({
      actor: actor.ref,
      action: 'pipeline.update',
      application: current.application,
      target: current.id,
      details: {
        name: updated.name,
        version: updated.version,
        previousVersion: current.version,
        comment,
      },
    });
    sendPipeline(res, updated);
  });

  router.delete('/pipelines/:id', async (req, res) => {
    const current = await findPipeline(pipelines, req.params.id);
    const actor = await authorizer.authorize(
      req,
      cdPipelineDeletePermission,
      current.application,
    );
    await pipelines.delete(current.id, actor.ref);
    await audit({
      actor: actor.ref,
      action: 'pipeline.delete',
      application: current.application,
      target: current.id,
      details: { name: current.name, version: current.version },
    });
    res.status(204).end();
  });

  router.get('/pipelines/:id/versions', async (req, res) => {
    const current = await findPipeline(pipelines, req.params.id);
    await authorizer.authorize(
      req,
      cdPipelineReadPermission,
      current.application,
    );
    res.json({ items: await pipelines.versions(current.id) });
  });

  router.get('/pipelines/:id/versions/:version', async (req, res) => {
    const current = await findPipeline(pipelines, req.params.id);
    await authorizer.authorize(
      req,
      cdPipelineReadPermission,
      current.application,
    );
    const number = versionNumber(req.params.version);
    const version = await pipelines.version(current.id, number);
    if (!version)
      throw new NotFoundError(
        `pipeline ${current.id} has no version ${number}`,
      );
    res.json(version);
  });

  router.post('/pipelines/:id/versions/:version/restore', async (req, res) => {
    const current = await findPipeline(pipelines, req.params.id);
    const actor = await authorizer.authorize(
      req,
      cdPipelineUpdatePermission,
      current.application,
    );
    const restoredVersion = versionNumber(req.params.version);
    const restored = await pipelines.restore(
      current.id,
      restoredVersion,
      actor.ref,
    );
    await audit({
      actor: actor.ref,
      action: 'pipeline.restore',
      application: current.application,
      target: current.id,
      details: {
        name: restored.name,
        restoredVersion,
        version: restored.version,
      },
    });
    sendPipeline(res, restored);
  });

  router.get('/pipelines/:id/export', async (req, res) => {
    const pipeline = await findPipeline(pipelines, req.params.id);
    await authorizer.authorize(
      req,
      cdPipelineReadPermission,
      pipeline.application,
    );
    const format = req.query.format ?? 'json';
    const filename = `${pipeline.name.replace(/[^\w.-]+/g, '_')}.${
      format === 'yaml' ? 'yaml' : 'json'
    }`;
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('ETag', etag(pipeline.version));
    if (format === 'yaml') {
      res.type('application/yaml').send(toYaml(pipeline.config));
    } else if (format === 'json') {
      res
        .type('application/json')
        .send(`${JSON.stringify(pipeline.config, null, 2)}\n`);
    } else {
      throw new PipelineValidationError(
        [{ path: 'format', message: 'must be json or yaml' }],
        'bad query',
      );
    }
  });

  router.use(validationErrorHandler);
  return router;
}

/** The body as a document: parsed JSON, or YAML / plain text parsed here. */
function readDocument(req: Request): unknown {
  if (typeof req.body === 'string') {
    return parsePipelineDocument(
      req.body,
      req.get('content-type') ?? 'text/plain',
    );
  }
  if (
    req.body === undefined ||
    (typeof req.body === 'object' && req.body !== null && !req.is(['json']))
  ) {
    throw new InputError(
      'the request body must be a pipeline document (application/json or application/yaml)',
    );
  }
  return req.body;
}

/**
 * The route names the application: a document without one gets it, a
 * document naming another one is rejected (it would be stored elsewhere
 * than the permission was checked for).
 */
function forApplication(
  document: unknown,
  application: string,
): PipelineConfig {
  if (
    typeof document !== 'object' ||
    document === null ||
    Array.isArray(document)
  ) {
    throw new PipelineValidationError([
      { path: '', message: 'a pipeline must be a JSON object' },
    ]);
  }
  const config = document as Partial<PipelineConfig>;
  if (config.application === undefined)
    return { ...config, application } as PipelineConfig;
  if (config.application !== application) {
    throw new PipelineValidationError([
      {
        path: 'application',
        message: `must be ${JSON.stringify(
          application,
        )} (the application in the URL)`,
      },
    ]);
  }
  return config as PipelineConfig;
}

async function findPipeline(
  pipelines: PipelineStore,
  id: string,
): Promise<StoredPipeline> {
  const pipeline = await pipelines.get(id);
  if (!pipeline) throw new NotFoundError(`no pipeline with id ${id}`);
  return pipeline;
}

function sendPipeline(res: Response, pipeline: StoredPipeline) {
  res.setHeader('ETag', etag(pipeline.version));
  res.json(pipeline);
}

function etag(version: number): string {
  return `"${version}"`;
}

/** From `If-Match: "3"` (the ETag we send) or `?expectedVersion=3`. */
function expectedVersion(req: Request): number | undefined {
  const header = req.get('if-match');
  if (header !== undefined && header.trim() !== '*') {
    const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
    if (!match)
      throw new InputError(
        `If-Match must be a version ETag such as "3", not ${header}`,
      );
    return Number(match[1]);
  }
  const query = req.query.expectedVersion;
  if (query === undefined) return undefined;
  if (typeof query !== 'string' || !/^\d+$/.test(query)) {
    throw new PipelineValidationError(
      [{ path: 'expectedVersion', message: 'must be a version number' }],
      'bad query',
    );
  }
  return Number(query);
}

function versionNumber(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new PipelineValidationError(
      [{ path: 'version', message: 'must be a positive integer' }],
      'bad version',
    );
  }
  return Number(text);
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new PipelineValidationError(
      [{ path: name, message: 'must be a single string' }],
      'bad query',
    );
  }
  return value;
}
