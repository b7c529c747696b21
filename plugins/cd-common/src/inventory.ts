/**
 * The Spinnaker model over Kubernetes, as served by the inventory API
 * (`/api/cd/applications/:application/clusters` and friends).
 */

/** Spinnaker's moniker: which application and cluster an object belongs to. */
export interface Moniker {
  app: string;
  cluster: string;
  stack?: string;
  detail?: string;
  sequence?: number;
}

export type AccountStatus = 'ok' | 'syncing' | 'error';

/** An account as the browser sees it: never any credentials. */
export interface AccountSummary {
  name: string;
  environment?: string;
  status: AccountStatus;
  /** Why the account is not ok, e.g. `401 Unauthorized: bad token`. */
  message?: string;
}

export type InstanceHealth = 'up' | 'down' | 'starting' | 'unknown';

export const SERVER_GROUP_KINDS = ['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const;
export type ServerGroupKind = (typeof SERVER_GROUP_KINDS)[number];
export type LoadBalancerKind = 'Service' | 'Ingress' | 'HTTPRoute';

export interface ContainerState {
  name: string;
  image: string;
  ready: boolean;
  restartCount: number;
  /** running | waiting | terminated | unknown */
  state: string;
  reason?: string;
}

/** A Pod. */
export interface InstanceSummary {
  name: string;
  namespace: string;
  account: string;
  health: InstanceHealth;
  /** Why the health is what it is (CrashLoopBackOff, NotReady, Completed…). */
  healthReason?: string;
  phase?: string;
  createdAt?: string;
  podIp?: string;
  /** Load balancers whose selector matches this pod's labels ("service web"). */
  loadBalancers: string[];
  containers: ContainerState[];
}

export interface HealthCounts {
  up: number;
  down: number;
  starting: number;
  unknown: number;
}

export interface TrafficState {
  /** Some pod (or, without pods, the pod template) matches a load balancer's selector. */
  enabled: boolean;
  /** Load balancers currently sending traffic to it ("service web"). */
  loadBalancers: string[];
  /** Load balancers named by `traffic.spinnaker.io/load-balancers`. */
  declared: string[];
}

/** One version of a workload: ReplicaSet, StatefulSet, DaemonSet, Job or CronJob. */
export interface ServerGroupSummary {
  account: string;
  namespace: string;
  kind: ServerGroupKind;
  name: string;
  uid: string;
  moniker: Moniker;
  /** `v003`, from the `-vNNN` suffix, the moniker sequence or the Deployment revision. */
  version?: string;
  sequence?: number;
  /** `deployment.kubernetes.io/revision` */
  revision?: number;
  images: string[];
  replicas: { desired: number; ready: number; current: number };
  health: HealthCounts;
  createdAt?: string;
  /** The Deployment owning a ReplicaSet (Spinnaker's server group manager). */
  manager?: { kind: 'Deployment'; name: string; revision?: number; current: boolean };
  traffic: TrafficState;
  instances: InstanceSummary[];
}

/** A Deployment. */
export interface ServerGroupManagerSummary {
  account: string;
  namespace: string;
  kind: 'Deployment';
  name: string;
  moniker: Moniker;
  revision?: number;
  replicas: { desired: number; ready: number; updated: number };
  serverGroups: string[];
  createdAt?: string;
}

export interface ClusterSummary {
  account: string;
  /** `deployment web`, `replicaSet web`… or the `moniker.spinnaker.io/cluster` annotation. */
  name: string;
  application: string;
  serverGroups: ServerGroupSummary[];
  serverGroupManagers: ServerGroupManagerSummary[];
}

export interface LoadBalancerSummary {
  account: string;
  namespace: string;
  kind: LoadBalancerKind;
  name: string;
  moniker: Moniker;
  /** Service type, or the Ingress class / HTTPRoute parents. */
  type?: string;
  selector?: Record<string, string>;
  hosts: string[];
  /** Server groups behind it ("replicaSet web-v002"), for Services. */
  serverGroups: string[];
}

export interface FirewallSummary {
  account: string;
  namespace: string;
  kind: 'NetworkPolicy';
  name: string;
  moniker: Moniker;
  podSelector: Record<string, string>;
  policyTypes: string[];
}

export interface ConfigSummary {
  account: string;
  namespace: string;
  kind: 'ConfigMap' | 'Secret';
  name: string;
  moniker: Moniker;
  version?: string;
  createdAt?: string;
}

export interface AccountClusters extends AccountSummary {
  clusters: ClusterSummary[];
  loadBalancers: LoadBalancerSummary[];
  firewalls: FirewallSummary[];
  configs: ConfigSummary[];
}

/** Everything an application runs, per account. */
export interface ApplicationClusters {
  application: string;
  accounts: AccountClusters[];
}

export interface KubernetesEventSummary {
  type?: string;
  reason?: string;
  message?: string;
  count: number;
  involvedObject: { kind?: string; name?: string };
  firstTimestamp?: string;
  lastTimestamp?: string;
}

export interface ServerGroupDetails extends ServerGroupSummary {
  /** The live object, without managedFields or secret data. */
  manifest: Record<string, unknown>;
  /** Recent events of the server group and its instances, newest first. */
  events: KubernetesEventSummary[];
}
