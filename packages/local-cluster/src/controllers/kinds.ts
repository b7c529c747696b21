import type { ObjectStore, ResourceType } from '../store/types';

/** The built-in kinds the controllers work with, looked up once in the store's registry. */
export interface Kinds {
  pods: ResourceType;
  services: ResourceType;
  endpoints: ResourceType;
  events: ResourceType;
  configMaps: ResourceType;
  secrets: ResourceType;
  deployments: ResourceType;
  replicaSets: ResourceType;
  statefulSets: ResourceType;
  daemonSets: ResourceType;
  jobs: ResourceType;
  cronJobs: ResourceType;
  /** optional kinds: absent when the store does not register them */
  nodes?: ResourceType;
  httpRoutes?: ResourceType;
  gateways?: ResourceType;
}

function required(
  store: ObjectStore,
  apiVersion: string,
  kind: string,
): ResourceType {
  const type = store.types.byKind(apiVersion, kind);
  if (!type)
    throw new Error(
      `local-cluster: the object store does not know ${apiVersion} ${kind}`,
    );
  return type;
}

export function lookupKinds(store: ObjectStore): Kinds {
  return {
    pods: required(store, 'v1', 'Pod'),
    services: required(store, 'v1', 'Service'),
    endpoints: required(store, 'v1', 'Endpoints'),
    events: required(store, 'v1', 'Event'),
    configMaps: required(store, 'v1', 'ConfigMap'),
    secrets: required(store, 'v1', 'Secret'),
    deployments: required(store, 'apps/v1', 'Deployment'),
    replicaSets: required(store, 'apps/v1', 'ReplicaSet'),
    statefulSets: required(store, 'apps/v1', 'StatefulSet'),
    daemonSets: required(store, 'apps/v1', 'DaemonSet'),
    jobs: required(store, 'batch/v1', 'Job'),
    cronJobs: required(store, 'batch/v1', 'CronJob'),
    nodes: store.types.byKind('v1', 'Node'),
    httpRoutes: store.types.byKind('gateway.networking.k8s.io/v1', 'HTTPRoute'),
    gateways: store.types.byKind('gateway.networking.k8s.io/v1', 'Gateway'),
  };
}

/** The one node of the cluster. */
export const NODE_NAME = 'local-node';
