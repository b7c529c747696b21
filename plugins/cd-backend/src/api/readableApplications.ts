import { cdPipelineReadPermission } from '@internal/plugin-cd-common';
import type { Request } from 'express';
import type { CdAuthorizer } from './CdAuthorizer';

/**
 * Which applications the caller of one request may read (cd.pipeline.read),
 * each asked once per request: portal-wide answers only include these.
 */
export function readableApplications(authorizer: Pick<CdAuthorizer, 'authorize'>, req: Request) {
  const decisions = new Map<string, Promise<boolean>>();
  const canRead = (application: string) => {
    let decision = decisions.get(application);
    if (!decision) {
      decision = authorizer.authorize(req, cdPipelineReadPermission, application).then(
        () => true,
        error => {
          if (error?.name === 'NotAllowedError') return false;
          throw error;
        },
      );
      decisions.set(application, decision);
    }
    return decision;
  };
  return {
    canRead,
    async filter(candidates: string[]): Promise<string[]> {
      const allowed = await Promise.all(candidates.map(canRead));
      return candidates.filter((_, i) => allowed[i]);
    },
  };
}
