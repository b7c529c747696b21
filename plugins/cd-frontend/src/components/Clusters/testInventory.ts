import type {
  AccountClusters,
  InstanceHealth,
  InstanceSummary,
  ServerGroupSummary,
} from '@internal/plugin-cd-common';

/** Test data for the inventory views: a pod with one container. */
export function buildInstance(
  partial: Partial<InstanceSummary> & { name: string },
): InstanceSummary {
  return {
    namespace: 'default',
    account: 'prod',
    health: 'up',
    loadBalancers: [],
    containers: [
      {
        name: 'web',
        image: 'shop:1.0.0',
        ready: true,
        restartCount: 0,
        state: 'running',
      },
    ],
    ...partial,
  };
}

/** A ReplicaSet whose health counts and replicas follow from its instances. */
export function buildServerGroup(
  partial: Partial<ServerGroupSummary> & {
    name: string;
    healths?: InstanceHealth[];
  },
): ServerGroupSummary {
  const { healths = ['up'], ...rest } = partial;
  const account = partial.account ?? 'prod';
  const instances =
    partial.instances ??
    healths.map((health, i) =>
      buildInstance({
        name: `${partial.name}-pod${i}`,
        account,
        health,
        healthReason: health === 'down' ? 'CrashLoopBackOff' : undefined,
      }),
    );
  const count = (h: InstanceHealth) =>
    instances.filter(i => i.health === h).length;
  return {
    account,
    namespace: 'default',
    kind: 'ReplicaSet',
    uid: `uid-${partial.name}`,
    moniker: { app: 'shop', cluster: 'deployment web' },
    images: ['shop:1.0.0'],
    replicas: {
      desired: instances.length,
      ready: count('up'),
      current: instances.length,
    },
    health: {
      up: count('up'),
      down: count('down'),
      starting: count('starting'),
      unknown: count('unknown'),
    },
    createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    traffic: { enabled: true, loadBalancers: ['service web'], declared: [] },
    ...rest,
    instances,
  };
}

export function buildAccount(
  partial: Partial<AccountClusters> & { name: string },
): AccountClusters {
  return {
    status: 'ok',
    clusters: [],
    loadBalancers: [],
    firewalls: [],
    configs: [],
    ...partial,
  };
}
