import type { StageDefinition } from '@internal/plugin-cd-node';
import type { StageConfig, ValidationIssue } from '@internal/plugin-cd-common';
import type { KubernetesClientFactory } from '../../kubernetes';
import { isExpression } from '../validation';
import { KubeApi, PATCH_TYPES } from './kubeApi';
import { manifestTarget, resolveTargetTask, targetIssues } from './target';
import { NAMES_BY_NAMESPACE, waitForManifestStableTask } from './waitForStable';

type MergeStrategy = keyof typeof PATCH_TYPES;
const STRATEGIES = Object.keys(PATCH_TYPES) as MergeStrategy[];

const strategyOf = (stage: Readonly<Record<string, unknown>>) =>
  ((stage.options as { mergeStrategy?: string } | undefined)?.mergeStrategy ?? 'strategic') as MergeStrategy;

function patchIssues(stage: StageConfig, path: string): ValidationIssue[] {
  const issues = targetIssues(stage, path);
  const strategy = strategyOf(stage);
  if (!STRATEGIES.includes(strategy) && !isExpression(strategy)) {
    issues.push({ path: `${path}.options.mergeStrategy`, message: `must be one of ${STRATEGIES.join(', ')}` });
  }
  const body = stage.patchBody;
  if (body === undefined || body === null) {
    issues.push({ path: `${path}.patchBody`, message: 'is required' });
  } else if (strategy === 'json' && !Array.isArray(body) && !isExpression(body)) {
    issues.push({ path: `${path}.patchBody`, message: 'must be a list of JSON patch operations with mergeStrategy json' });
  } else if (strategy !== 'json' && (typeof body !== 'object' || Array.isArray(body)) && !isExpression(body)) {
    issues.push({ path: `${path}.patchBody`, message: `must be an object with mergeStrategy ${strategy}` });
  }
  return issues;
}

/**
 * `patchManifest`: patches a live object (`options.mergeStrategy` strategic,
 * merge or json; `options.record` adds the kubernetes.io/change-cause
 * annotation, as `kubectl --record` did), then waits until it is stable.
 */
export function patchManifestStage(deps: { clients: KubernetesClientFactory }): StageDefinition {
  return {
    type: 'patchManifest',
    label: 'Patch (Manifest)',
    description: 'Patches a Kubernetes object (strategic merge, JSON merge or JSON patch) and waits until it is stable.',
    validate: patchIssues,
    tasks: [
      resolveTargetTask(deps.clients),
      {
        name: 'patchManifest',
        async run(ctx) {
          const target = manifestTarget(ctx);
          if ('error' in target) return { status: 'TERMINAL', error: target.error };
          const strategy = strategyOf(ctx.context);
          if (!STRATEGIES.includes(strategy)) return { status: 'TERMINAL', error: `stage.options.mergeStrategy must be one of ${STRATEGIES.join(', ')}` };
          let body = ctx.context.patchBody;
          // Spinnaker's editor stores one patch document as a one-element list.
          if (strategy !== 'json' && Array.isArray(body) && body.length === 1) body = body[0];
          const api = KubeApi.of(deps.clients, target.account, ctx.signal);
          const patched = await api.patch(target.ref, target.namespace, target.name, body, PATCH_TYPES[strategy]);
          if (!patched) return { status: 'TERMINAL', error: `${target.manifestName} not found in ${target.namespace} (account ${target.account})` };
          if ((ctx.context.options as { record?: boolean } | undefined)?.record) {
            const cause = `${strategy} patch by pipeline ${ctx.execution.name ?? ctx.execution.id} (stage ${ctx.stage.name})`;
            await api.patch(target.ref, target.namespace, target.name, { metadata: { annotations: { 'kubernetes.io/change-cause': cause } } }, PATCH_TYPES.merge);
          }
          ctx.logger.info(`patched ${target.manifestName} in ${target.namespace} (${strategy})`);
          const names = { [target.namespace]: [target.manifestName] };
          return {
            status: 'SUCCEEDED',
            context: { [NAMES_BY_NAMESPACE]: names },
            outputs: { [NAMES_BY_NAMESPACE]: names, 'outputs.manifests': [patched] },
          };
        },
      },
      waitForManifestStableTask(deps.clients),
    ],
  };
}
