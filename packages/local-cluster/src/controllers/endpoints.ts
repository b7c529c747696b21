import type { KubeObject, ObjectStore } from '../store/types';
import type { Kinds } from './kinds';
import { NODE_NAME } from './kinds';
import {
  isPodReady,
  isPodTerminal,
  keyOf,
  objectKey,
  splitKey,
  stableStringify,
  writeObject,
  isStatusError,
} from './objects';
import { WorkQueue } from './WorkQueue';
import { watchKind } from './informer';

const BATCH_MS = 5;

/** Keeps each selector Service's Endpoints listing its pods, ready ones in `addresses`. */
export function startEndpointsController(
  store: ObjectStore,
  kinds: Kinds,
): () => void {
  const queue = new WorkQueue('endpoints', key => reconcile(key));
  const servicesByNamespace = new Map<string, Set<string>>();

  function reconcile(key: string) {
    const { namespace, name } = splitKey(key);
    const svc = store.get(kinds.services, namespace, name);
    if (!svc || svc.metadata.deletionTimestamp) {
      // Endpoints carry no ownerReference to their Service; remove them with it
      const stale = store.get(kinds.endpoints, namespace, name);
      if (stale) {
        try {
          store.delete(kinds.endpoints, namespace, name);
        } catch (error) {
          if (!isStatusError(error, 404)) throw error;
        }
      }
      return;
    }
    const selector: Record<string, string> | undefined = svc.spec?.selector;
    if (
      !selector ||
      Object.keys(selector).length === 0 ||
      svc.spec?.type === 'ExternalName'
    )
      return;
    const labelSelector = Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const pods = store.list(kinds.pods, { namespace, labelSelector }).items;
    const subsets = endpointSubsets(svc, pods);
    const labels = {
      ...(svc.metadata.labels ?? {}),
      'endpoints.kubernetes.io/managed-by': 'endpoint-controller',
    };
    const existing = store.get(kinds.endpoints, namespace, name);
    if (!existing) {
      store.create(kinds.endpoints, {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name, namespace, labels },
        ...(subsets.length ? { subsets } : {}),
      });
      return;
    }
    writeObject(store, kinds.endpoints, namespace, name, ep => {
      if (
        stableStringify(ep.subsets ?? []) === stableStringify(subsets) &&
        stableStringify(ep.metadata.labels ?? {}) === stableStringify(labels)
      ) {
        return false;
      }
      ep.metadata.labels = labels;
      if (subsets.length) ep.subsets = subsets;
      else delete ep.subsets;
      return true;
    });
  }

  const stopServices = watchKind(store, kinds.services, (type, svc) => {
    const ns = svc.metadata.namespace ?? 'default';
    let names = servicesByNamespace.get(ns);
    if (!names) servicesByNamespace.set(ns, (names = new Set()));
    if (type === 'DELETED') names.delete(svc.metadata.name!);
    else names.add(svc.metadata.name!);
    queue.add(keyOf(svc));
  });
  const stopPods = watchKind(store, kinds.pods, (_type, pod) => {
    // any Service of the namespace may gain or lose the pod (labels can change); the batch keeps this cheap
    const ns = pod.metadata.namespace ?? 'default';
    for (const name of servicesByNamespace.get(ns) ?? [])
      queue.addAfter(objectKey(ns, name), BATCH_MS);
  });
  return () => {
    stopServices();
    stopPods();
    queue.stop();
  };
}

interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** Subsets for a Service: pods grouped by the ports their targetPorts resolve to. */
export function endpointSubsets(svc: KubeObject, pods: KubeObject[]): any[] {
  const publishNotReady = !!svc.spec?.publishNotReadyAddresses;
  const groups = new Map<
    string,
    { ports: EndpointPort[]; addresses: any[]; notReadyAddresses: any[] }
  >();
  for (const pod of pods) {
    const ip: string | undefined = pod.status?.podIP;
    if (!ip || pod.metadata.deletionTimestamp || isPodTerminal(pod)) continue;
    const ports: EndpointPort[] = [];
    for (const sp of svc.spec?.ports ?? []) {
      const target = resolveTargetPort(pod, sp.targetPort ?? sp.port);
      if (target === undefined) continue;
      ports.push({
        ...(sp.name ? { name: sp.name } : {}),
        port: target,
        protocol: sp.protocol ?? 'TCP',
        ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
      });
    }
    if ((svc.spec?.ports ?? []).length > 0 && ports.length === 0) continue;
    const signature = stableStringify(ports);
    let group = groups.get(signature);
    if (!group)
      groups.set(
        signature,
        (group = { ports, addresses: [], notReadyAddresses: [] }),
      );
    const address = {
      ip,
      nodeName: pod.spec?.nodeName ?? NODE_NAME,
      targetRef: {
        kind: 'Pod',
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
        uid: pod.metadata.uid,
      },
    };
    if (publishNotReady || isPodReady(pod)) group.addresses.push(address);
    else group.notReadyAddresses.push(address);
  }
  const byIp = (a: any, b: any) => String(a.ip).localeCompare(String(b.ip));
  return [...groups.values()].map(g => ({
    ...(g.addresses.length ? { addresses: g.addresses.sort(byIp) } : {}),
    ...(g.notReadyAddresses.length
      ? { notReadyAddresses: g.notReadyAddresses.sort(byIp) }
      : {}),
    ...(g.ports.length ? { ports: g.ports } : {}),
  }));
}

/** A Service targetPort (number or container port name) on one pod. */
export function resolveTargetPort(
  pod: KubeObject,
  targetPort: number | string,
): number | undefined {
  if (typeof targetPort === 'number') return targetPort;
  if (/^\d+$/.test(targetPort)) return Number(targetPort);
  for (const container of pod.spec?.containers ?? []) {
    for (const port of container.ports ?? []) {
      if (port.name === targetPort) return port.containerPort;
    }
  }
  return undefined;
}
