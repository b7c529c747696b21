import type { StageDefinition } from '@internal/plugin-cd-node';
import type { KubernetesClientFactory } from '../../kubernetes';
import { referencedArtifacts } from './artifacts';
import { KubeApi } from './kubeApi';
import { manifestTarget, resolveTargetTask, targetIssues } from './target';

/**
 * `findArtifactsFromResource`: reads a live object and outputs its manifest
 * and the artifacts it uses (images, ConfigMaps, Secrets), e.g. to redeploy
 * what runs in one account into another.
 */
export function findArtifactsFromResourceStage(deps: { clients: KubernetesClientFactory }): StageDefinition {
  return {
    type: 'findArtifactsFromResource',
    label: 'Find Artifacts From Resource (Manifest)',
    description: 'Reads a live Kubernetes object and outputs its manifest and the artifacts it uses.',
    validate: (stage, path) => targetIssues(stage, path),
    tasks: [
      resolveTargetTask(deps.clients),
      {
        name: 'findArtifactsFromResource',
        async run(ctx) {
          const target = manifestTarget(ctx);
          if ('error' in target) return { status: 'TERMINAL', error: target.error };
          const live = await KubeApi.of(deps.clients, target.account, ctx.signal).get(target.ref, target.namespace, target.name);
          if (!live) return { status: 'TERMINAL', error: `${target.manifestName} not found in ${target.namespace} (account ${target.account})` };
          const artifacts = referencedArtifacts(live);
          ctx.logger.info(`${target.manifestName} uses ${artifacts.map(a => `${a.type} ${a.reference}`).join(', ') || 'no artifacts'}`);
          return { status: 'SUCCEEDED', outputs: { manifest: live, artifacts } };
        },
      },
    ],
  };
}
