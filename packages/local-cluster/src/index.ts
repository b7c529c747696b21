/**
 * A single-node, Kubernetes-API-compatible cluster that runs containers as local processes.
 *
 * @packageDocumentation
 */
export { startLocalCluster } from './LocalCluster';
export type { LocalCluster, LocalClusterOptions } from './LocalCluster';
export { MemoryStore, CoreTypes, BUILTIN_TYPES, StatusError } from './store';
export type {
  ObjectStore, KubeObject, ObjectMeta, OwnerReference, ResourceType, ResourceTypeRegistry, WatchEvent,
  WatchEventType, ListOptions, WriteOptions, DeleteOptions, StoreOptions,
} from './store';
export { startApiServer, RuleFaultInjector } from './api';
export type { FaultRule, FaultHit } from './api';
export type { ApiServer, ApiServerOptions, PodLogSource, PodLogOptions, FaultInjector, InjectedFault } from './api';
export type { ImageCommand } from './runtime/types';
