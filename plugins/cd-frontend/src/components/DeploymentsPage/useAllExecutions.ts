import type { ExecutionSummary } from '@internal/plugin-cd-common';
import type { CdApi } from '../../api';
import { fanOut, FanOutResult } from './fanOut';
import type { CdApplication } from './useCdApplications';

export interface AppExecution extends ExecutionSummary {
  app: CdApplication;
  /** The Deploy tab of the entity that owns the application. */
  deployTab: string;
}

const PER_APPLICATION = 20;

/**
 * Every application's recent executions, newest first. The executions API
 * lists one application at a time, so they are read in parallel.
 */
export async function readAllExecutions(
  cdApi: CdApi,
  apps: CdApplication[],
): Promise<{
  executions: AppExecution[];
  failures: FanOutResult<unknown>['failures'];
}> {
  const pages = await fanOut(apps, application =>
    cdApi.listExecutions({ application, limit: PER_APPLICATION }),
  );
  const executions = pages.values.flatMap(({ app, value }) =>
    value.items.map(e => ({ ...e, app, deployTab: app.deployTab })),
  );
  executions.sort(
    (a, b) => (b.startTime ?? b.buildTime) - (a.startTime ?? a.buildTime),
  );
  return { executions, failures: pages.failures };
}
