/** What an object is in Spinnaker's model. */
export type KindRole =
  | 'serverGroup'
  | 'serverGroupManager'
  | 'instance'
  | 'loadBalancer'
  | 'firewall'
  | 'config'
  | 'event';

export interface KindSpec {
  kind: string;
  group: string;
  version: string;
  plural: string;
  role: KindRole;
  /** A CRD that may be absent: a 404 is not an account error. */
  optional?: boolean;
}

const k = (kind: string, group: string, version: string, plural: string, role: KindRole, optional = false): KindSpec =>
  ({ kind, group, version, plural, role, optional });

/** Everything the inventory watches. */
export const INVENTORY_KINDS: KindSpec[] = [
  k('Deployment', 'apps', 'v1', 'deployments', 'serverGroupManager'),
  k('ReplicaSet', 'apps', 'v1', 'replicasets', 'serverGroup'),
  k('StatefulSet', 'apps', 'v1', 'statefulsets', 'serverGroup'),
  k('DaemonSet', 'apps', 'v1', 'daemonsets', 'serverGroup'),
  k('CronJob', 'batch', 'v1', 'cronjobs', 'serverGroup'),
  k('Job', 'batch', 'v1', 'jobs', 'serverGroup'),
  k('Pod', '', 'v1', 'pods', 'instance'),
  k('Service', '', 'v1', 'services', 'loadBalancer'),
  k('Ingress', 'networking.k8s.io', 'v1', 'ingresses', 'loadBalancer'),
  k('HTTPRoute', 'gateway.networking.k8s.io', 'v1', 'httproutes', 'loadBalancer', true),
  k('NetworkPolicy', 'networking.k8s.io', 'v1', 'networkpolicies', 'firewall'),
  k('ConfigMap', '', 'v1', 'configmaps', 'config'),
  k('Secret', '', 'v1', 'secrets', 'config'),
  k('Event', '', 'v1', 'events', 'event'),
];

/** `/api/v1/namespaces/x/pods`, `/apis/apps/v1/replicasets`… */
export function collectionPath(spec: KindSpec, namespace?: string): string {
  const base = spec.group ? `/apis/${spec.group}/${spec.version}` : `/api/${spec.version}`;
  return namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${spec.plural}` : `${base}/${spec.plural}`;
}
