import { ResponseError } from '@backstage/errors';
import type {
  CanaryConfig,
  StoredCanaryConfig,
  ValidationIssue,
} from '@internal/plugin-cd-common';
import type { CdApi } from '../../../api';

/** A ResponseError as CdClient throws it for a JSON error body. */
export async function responseError(
  status: number,
  body: object,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    }) as never,
  );
}

/** The few rules the tests exercise, named by path as the backend names them. */
function issuesOf(config: CanaryConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof config.name !== 'string' || !config.name)
    issues.push({ path: 'name', message: 'Required' });
  if (!config.classifier)
    issues.push({ path: 'classifier', message: 'Required' });
  (config.metrics ?? []).forEach((metric, i) => {
    if (!Array.isArray(metric.groups) || metric.groups.length === 0)
      issues.push({
        path: `metrics[${i}].groups`,
        message: 'a metric needs at least one group',
      });
  });
  return issues;
}

/**
 * The canary-config half of the CdApi over versioned rows in memory, for
 * component tests: versions, optimistic locking and 400s with issues.
 */
export function canaryConfigStore(initial: StoredCanaryConfig[][] = []) {
  const rows = new Map<string, StoredCanaryConfig[]>(
    initial.map(versions => [versions[0].id, versions]),
  );
  let nextId = rows.size + 1;
  const latest = (id: string) => {
    const versions = rows.get(id);
    if (!versions) throw new Error(`no canary config ${id}`);
    return versions[versions.length - 1];
  };
  const refuse = async (issues: ValidationIssue[]) => {
    throw await responseError(400, {
      error: { name: 'InputError', message: 'invalid canary config' },
      response: { statusCode: 400 },
      issues,
    });
  };
  const api: Pick<
    CdApi,
    | 'listCanaryConfigs'
    | 'getCanaryConfig'
    | 'createCanaryConfig'
    | 'updateCanaryConfig'
    | 'deleteCanaryConfig'
    | 'listCanaryConfigVersions'
  > = {
    listCanaryConfigs: async application =>
      [...rows.keys()].map(latest).filter(c => c.application === application),
    getCanaryConfig: async id => latest(id),
    createCanaryConfig: async (application, config) => {
      const issues = issuesOf(config);
      if (issues.length) return refuse(issues);
      const id = `cc-${nextId++}`;
      const saved: StoredCanaryConfig = {
        id,
        application,
        name: config.name,
        version: 1,
        config,
        updatedBy: 'user:default/guest',
        updatedAt: '2024-05-02T10:00:00.000Z',
      };
      rows.set(id, [saved]);
      return saved;
    },
    updateCanaryConfig: async (id, config, options) => {
      const issues = issuesOf(config);
      if (issues.length) return refuse(issues);
      const current = latest(id);
      if (
        options?.expectedVersion !== undefined &&
        options.expectedVersion !== current.version
      )
        throw await responseError(409, {
          error: {
            name: 'ConflictError',
            message: `canary config ${id} changed`,
          },
          response: { statusCode: 409 },
        });
      const saved = {
        ...current,
        name: config.name,
        config,
        version: current.version + 1,
        updatedBy: 'user:default/guest',
      };
      rows.get(id)!.push(saved);
      return saved;
    },
    deleteCanaryConfig: async id => {
      rows.delete(id);
    },
    listCanaryConfigVersions: async id => [...(rows.get(id) ?? [])].reverse(),
  };
  return { api, rows };
}
