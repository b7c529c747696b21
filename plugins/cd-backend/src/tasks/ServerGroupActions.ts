import type { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type {
  AuditAction,
  ServerGroupActionRequest,
  ServerGroupActionResponse,
  ServerGroupSummary,
} from '@internal/plugin-cd-common';
import { recordAudit, type AuditLog } from '../audit';
import type { ExecutionEngine } from '../engine';
import type { KubernetesInventory } from '../inventory';
import { manifestNameOf, planServerGroupAction } from './planServerGroupAction';

/** The server group an action is aimed at, as named by the route. */
export interface ServerGroupRef {
  application: string;
  account: string;
  namespace: string;
  /** Case-insensitive: ReplicaSet, StatefulSet, DaemonSet, Job, CronJob. */
  kind: string;
  name: string;
}

export interface ServerGroupActionsDeps {
  engine: Pick<ExecutionEngine, 'start'> & { registry: { has(type: string): boolean } };
  inventory: Pick<KubernetesInventory, 'serverGroup' | 'applicationClusters'>;
  /** Records `serverGroup.<action>` once the task is started. */
  audit?: AuditLog;
  logger?: Pick<LoggerService, 'warn'>;
}

/** The synthetic pipeline id every tracked task of an application runs under. */
export const taskPipelineId = (application: string) => `task:${application}`;

/**
 * Server group actions as tracked tasks: each request becomes an
 * ORCHESTRATION execution of manifest stages (see planServerGroupAction),
 * so it has a status, logs and a place in the executions history.
 */
export class ServerGroupActions {
  constructor(private readonly deps: ServerGroupActionsDeps) {}

  /**
   * Starts the action. Throws NotFoundError when the inventory holds no such
   * server group of the application, InputError / ConflictError when the
   * action does not apply to it, ServiceUnavailableError when a stage type it
   * needs is not installed.
   */
  async run(
    target: ServerGroupRef,
    request: ServerGroupActionRequest,
    actor: { ref: string },
    options: { entityRef?: string } = {},
  ): Promise<ServerGroupActionResponse> {
    const { application } = target;
    const sg = this.deps.inventory.serverGroup(application, target.account, target.namespace, target.kind, target.name);
    const plan = planServerGroupAction(sg, this.clusterOf(sg, application), request);
    const missing = plan.stages.map(s => s.type).filter(type => !this.deps.engine.registry.has(type));
    if (missing.length > 0) {
      throw new ServiceUnavailableError(`the ${[...new Set(missing)].join(', ')} stage type is not installed; cannot ${request.action} ${manifestNameOf(sg)}`);
    }
    const execution = await this.deps.engine.start(
      {
        id: taskPipelineId(application),
        // Tasks of one application never wait for each other.
        config: { application, name: plan.name, stages: plan.stages, limitConcurrent: false, keepWaitingPipelines: false },
      },
      {
        type: 'serverGroupAction',
        user: actor.ref,
        parameters: {},
        action: request.action,
        ...(request.reason ? { reason: request.reason } : {}),
        serverGroup: { account: sg.account, namespace: sg.namespace, kind: sg.kind, name: sg.name },
      },
      { type: 'ORCHESTRATION' },
    );
    await recordAudit(this.deps.audit, this.deps.logger, {
      actor: actor.ref,
      action: `serverGroup.${request.action}` as AuditAction,
      application,
      ...(options.entityRef ? { entityRef: options.entityRef } : {}),
      target: `${manifestNameOf(sg)} in ${sg.account}/${sg.namespace}`,
      details: { request, executionId: execution.id },
    });
    return { executionId: execution.id, stageType: plan.stageType };
  }

  /** The server groups of the same moniker cluster in the same account. */
  private clusterOf(sg: ServerGroupSummary, application: string): ServerGroupSummary[] {
    const account = this.deps.inventory.applicationClusters(application).accounts.find(a => a.name === sg.account);
    return account?.clusters.find(c => c.name === sg.moniker.cluster)?.serverGroups ?? [];
  }
}
