import type {
  AccountClusters,
  AccountSummary,
  ClusterSummary,
  ConfigSummary,
  FirewallSummary,
  HealthCounts,
  InstanceSummary,
  KubernetesEventSummary,
  LoadBalancerKind,
  LoadBalancerSummary,
  ServerGroupKind,
  ServerGroupManagerSummary,
  ServerGroupSummary,
} from '@internal/plugin-cd-common';
import { AccountCache, CacheEntry } from './AccountCache';
import { podHealth } from './health';
import { formatVersion } from './moniker';
import { KubeObject, matchesSelector, ownerOf, podTemplate } from './objects';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const LOAD_BALANCERS_ANNOTATION = 'traffic.spinnaker.io/load-balancers';

const SERVER_GROUP_KINDS = new Set(['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
const LOAD_BALANCER_KINDS = new Set(['Service', 'Ingress', 'HTTPRoute']);

export interface ModelOptions {
  account: string;
  now: number;
  startupGraceMs: number;
  /**
   * Lowered to the earliest time at which the view would change with no object
   * changing (an instance's startup window ends): until then it may be reused.
   */
  expiry?: { at: number };
}

/** One account's part of an application's view, built from its indexes only. */
export function buildAccountClusters(
  cache: AccountCache,
  summary: AccountSummary,
  application: string,
  options: ModelOptions,
): AccountClusters {
  const clusters = new Map<string, ClusterSummary>();
  const cluster = (name: string) => {
    let c = clusters.get(name);
    if (!c) {
      c = { account: summary.name, name, application, serverGroups: [], serverGroupManagers: [] };
      clusters.set(name, c);
    }
    return c;
  };
  const loadBalancers: LoadBalancerSummary[] = [];
  const firewalls: FirewallSummary[] = [];
  const configs: ConfigSummary[] = [];
  const behind = new Map<string, string[]>();

  for (const entry of cache.appEntries(application)) {
    if (SERVER_GROUP_KINDS.has(entry.kind)) {
      const sg = serverGroupSummary(cache, entry, options);
      cluster(entry.moniker!.cluster).serverGroups.push(sg);
      for (const lb of sg.traffic.loadBalancers) {
        const key = `${sg.namespace}/${lb}`;
        behind.set(key, [...(behind.get(key) ?? []), `${lowerFirst(sg.kind)} ${sg.name}`]);
      }
    } else if (entry.kind === 'Deployment') {
      cluster(entry.moniker!.cluster).serverGroupManagers.push(managerSummary(cache, entry, options.account));
    } else if (LOAD_BALANCER_KINDS.has(entry.kind)) {
      loadBalancers.push(loadBalancerSummary(entry, options.account));
    } else if (entry.kind === 'NetworkPolicy') {
      firewalls.push({
        account: options.account,
        namespace: entry.obj.metadata.namespace ?? '',
        kind: 'NetworkPolicy',
        name: entry.obj.metadata.name,
        moniker: entry.moniker!,
        podSelector: entry.obj.spec?.podSelector?.matchLabels ?? {},
        policyTypes: entry.obj.spec?.policyTypes ?? [],
      });
    } else if (entry.kind === 'ConfigMap' || entry.kind === 'Secret') {
      configs.push({
        account: options.account,
        namespace: entry.obj.metadata.namespace ?? '',
        kind: entry.kind,
        name: entry.obj.metadata.name,
        moniker: entry.moniker!,
        version: entry.moniker?.sequence !== undefined ? formatVersion(entry.moniker.sequence) : undefined,
        createdAt: entry.obj.metadata.creationTimestamp,
      });
    }
  }
  for (const lb of loadBalancers) {
    if (lb.kind === 'Service') lb.serverGroups = behind.get(`${lb.namespace}/service ${lb.name}`) ?? [];
  }
  for (const c of clusters.values()) c.serverGroups.sort(newestFirst);
  return {
    ...summary,
    clusters: [...clusters.values()].sort((a, b) => a.name.localeCompare(b.name)),
    loadBalancers: loadBalancers.sort(byName),
    firewalls: firewalls.sort(byName),
    configs: configs.sort(byName),
  };
}

export function serverGroupSummary(cache: AccountCache, entry: CacheEntry, options: ModelOptions): ServerGroupSummary {
  const { obj, kind } = entry;
  const namespace = obj.metadata.namespace ?? '';
  const template = podTemplate(kind, obj);
  const pods = cache.childrenOf(obj.metadata.uid, 'Pod').map(p => p.obj);
  if (kind === 'CronJob') {
    // A CronJob's instances are its Jobs' pods.
    for (const job of cache.childrenOf(obj.metadata.uid, 'Job')) pods.push(...cache.childrenOf(job.obj.metadata.uid, 'Pod').map(p => p.obj));
  }
  const services = cache.servicesIn(namespace).filter(s => Object.keys(s.obj.spec?.selector ?? {}).length > 0);
  const instances = pods.map(pod => instanceSummary(pod, services, options));
  const health: HealthCounts = { up: 0, down: 0, starting: 0, unknown: 0 };
  instances.forEach(i => health[i.health]++);
  const matching = new Set<string>();
  if (instances.length > 0) instances.forEach(i => i.loadBalancers.forEach(lb => matching.add(lb)));
  else services.forEach(s => matchesSelector(s.obj.spec.selector, template?.metadata?.labels) && matching.add(`service ${s.obj.metadata.name}`));
  const revisionText = obj.metadata.annotations?.[REVISION_ANNOTATION];
  const revision = revisionText && /^\d+$/.test(revisionText) ? Number(revisionText) : undefined;
  const sequence = entry.moniker?.sequence;
  const owner = ownerOf(obj);
  const manager = owner?.kind === 'Deployment' ? cache.byUidOf(owner.uid) : undefined;
  const managerRevision = manager?.obj.metadata.annotations?.[REVISION_ANNOTATION];
  const images = (template?.spec?.containers ?? []).map((c: { image: string }) => c.image);
  return {
    account: options.account,
    namespace,
    kind: kind as ServerGroupKind,
    name: obj.metadata.name,
    uid: obj.metadata.uid,
    moniker: entry.moniker!,
    version: versionOf(sequence, revision),
    ...(sequence !== undefined ? { sequence } : {}),
    ...(revision !== undefined ? { revision } : {}),
    images,
    replicas: replicaCounts(kind, obj),
    health,
    createdAt: obj.metadata.creationTimestamp,
    ...(owner?.kind === 'Deployment'
      ? {
          manager: {
            kind: 'Deployment' as const,
            name: owner.name,
            ...(managerRevision ? { revision: Number(managerRevision) } : {}),
            current: revisionText !== undefined && revisionText === managerRevision,
          },
        }
      : {}),
    traffic: {
      enabled: matching.size > 0,
      loadBalancers: [...matching].sort(),
      declared: declaredLoadBalancers(obj),
    },
    instances,
  };
}

function instanceSummary(pod: KubeObject, services: CacheEntry[], options: ModelOptions): InstanceSummary {
  const { health, reason, changesAt } = podHealth(pod, options.now, options.startupGraceMs);
  if (changesAt !== undefined && options.expiry) options.expiry.at = Math.min(options.expiry.at, changesAt);
  const statuses = new Map<string, any>((pod.status?.containerStatuses ?? []).map((c: any) => [c.name, c]));
  return {
    name: pod.metadata.name,
    namespace: pod.metadata.namespace ?? '',
    account: options.account,
    health,
    ...(reason ? { healthReason: reason } : {}),
    phase: pod.status?.phase,
    createdAt: pod.metadata.creationTimestamp,
    podIp: pod.status?.podIP,
    loadBalancers: services
      .filter(s => matchesSelector(s.obj.spec.selector, pod.metadata.labels))
      .map(s => `service ${s.obj.metadata.name}`),
    containers: (pod.spec?.containers ?? []).map((c: { name: string; image: string }) => {
      const s = statuses.get(c.name);
      const state = s?.state ? Object.keys(s.state)[0] : 'unknown';
      const reasonText = s?.state?.[state]?.reason;
      return {
        name: c.name,
        image: c.image,
        ready: Boolean(s?.ready),
        restartCount: s?.restartCount ?? 0,
        state,
        ...(reasonText ? { reason: reasonText } : {}),
      };
    }),
  };
}

function replicaCounts(kind: string, obj: KubeObject) {
  const s = obj.status ?? {};
  switch (kind) {
    case 'DaemonSet':
      return { desired: s.desiredNumberScheduled ?? 0, ready: s.numberReady ?? 0, current: s.currentNumberScheduled ?? 0 };
    case 'Job':
      return { desired: obj.spec?.completions ?? obj.spec?.parallelism ?? 1, ready: s.succeeded ?? 0, current: s.active ?? 0 };
    case 'CronJob':
      return { desired: 0, ready: 0, current: (s.active ?? []).length };
    default:
      return { desired: obj.spec?.replicas ?? 1, ready: s.readyReplicas ?? 0, current: s.replicas ?? 0 };
  }
}

function managerSummary(cache: AccountCache, entry: CacheEntry, account: string): ServerGroupManagerSummary {
  const { obj } = entry;
  const revision = obj.metadata.annotations?.[REVISION_ANNOTATION];
  return {
    account,
    namespace: obj.metadata.namespace ?? '',
    kind: 'Deployment',
    name: obj.metadata.name,
    moniker: entry.moniker!,
    ...(revision ? { revision: Number(revision) } : {}),
    replicas: {
      desired: obj.spec?.replicas ?? 1,
      ready: obj.status?.readyReplicas ?? 0,
      updated: obj.status?.updatedReplicas ?? 0,
    },
    serverGroups: cache.childrenOf(obj.metadata.uid, 'ReplicaSet').map(c => `replicaSet ${c.obj.metadata.name}`).sort(),
    createdAt: obj.metadata.creationTimestamp,
  };
}

function loadBalancerSummary(entry: CacheEntry, account: string): LoadBalancerSummary {
  const { obj, kind } = entry;
  const base = {
    account,
    namespace: obj.metadata.namespace ?? '',
    kind: kind as LoadBalancerKind,
    name: obj.metadata.name,
    moniker: entry.moniker!,
    serverGroups: [] as string[],
  };
  if (kind === 'Service') return { ...base, type: obj.spec?.type ?? 'ClusterIP', selector: obj.spec?.selector ?? {}, hosts: [] };
  if (kind === 'Ingress') {
    return {
      ...base,
      type: obj.spec?.ingressClassName,
      hosts: (obj.spec?.rules ?? []).map((r: { host?: string }) => r.host).filter(Boolean),
    };
  }
  return {
    ...base,
    type: (obj.spec?.parentRefs ?? []).map((p: { name: string }) => p.name).join(', ') || undefined,
    hosts: obj.spec?.hostnames ?? [],
  };
}

/** `traffic.spinnaker.io/load-balancers: '["service web"]'` */
export function declaredLoadBalancers(obj: KubeObject): string[] {
  const text = obj.metadata.annotations?.[LOAD_BALANCERS_ANNOTATION];
  if (!text) return [];
  try {
    const parsed = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function eventSummary(e: any): KubernetesEventSummary {
  return {
    type: e.type,
    reason: e.reason,
    message: e.message,
    count: e.count ?? 1,
    involvedObject: { kind: e.involvedObject?.kind, name: e.involvedObject?.name },
    firstTimestamp: e.firstTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp,
    lastTimestamp: e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp,
  };
}

function lowerFirst(s: string) {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function byName(a: { namespace: string; name: string }, b: { namespace: string; name: string }) {
  return a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}

function newestFirst(a: ServerGroupSummary, b: ServerGroupSummary) {
  return (b.sequence ?? b.revision ?? 0) - (a.sequence ?? a.revision ?? 0) || (b.createdAt ?? '').localeCompare(a.createdAt ?? '');
}

/** `-vNNN` from the moniker sequence, else from the Deployment revision. */
function versionOf(sequence: number | undefined, revision: number | undefined): string | undefined {
  const n = sequence ?? revision;
  return n === undefined ? undefined : formatVersion(n);
}
