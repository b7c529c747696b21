import type { StageDefinition, TaskContext, TaskResult } from '@internal/plugin-cd-node';
import type { KubernetesClientFactory } from '../../kubernetes';
import { KubeApi } from './kubeApi';
import { manifestTarget, resolveTargetTask, targetIssues } from './target';
import { LOAD_BALANCERS_ANNOTATION, loadBalancersOf, readServices, setTraffic } from './traffic';
import { NAMES_BY_NAMESPACE } from './waitForStable';

/** Adds (enable) or removes (disable) the Service selector labels on a server group's pod template and pods. */
export async function changeTraffic(clients: KubernetesClientFactory, ctx: TaskContext, enabled: boolean): Promise<TaskResult> {
  const target = manifestTarget(ctx);
  if ('error' in target) return { status: 'TERMINAL', error: target.error };
  const api = KubeApi.of(clients, target.account, ctx.signal);
  const live = await api.get(target.ref, target.namespace, target.name);
  if (!live) return { status: 'TERMINAL', error: `${target.manifestName} not found in ${target.namespace} (account ${target.account})` };
  const loadBalancers = loadBalancersOf(live);
  if (loadBalancers.length === 0) {
    return {
      status: 'TERMINAL',
      error: `${target.manifestName} names no load balancers: deploy it with trafficManagement services or the ${LOAD_BALANCERS_ANNOTATION} annotation`,
    };
  }
  const services = await readServices(api, target.namespace, loadBalancers);
  const { pods } = await setTraffic(api, target.ref, target.namespace, live, services, enabled);
  ctx.logger.info(`${enabled ? 'enabled' : 'disabled'} ${target.manifestName} behind ${loadBalancers.join(', ')} (${pods} pods)`);
  const names = { [target.namespace]: [target.manifestName] };
  return { status: 'SUCCEEDED', outputs: { [NAMES_BY_NAMESPACE]: names, loadBalancers } };
}

function trafficStage(type: string, enabled: boolean, deps: { clients: KubernetesClientFactory }): StageDefinition {
  const verb = enabled ? 'Enable' : 'Disable';
  return {
    type,
    label: `${verb} (Manifest)`,
    description: enabled
      ? 'Sends traffic to a server group again: adds its load balancers\' selector labels to its pods.'
      : 'Takes a server group out of its load balancers, leaving its pods running.',
    validate: (stage, path) => targetIssues(stage, path),
    tasks: [resolveTargetTask(deps.clients), { name: type, run: ctx => changeTraffic(deps.clients, ctx, enabled) }],
  };
}

export const enableManifestStage = (deps: { clients: KubernetesClientFactory }) => trafficStage('enableManifest', true, deps);
export const disableManifestStage = (deps: { clients: KubernetesClientFactory }) => trafficStage('disableManifest', false, deps);
