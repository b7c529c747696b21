import { ResourceType } from './types';

const scaleSubresource = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' };

function t(
  group: string, version: string, kind: string, resource: string, namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType {
  return { group, version, kind, resource, namespaced, singular: kind.toLowerCase(), ...extra };
}

/** The kinds every cluster serves from the start. */
export const BUILTIN_TYPES: ResourceType[] = [
  t('', 'v1', 'Namespace', 'namespaces', false, { shortNames: ['ns'], subresources: { status: true } }),
  t('', 'v1', 'Pod', 'pods', true, { shortNames: ['po'], categories: ['all'], subresources: { status: true } }),
  t('', 'v1', 'Service', 'services', true, { shortNames: ['svc'], categories: ['all'], subresources: { status: true } }),
  t('', 'v1', 'Endpoints', 'endpoints', true, { shortNames: ['ep'], singular: 'endpoints' }),
  t('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  t('', 'v1', 'Secret', 'secrets', true),
  t('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  t('', 'v1', 'ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'] }),
  t('', 'v1', 'Node', 'nodes', false, { shortNames: ['no'], subresources: { status: true } }),
  t('apps', 'v1', 'Deployment', 'deployments', true, { shortNames: ['deploy'], categories: ['all'], subresources: { status: true, scale: scaleSubresource } }),
  t('apps', 'v1', 'ReplicaSet', 'replicasets', true, { shortNames: ['rs'], categories: ['all'], subresources: { status: true, scale: scaleSubresource } }),
  t('apps', 'v1', 'StatefulSet', 'statefulsets', true, { shortNames: ['sts'], categories: ['all'], subresources: { status: true, scale: scaleSubresource } }),
  t('apps', 'v1', 'DaemonSet', 'daemonsets', true, { shortNames: ['ds'], categories: ['all'], subresources: { status: true } }),
  t('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true),
  t('batch', 'v1', 'Job', 'jobs', true, { categories: ['all'], subresources: { status: true } }),
  t('batch', 'v1', 'CronJob', 'cronjobs', true, { shortNames: ['cj'], categories: ['all'], subresources: { status: true } }),
  t('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, { shortNames: ['ing'], subresources: { status: true } }),
  t('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, { shortNames: ['netpol'] }),
  t('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, { shortNames: ['hpa'], categories: ['all'], subresources: { status: true } }),
  t('gateway.networking.k8s.io', 'v1', 'HTTPRoute', 'httproutes', true, { categories: ['gateway-api'], subresources: { status: true } }),
  t('gateway.networking.k8s.io', 'v1', 'Gateway', 'gateways', true, { shortNames: ['gtw'], categories: ['gateway-api'], subresources: { status: true } }),
  t('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, { shortNames: ['crd', 'crds'], subresources: { status: true } }),
  t('coordination.k8s.io', 'v1', 'Lease', 'leases', true),
];

export function builtinType(apiVersion: string, kind: string): ResourceType {
  const found = BUILTIN_TYPES.find(x => (x.group ? `${x.group}/${x.version}` : x.version) === apiVersion && x.kind === kind);
  if (!found) throw new Error(`no built-in type ${apiVersion} ${kind}`);
  return found;
}

/** Named handles to the built-in types, for code that needs one directly. */
export const CoreTypes = {
  namespace: builtinType('v1', 'Namespace'),
  pod: builtinType('v1', 'Pod'),
  service: builtinType('v1', 'Service'),
  endpoints: builtinType('v1', 'Endpoints'),
  configMap: builtinType('v1', 'ConfigMap'),
  secret: builtinType('v1', 'Secret'),
  event: builtinType('v1', 'Event'),
  serviceAccount: builtinType('v1', 'ServiceAccount'),
  node: builtinType('v1', 'Node'),
  deployment: builtinType('apps/v1', 'Deployment'),
  replicaSet: builtinType('apps/v1', 'ReplicaSet'),
  statefulSet: builtinType('apps/v1', 'StatefulSet'),
  daemonSet: builtinType('apps/v1', 'DaemonSet'),
  controllerRevision: builtinType('apps/v1', 'ControllerRevision'),
  job: builtinType('batch/v1', 'Job'),
  cronJob: builtinType('batch/v1', 'CronJob'),
  ingress: builtinType('networking.k8s.io/v1', 'Ingress'),
  networkPolicy: builtinType('networking.k8s.io/v1', 'NetworkPolicy'),
  horizontalPodAutoscaler: builtinType('autoscaling/v2', 'HorizontalPodAutoscaler'),
  httpRoute: builtinType('gateway.networking.k8s.io/v1', 'HTTPRoute'),
  gateway: builtinType('gateway.networking.k8s.io/v1', 'Gateway'),
  customResourceDefinition: builtinType('apiextensions.k8s.io/v1', 'CustomResourceDefinition'),
  lease: builtinType('coordination.k8s.io/v1', 'Lease'),
};
