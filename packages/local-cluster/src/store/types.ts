/*
 * The object store's public contract. Controllers (in-process) and the HTTP API both code against it.
 */

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
  [k: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  [k: string]: any;
}

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** plural, lower case, e.g. `pods` */
  resource: string;
  namespaced: boolean;
  subresources?: {
    status?: boolean;
    scale?: {
      specReplicasPath: string;
      statusReplicasPath: string;
      labelSelectorPath?: string;
    };
  };
  /** discovery extras */
  shortNames?: string[];
  singular?: string;
  categories?: string[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
}

export interface DeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: {};
  status: 'Failure';
  message: string;
  reason: string;
  details?: unknown;
  code: number;
}

/** An error carrying the `kind: Status` object the API server answers with. */
export class StatusError extends Error {
  constructor(public readonly status: StatusBody) {
    super(status.message);
    this.name = 'StatusError';
  }
}

/** Lookup of the kinds the store knows; CRDs add to it at runtime. */
export interface ResourceTypeRegistry {
  /** by group ('' for core), version and plural resource name */
  byResource(group: string, version: string, resource: string): ResourceType | undefined;
  /** by apiVersion (`v1`, `apps/v1`) and kind */
  byKind(apiVersion: string, kind: string): ResourceType | undefined;
  /** every registered type, built-in and custom */
  all(): ResourceType[];
  register(type: ResourceType): void;
  unregister(type: ResourceType): void;
}

export interface ObjectStore {
  readonly types: ResourceTypeRegistry;
  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined;
  list(type: ResourceType, opts?: ListOptions): { items: KubeObject[]; resourceVersion: string };
  /** assigns generateName, uid, creationTimestamp, generation=1, resourceVersion */
  create(type: ResourceType, obj: KubeObject, opts?: WriteOptions): KubeObject;
  /** 409 Conflict when metadata.resourceVersion is set and stale; generation++ when spec changes; status ignored when the type has a status subresource */
  update(type: ResourceType, obj: KubeObject, opts?: WriteOptions): KubeObject;
  /** only status changes */
  updateStatus(type: ResourceType, obj: KubeObject, opts?: WriteOptions): KubeObject;
  /** finalizers → sets deletionTimestamp; cascading GC per propagationPolicy */
  delete(type: ResourceType, namespace: string | undefined, name: string, opts?: DeleteOptions): KubeObject;
  /** throws StatusError 410 Expired when resourceVersion is older than the retained window */
  watch(
    type: ResourceType,
    opts: ListOptions & { resourceVersion?: string; allowBookmarks?: boolean },
    onEvent: (e: WatchEvent) => void,
  ): () => void;
}
