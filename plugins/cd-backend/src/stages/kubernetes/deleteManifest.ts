import type { StageDefinition } from '@internal/plugin-cd-node';
import type { KubernetesClientFactory } from '../../kubernetes';
import { kubeRequest } from './request';
import { resourcePath } from './resources';
import { manifestTarget, resolveTargetTask, targetIssues } from './target';

/**
 * `deleteManifest`: deletes one object; `options.cascading` (default true)
 * deletes its dependents in the background, false orphans them. An object
 * already gone counts as deleted, so a repeated run succeeds.
 */
export function deleteManifestStage(deps: { clients: KubernetesClientFactory }): StageDefinition {
  return {
    type: 'deleteManifest',
    label: 'Delete (Manifest)',
    description: 'Deletes a Kubernetes object.',
    validate: (stage, path) => targetIssues(stage, path),
    tasks: [
      resolveTargetTask(deps.clients),
      {
        name: 'deleteManifest',
        async run(ctx) {
          const target = manifestTarget(ctx);
          if ('error' in target) return { status: 'TERMINAL', error: target.error };
          const options = (ctx.context.options ?? {}) as { cascading?: boolean };
          const deleted = await kubeRequest(deps.clients.kubeConfig(target.account), {
            method: 'DELETE',
            path: resourcePath(target.ref, target.namespace, target.name),
            query: { propagationPolicy: options.cascading === false ? 'Orphan' : 'Background' },
            what: `delete ${target.manifestName} in ${target.namespace}`,
            signal: ctx.signal,
          });
          if (!deleted) ctx.logger.info(`${target.manifestName} was already gone from ${target.namespace}`);
          const names = { [target.namespace]: [target.manifestName] };
          return { status: 'SUCCEEDED', outputs: { 'outputs.manifestNamesByNamespace': names } };
        },
      },
    ],
  };
}
