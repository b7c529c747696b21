import type { TaskDefinition } from '@internal/plugin-cd-node';
import type { KubernetesClientFactory, KubernetesRequestError } from '../../kubernetes';
import type { KubeObject } from './manifests';
import { kubeRequest } from './request';
import { parseManifestName, resourcePath } from './resources';
import { stability } from './stability';

const isTransient = (e: unknown) => {
  const code = (e as KubernetesRequestError).statusCode;
  return code === undefined || code === 429 || code >= 500;
};

export const NAMES_BY_NAMESPACE = 'outputs.manifestNamesByNamespace';

/**
 * `waitForManifestStable`: re-runs every second until every manifest named in
 * the stage's `outputs.manifestNamesByNamespace` is stable; the stage context's
 * `stableStatus` says which are not yet, and why.
 */
export function waitForManifestStableTask(clients: KubernetesClientFactory): TaskDefinition {
  return {
    name: 'waitForManifestStable',
    async run(ctx) {
      const account = String(ctx.context.account);
      const kubeConfig = clients.kubeConfig(account);
      const byNamespace = (ctx.context[NAMES_BY_NAMESPACE] ?? {}) as Record<string, string[]>;
      const waiting: string[] = [];
      for (const [namespace, names] of Object.entries(byNamespace)) {
        for (const manifestName of names) {
          const { ref, name } = parseManifestName(manifestName);
          if (!ref) continue; // kinds without a rollout are stable once applied
          let live: KubeObject | undefined;
          try {
            live = await kubeRequest<KubeObject>(kubeConfig, {
              method: 'GET',
              path: resourcePath(ref, namespace, name),
              what: `read ${manifestName} in ${namespace}`,
              signal: ctx.signal,
            });
          } catch (e) {
            // A passing outage of the API server is not a failed rollout: keep waiting, and say why.
            if (!isTransient(e)) throw e;
            waiting.push(`${manifestName}: ${(e as Error).message}`);
            continue;
          }
          if (!live) {
            waiting.push(`${manifestName}: not found in ${namespace}`);
            continue;
          }
          const { stable, reason } = stability(live);
          if (!stable) waiting.push(`${manifestName}: ${reason}`);
        }
      }
      if (waiting.length > 0) return { status: 'RUNNING', backoffMs: 1000, context: { stableStatus: waiting.join('; ') } };
      return { status: 'SUCCEEDED', context: { stableStatus: 'stable' } };
    },
  };
}
