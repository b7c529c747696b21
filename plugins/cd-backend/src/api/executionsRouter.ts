import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  cdExecutionCancelPermission,
  cdJudgmentSubmitPermission,
  cdPipelineExecutePermission,
  cdPipelineReadPermission,
  EXECUTION_STATUSES,
  type Execution,
  type ExecutionStatus,
} from '@internal/plugin-cd-common';
import express, { type Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { ExecutionEngine } from '../engine/ExecutionEngine';
import { CursorError } from '../engine/ExecutionRepository';
import { startManual } from '../engine/triggers/manual';
import type { PipelineSource } from '../engine/triggers/types';
import type { WebhookTriggers } from '../engine/triggers/webhook';
import { PipelineValidationError } from '../pipelines/errors';
import type { JudgmentAuthorizer } from '../stages/manualJudgment';
import { recordAudit, type AuditEntry, type AuditLog } from '../audit';
import { accountsNamedByStages } from '../permissions';
import type { CdAuthorizer } from './CdAuthorizer';
import { issuesErrorHandler } from './issuesErrorHandler';
import { collectSecretValues, redactExecution, redactSecrets, secretParameterNames } from '../security/redact';
import { readableApplications } from './readableApplications';

export interface ExecutionsRouterDeps {
  engine: ExecutionEngine;
  authorizer: Pick<CdAuthorizer, 'authorize' | 'authorizeAccounts'>;
  pipelines: PipelineSource;
  webhooks?: WebhookTriggers;
  /** Checks `requiredJudgmentRoles` (group membership); without it, restricted judgments are refused. */
  judgmentAuthorizer?: JudgmentAuthorizer;
  /** Records starts, cancellations, pauses, resumes, restarts, skipped waits and judgments once committed. */
  audit?: AuditLog;
  /** Where a failure to record an audit entry is reported. */
  logger?: LoggerService;
}

const startBody = z.object({
  parameters: z.record(z.unknown()).optional(),
  artifacts: z.array(z.unknown()).optional(),
});
const reasonBody = z.object({ reason: z.string().max(2000).optional() });
const judgmentBody = z.object({
  judgmentStatus: z.enum(['continue', 'stop']),
  input: z.string().max(2000).optional(),
});
const expressionBody = z.object({ expression: z.string().min(1).max(10_000), stageId: z.string().optional() });

/**
 * Executions over HTTP (described in openapi/executions.yaml): translate
 * requests to engine calls and back. Every route authorizes against the
 * execution's (or pipeline's) application first; bad input is a 400 naming
 * the field, unknown ids 404, state changes the execution does not allow 409.
 */
export function createExecutionsRouter(deps: ExecutionsRouterDeps): express.Router {
  const { engine, authorizer, pipelines } = deps;
  /** An audit record about an execution: who did what to it, with its pipeline. */
  const audit = (
    actor: string,
    action: AuditEntry['action'],
    execution: Pick<Execution, 'id' | 'application' | 'pipelineConfigId' | 'name'>,
    details: Record<string, unknown> = {},
  ) =>
    recordAudit(deps.audit, deps.logger, {
      actor,
      action,
      application: execution.application,
      target: execution.id,
      details: { pipelineId: execution.pipelineConfigId, pipelineName: execution.name, ...details },
    });
  const stageOf = (execution: Execution, stageId: string) => {
    const stage = execution.stages.find(s => s.id === stageId);
    return { stageId, stageName: stage?.name };
  };
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  const executionOf = async (req: Request) => engine.require(req.params.id);

  router.post('/pipelines/:id/executions', async (req, res) => {
    const pipeline = await pipelines.get(req.params.id);
    if (!pipeline) throw new NotFoundError(`pipeline ${req.params.id} not found`);
    const actor = await authorizer.authorize(req, cdPipelineExecutePermission, pipeline.application);
    // Who may deploy to which account (e.g. prod needs a group): the accounts the stages name.
    await authorizer.authorizeAccounts(req, pipeline.application, accountsNamedByStages(pipeline.config.stages).names);
    const body = parse(startBody, req.body ?? {});
    const execution = await startManual({ engine, pipelines }, pipeline.id, body, actor.ref);
    await audit(actor.ref, 'execution.start', execution, {
      parameters: redactExecution(execution).trigger.parameters,
      ...(body.artifacts ? { artifacts: body.artifacts.length } : {}),
    });
    res.status(201).location(`${req.baseUrl}/executions/${execution.id}`).json(redactExecution(execution));
  });

  router.get('/executions', async (req, res) => {
    const q = parse(
      z.object({
        application: z.string().optional(),
        pipelineId: z.string().optional(),
        status: z.string().optional(),
        limit: z.coerce.number().int().min(1).max(200).optional(),
        cursor: z.string().optional(),
      }),
      req.query,
    );
    let application = q.application;
    if (!application && q.pipelineId) {
      application = (await pipelines.get(q.pipelineId))?.application;
      if (!application) throw new NotFoundError(`pipeline ${q.pipelineId} not found`);
    }
    // Without an application: portal-wide, over the applications the caller may read.
    let applications: string[] | undefined;
    if (application) {
      await authorizer.authorize(req, cdPipelineReadPermission, application);
    } else {
      applications = await readableApplications(authorizer, req).filter(await engine.repository.applications());
    }
    const statuses = q.status?.split(',').map(s => s.trim().toUpperCase()).filter(Boolean);
    const bad = statuses?.find(s => !EXECUTION_STATUSES.includes(s as ExecutionStatus));
    if (bad) throw new PipelineValidationError([{ path: 'status', message: `unknown status ${bad}` }], 'invalid query');
    try {
      const page = await engine.list({
        application,
        applications,
        pipelineConfigId: q.pipelineId,
        statuses: statuses as ExecutionStatus[] | undefined,
        limit: q.limit,
        cursor: q.cursor,
      });
      // Summaries carry no pipeline snapshot: which parameters are secret comes from the pipeline.
      const parameterConfigs = new Map<string, Promise<unknown>>();
      const parameterConfigOf = (id: string) => {
        if (!parameterConfigs.has(id)) {
          parameterConfigs.set(id, pipelines.get(id).then(p => p?.config.parameterConfig, () => undefined));
        }
        return parameterConfigs.get(id)!;
      };
      const items = await Promise.all(
        page.items.map(async item =>
          redactSecrets(item, {
            secretParameters: secretParameterNames(await parameterConfigOf(item.pipelineConfigId), item.trigger.parameters),
          }),
        ),
      );
      res.json({ ...page, items });
    } catch (e) {
      if (e instanceof CursorError) throw new PipelineValidationError([{ path: 'cursor', message: e.message }], 'invalid query');
      throw e;
    }
  });

  router.get('/executions/:id', async (req, res) => {
    const execution = await executionOf(req);
    await authorizer.authorize(req, cdPipelineReadPermission, execution.application);
    res.json(redactExecution(execution));
  });

  router.post('/executions/:id/cancel', async (req, res) => {
    const execution = await executionOf(req);
    const actor = await authorizer.authorize(req, cdExecutionCancelPermission, execution.application);
    const { reason } = parse(reasonBody, req.body ?? {});
    const canceled = await engine.cancel(execution.id, actor.ref, reason);
    await audit(actor.ref, 'execution.cancel', execution, { reason });
    res.json(redactExecution(canceled));
  });

  router.post('/executions/:id/pause', async (req, res) => {
    const execution = await executionOf(req);
    const actor = await authorizer.authorize(req, cdExecutionCancelPermission, execution.application);
    const paused = await engine.pause(execution.id, actor.ref);
    await audit(actor.ref, 'execution.pause', execution);
    res.json(redactExecution(paused));
  });

  router.post('/executions/:id/resume', async (req, res) => {
    const execution = await executionOf(req);
    const actor = await authorizer.authorize(req, cdExecutionCancelPermission, execution.application);
    const resumed = await engine.resume(execution.id, actor.ref);
    await audit(actor.ref, 'execution.resume', execution);
    res.json(redactExecution(resumed));
  });

  router.post('/executions/:id/stages/:stageId/restart', async (req, res) => {
    const execution = await executionOf(req);
    const actor = await authorizer.authorize(req, cdExecutionCancelPermission, execution.application);
    const { reason } = parse(reasonBody, req.body ?? {});
    const restarted = await engine.restartStage(execution.id, req.params.stageId, actor.ref, reason);
    await audit(actor.ref, 'execution.restartStage', execution, { ...stageOf(execution, req.params.stageId), reason });
    res.json(redactExecution(restarted));
  });

  router.post('/executions/:id/stages/:stageId/judgment', async (req, res) => {
    const execution = await executionOf(req);
    const actor = await authorizer.authorize(req, cdJudgmentSubmitPermission, execution.application);
    const body = parse(judgmentBody, req.body ?? {});
    const stage = execution.stages.find(s => s.id === req.params.stageId);
    if (!stage) throw new NotFoundError(`stage ${req.params.stageId} not found in execution ${execution.id}`);
    const roles = stage.context.requiredJudgmentRoles;
    if (Array.isArray(roles) && roles.length > 0) {
      const allowed = deps.judgmentAuthorizer
        ? await deps.judgmentAuthorizer({ userEntityRef: actor.ref, requiredJudgmentRoles: roles.map(String) })
        : false;
      if (!allowed) {
        throw new NotAllowedError(`only members of ${roles.join(', ')} may judge stage ${stage.name}`);
      }
    }
    const inputs = stage.context.judgmentInputs;
    if (body.input !== undefined && Array.isArray(inputs) && inputs.length > 0) {
      const values = inputs.map(i => String((i as { value?: unknown }).value));
      if (!values.includes(body.input)) {
        throw new PipelineValidationError([{ path: 'input', message: `must be one of ${values.join(', ')}` }], 'invalid judgment');
      }
    }
    const judged = await engine.submitJudgment(
      execution.id,
      stage.id,
      { judgmentStatus: body.judgmentStatus, input: body.input },
      actor.ref,
    );
    await audit(actor.ref, 'judgment.submit', execution, {
      ...stageOf(execution, stage.id),
      judgmentStatus: body.judgmentStatus,
      input: body.input,
    });
    res.json(redactExecution(judged));
  });

  router.post('/executions/:id/stages/:stageId/skip-wait', async (req, res) => {
    const execution = await executionOf(req);
    const actor = await authorizer.authorize(req, cdExecutionCancelPermission, execution.application);
    const skipped = await engine.skipWait(execution.id, req.params.stageId, actor.ref);
    await audit(actor.ref, 'execution.skipWait', execution, stageOf(execution, req.params.stageId));
    res.json(redactExecution(skipped));
  });

  router.post('/executions/:id/evaluate-expression', async (req, res) => {
    const execution = await executionOf(req);
    await authorizer.authorize(req, cdPipelineReadPermission, execution.application);
    const body = parse(expressionBody, req.body ?? {});
    const result = await engine.evaluateExpression(execution.id, body.expression, body.stageId);
    // An expression may read a secret parameter or a Secret's data: its value is masked too.
    const secrets = collectSecretValues(
      execution as never,
      secretParameterNames(execution.pipelineConfig.parameterConfig, execution.trigger.parameters),
    );
    res.json(redactSecrets(result, { extraValues: secrets }));
  });

  router.post('/webhooks/:source', async (req, res) => {
    if (!deps.webhooks) throw new NotFoundError('webhook triggers are not enabled');
    if (req.body === undefined || typeof req.body !== 'object') throw new InputError('the payload must be a JSON object');
    const result = await deps.webhooks.handle(req.params.source, req.body, req.get('x-cd-webhook-secret'));
    res.status(result.started.length > 0 ? 202 : 200).json(result);
  });

  router.use(issuesErrorHandler);
  return router;
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new PipelineValidationError(
    r.error.issues.map(i => ({ path: i.path.join('.') || '(body)', message: i.message })),
    'invalid request',
  );
}

