import type { StageDefinition } from '@internal/plugin-cd-node';
import type { KubernetesClientFactory } from '../../kubernetes';
import { requireNumberOrExpression } from '../validation';
import { kubeRequest } from './request';
import { resourcePath } from './resources';
import { manifestTarget, resolveTargetTask, targetIssues } from './target';
import { NAMES_BY_NAMESPACE, waitForManifestStableTask } from './waitForStable';

/** `scaleManifest`: sets a workload's replicas through its scale subresource, then waits until it is stable. */
export function scaleManifestStage(deps: { clients: KubernetesClientFactory }): StageDefinition {
  return {
    type: 'scaleManifest',
    label: 'Scale (Manifest)',
    description: 'Sets the replicas of a Kubernetes workload and waits until it is stable.',
    validate: (stage, path) => [
      ...targetIssues(stage, path),
      ...requireNumberOrExpression(stage, 'replicas', path, { required: true, min: 0 }),
    ],
    tasks: [
      resolveTargetTask(deps.clients),
      {
        name: 'scaleManifest',
        async run(ctx) {
          const target = manifestTarget(ctx);
          if ('error' in target) return { status: 'TERMINAL', error: target.error };
          const replicas = Number(ctx.context.replicas);
          if (!Number.isInteger(replicas) || replicas < 0) {
            return { status: 'TERMINAL', error: `stage.replicas must be a whole number of at least 0, got ${JSON.stringify(ctx.context.replicas)}` };
          }
          const scaled = await kubeRequest(deps.clients.kubeConfig(target.account), {
            method: 'PATCH',
            path: `${resourcePath(target.ref, target.namespace, target.name)}/scale`,
            body: { spec: { replicas } },
            contentType: 'application/merge-patch+json',
            what: `scale ${target.manifestName} in ${target.namespace}`,
            signal: ctx.signal,
          });
          if (!scaled) return { status: 'TERMINAL', error: `${target.manifestName} not found in ${target.namespace} (account ${target.account})` };
          const names = { [target.namespace]: [target.manifestName] };
          return { status: 'SUCCEEDED', context: { [NAMES_BY_NAMESPACE]: names }, outputs: { [NAMES_BY_NAMESPACE]: names } };
        },
      },
      waitForManifestStableTask(deps.clients),
    ],
  };
}
