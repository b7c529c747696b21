import { KubeApi, PATCH_TYPES } from './kubeApi';
import type { KubeObject } from './manifests';
import { parseManifestName, ResourceRef } from './resources';

/**
 * Traffic as Spinnaker's Kubernetes provider manages it: a workload names its
 * load balancers (`traffic.spinnaker.io/load-balancers: '["service my-svc"]'`);
 * it receives traffic when its pods carry the labels of those Services'
 * selectors, and stops when they lose them. The pods stay running.
 */
export const LOAD_BALANCERS_ANNOTATION = 'traffic.spinnaker.io/load-balancers';

export interface TrafficService {
  name: string;
  selector: Record<string, string>;
}

export function parseLoadBalancers(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const list = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(list) || list.some(v => typeof v !== 'string')) {
    throw new Error(`${LOAD_BALANCERS_ANNOTATION} must be a JSON list of "service name" strings, got ${JSON.stringify(value)}`);
  }
  return list;
}

export function loadBalancersOf(object: KubeObject): string[] {
  return parseLoadBalancers(object.metadata?.annotations?.[LOAD_BALANCERS_ANNOTATION]);
}

/** Reads the Services behind `service name` load balancers; each must exist and select by labels. */
export async function readServices(api: KubeApi, namespace: string, loadBalancers: string[]): Promise<TrafficService[]> {
  const services: TrafficService[] = [];
  for (const lb of loadBalancers) {
    const { ref, name } = parseManifestName(lb);
    if (ref?.kind !== 'Service') throw new Error(`load balancer '${lb}': only Services can send traffic to a workload ("service name")`);
    const service = await api.get(ref, namespace, name);
    if (!service) throw new Error(`load balancer '${lb}' not found in ${namespace} (account ${api.account})`);
    const selector = (service.spec?.selector ?? {}) as Record<string, string>;
    if (Object.keys(selector).length === 0) throw new Error(`load balancer '${lb}' has no selector, so traffic cannot be managed through labels`);
    services.push({ name, selector });
  }
  return services;
}

/**
 * A Service selector sharing a label key with the workload's own selector
 * would make disabling orphan the pods: Spinnaker refuses it, and so do we.
 */
export function selectorOverlap(workload: KubeObject, services: TrafficService[]): string | undefined {
  const own = Object.keys((workload.spec?.selector?.matchLabels ?? {}) as Record<string, string>);
  for (const s of services) {
    const shared = Object.keys(s.selector).filter(k => own.includes(k));
    if (shared.length > 0) {
      return `service ${s.name}'s selector shares label ${shared.join(', ')} with ${workload.kind} ${workload.metadata?.name}'s selector; use labels only the Service selects on`;
    }
  }
  return undefined;
}

const trafficLabels = (services: TrafficService[], enabled: boolean) =>
  Object.fromEntries(services.flatMap(s => Object.entries(s.selector)).map(([k, v]) => [k, enabled ? v : null]));

/** The manifest with its pod template labelled (enabled) or not (disabled) for the Services. */
export function withTrafficLabels(manifest: KubeObject, services: TrafficService[], enabled: boolean): KubeObject {
  const copy: KubeObject = structuredClone(manifest);
  const template = ((copy.spec ??= {}).template ??= {});
  const labels: Record<string, string> = { ...(template.metadata?.labels ?? {}) };
  for (const [k, v] of Object.entries(trafficLabels(services, enabled))) {
    if (v === null) delete labels[k];
    else labels[k] = v;
  }
  template.metadata = { ...(template.metadata ?? {}), labels };
  return copy;
}

const PODS: ResourceRef = { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true };
const REPLICA_SETS: ResourceRef = { apiVersion: 'apps/v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true };

const ownedBy = (o: KubeObject, uids: Set<string>) =>
  ((o.metadata as { ownerReferences?: Array<{ uid: string }> })?.ownerReferences ?? []).some(r => uids.has(r.uid));
const uidOf = (o: KubeObject) => String((o.metadata as { uid?: string })?.uid ?? '');

/** The live pods of a workload (through its ReplicaSets for a Deployment). */
export async function podsOf(api: KubeApi, namespace: string, workload: KubeObject): Promise<KubeObject[]> {
  const matchLabels = (workload.spec?.selector?.matchLabels ?? {}) as Record<string, string>;
  const selector = Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
  const owners = new Set([uidOf(workload)]);
  if (workload.kind === 'Deployment') {
    for (const rs of await api.list(REPLICA_SETS, namespace, selector || undefined)) if (ownedBy(rs, owners)) owners.add(uidOf(rs));
  }
  return (await api.list(PODS, namespace, selector || undefined)).filter(p => ownedBy(p, owners));
}

/**
 * Enables or disables a live workload's traffic: first its pod template (so
 * pods created meanwhile come out right), then each of its pods.
 */
export async function setTraffic(
  api: KubeApi,
  ref: ResourceRef,
  namespace: string,
  workload: KubeObject,
  services: TrafficService[],
  enabled: boolean,
): Promise<{ pods: number }> {
  const labels = trafficLabels(services, enabled);
  const name = workload.metadata!.name!;
  const patched = await api.patch(ref, namespace, name, { spec: { template: { metadata: { labels } } } }, PATCH_TYPES.merge);
  if (!patched) throw new Error(`${ref.kind} ${name} not found in ${namespace} (account ${api.account})`);
  const pods = await podsOf(api, namespace, patched);
  for (const pod of pods) {
    // A pod deleted meanwhile needs no label.
    await api.patch(PODS, namespace, pod.metadata!.name!, { metadata: { labels } }, PATCH_TYPES.merge);
  }
  return { pods: pods.length };
}
