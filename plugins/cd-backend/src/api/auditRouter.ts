import { NotFoundError } from '@backstage/errors';
import {
  AUDIT_ACTIONS,
  cdPipelineReadPermission,
  type AuditAction,
} from '@internal/plugin-cd-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { AuditCursorError, type AuditReader } from '../audit';
import { PipelineValidationError } from '../pipelines/errors';
import type { ApplicationResolver } from '../service/ApplicationResolver';
import type { CdAuthorizer } from './CdAuthorizer';
import { issuesErrorHandler } from './issuesErrorHandler';
import { readableApplications } from './readableApplications';

export interface AuditRouterDeps {
  audit: AuditReader;
  authorizer: Pick<CdAuthorizer, 'authorize'>;
  applications: Pick<ApplicationResolver, 'applicationFor'>;
}

/** The application a request is about, or the whole portal. */
export type ApplicationScope =
  | { kind: 'application'; application: string; entityRef?: string }
  | { kind: 'portal' };

/**
 * `?application=` or `?entityRef=` (resolved through the catalog), else the
 * whole portal. Both at once must agree.
 */
export async function applicationScope(
  applications: Pick<ApplicationResolver, 'applicationFor'>,
  query: { application?: string; entityRef?: string },
): Promise<ApplicationScope> {
  if (!query.entityRef) {
    return query.application ? { kind: 'application', application: query.application } : { kind: 'portal' };
  }
  const application = await applications.applicationFor(query.entityRef);
  if (!application) {
    throw new NotFoundError(`${query.entityRef} is not a cd application (no cd.backstage.io/application annotation)`);
  }
  if (query.application && query.application !== application) {
    throw invalidQuery('application', `must be ${application} (the application of ${query.entityRef}) or absent`);
  }
  return { kind: 'application', application, entityRef: query.entityRef };
}

export { readableApplications };

const auditQuery = z.object({
  application: z.string().min(1).optional(),
  entityRef: z.string().min(1).optional(),
  action: z.string().optional(),
  actor: z.string().min(1).optional(),
  since: z.string().optional(),
  until: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().optional(),
});

/**
 * The audit log over HTTP (openapi/audit.yaml): `GET /audit`, newest first.
 * About one application (or entity) it needs read permission on it;
 * portal-wide it answers with the records of the applications the caller
 * may read.
 */
export function createAuditRouter(deps: AuditRouterDeps): express.Router {
  const router = Router();

  router.get('/audit', async (req, res) => {
    const q = parseQuery(req.query);
    const actions = parseActions(q.action);
    const since = parseTime(q.since, 'since');
    const until = parseTime(q.until, 'until');
    const scope = await applicationScope(deps.applications, q);
    let applications: string[];
    if (scope.kind === 'application') {
      await deps.authorizer.authorize(req, cdPipelineReadPermission, scope.application);
      applications = [scope.application];
    } else {
      applications = await readableApplications(deps.authorizer, req).filter(await deps.audit.applications());
    }
    try {
      res.json(
        await deps.audit.list({ applications, actions, actor: q.actor, since, until, limit: q.limit, cursor: q.cursor }),
      );
    } catch (error) {
      if (error instanceof AuditCursorError) throw invalidQuery('cursor', error.message);
      throw error;
    }
  });

  router.use(issuesErrorHandler);
  return router;
}

function parseQuery(query: unknown) {
  const parsed = auditQuery.safeParse(query);
  if (parsed.success) return parsed.data;
  throw new PipelineValidationError(
    parsed.error.issues.map(i => ({ path: i.path.join('.') || '(query)', message: i.message })),
    'invalid query',
  );
}

function parseActions(text: string | undefined): AuditAction[] | undefined {
  if (!text) return undefined;
  const actions = text.split(',').map(a => a.trim()).filter(Boolean);
  const unknown = actions.find(a => !(AUDIT_ACTIONS as readonly string[]).includes(a));
  if (unknown) throw invalidQuery('action', `unknown action ${unknown}; one of ${AUDIT_ACTIONS.join(', ')}`);
  return actions as AuditAction[];
}

/** An ISO time (`2026-01-05T12:00:00Z`, `2026-01-05`) or epoch milliseconds. */
export function parseTime(text: string | undefined, field: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw invalidQuery(field, 'must be an ISO date-time or epoch milliseconds');
  return ms;
}

function invalidQuery(path: string, message: string) {
  return new PipelineValidationError([{ path, message }], 'invalid query');
}
