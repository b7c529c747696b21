import type { ExecutionSummary } from '@internal/plugin-cd-common';
import type { CdApi } from '../../api';
import type { FanOutResult } from './fanOut';
import type { CdApplication } from './useCdApplications';

export interface AppExecution extends ExecutionSummary {
  app: CdApplication;
  /** The Deploy tab of the entity that owns the application. */
  deployTab: string;
}

/** Pages of the portal-wide listing read at most (newest first). */
const MAX_PAGES = 3;
const PAGE_SIZE = 200;

/**
 * Every catalog application's recent executions, newest first, from the
 * portal-wide listing (the backend returns only applications the caller may
 * read). Executions of applications no catalog entity claims are left out:
 * they have no Deploy tab to link to.
 */
export async function readAllExecutions(
  cdApi: CdApi,
  apps: CdApplication[],
): Promise<{
  executions: AppExecution[];
  failures: FanOutResult<unknown>['failures'];
}> {
  const byName = new Map(apps.map(app => [app.application, app]));
  const executions: AppExecution[] = [];
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await cdApi.listExecutions({ limit: PAGE_SIZE, cursor });
      for (const e of result.items) {
        const app = byName.get(e.application);
        if (app) executions.push({ ...e, app, deployTab: app.deployTab });
      }
      cursor = result.nextCursor;
      if (!cursor) break;
    }
  } catch (e) {
    return {
      executions,
      failures: [{ application: '(all)', message: e instanceof Error ? e.message : String(e) }],
    };
  }
  executions.sort(
    (a, b) => (b.startTime ?? b.buildTime) - (a.startTime ?? a.buildTime),
  );
  return { executions, failures: [] };
}
