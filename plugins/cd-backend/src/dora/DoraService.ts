import type { Knex } from 'knex';
import type { DoraMetrics } from '@internal/plugin-cd-common';
import { computeDoraMetrics, DAY_MS } from './computeDoraMetrics';
import { ExecutionHistory } from './ExecutionHistory';

/** How far before the window failures are read, so incidents resolved in the window count. */
const INCIDENT_LOOKBACK_DAYS = 90;

export interface DoraQuery {
  /** See DoraMetrics.scope. */
  scope: string;
  /** The applications to include; undefined for all of them. */
  applications?: string[];
  /** 1..365. */
  days: number;
}

/** DORA metrics over the product's own executions. */
export class DoraService {
  private readonly history: ExecutionHistory;

  constructor(
    private readonly deps: {
      knex: Knex;
      /** True for accounts whose deploys are production (see productionAccountPredicate). */
      isProductionAccount: (account: string) => boolean;
      now?: () => number;
    },
  ) {
    this.history = new ExecutionHistory(deps.knex);
  }

  async metrics(query: DoraQuery): Promise<DoraMetrics> {
    const to = (this.deps.now ?? Date.now)();
    const from = to - query.days * DAY_MS;
    const executions = await this.history.finished({
      applications: query.applications,
      endedFrom: from - INCIDENT_LOOKBACK_DAYS * DAY_MS,
      endedBefore: to,
    });
    return computeDoraMetrics(executions, { scope: query.scope, windowDays: query.days, to }, this.deps.isProductionAccount);
  }

  applications(): Promise<string[]> {
    return this.history.applications();
  }
}
