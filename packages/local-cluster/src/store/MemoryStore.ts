import crypto from 'crypto';
import path from 'path';
import { BUILTIN_TYPES, CoreTypes } from './builtinTypes';
import {
  STALE_MESSAGE, alreadyExists, badRequest, conflict, expired, forbidden, invalid, notFound,
} from './errors';
import { isBuiltinApiVersion } from './listKeys';
import { ManagedFieldsEntry, managedFieldsAfterUpdate } from './managedFields';
import { clone, deepEqual, nowTimestamp } from './objectUtils';
import { Persistence, SnapshotRecord } from './persistence';
import { TypeRegistry, apiVersionOf, storageKey } from './registry';
import { Matcher, compileSelectors, pinnedField } from './selectors';
import { applyDefaults } from './defaults';
import { validateObject } from './validation';
import {
  DeleteOptions, KubeObject, ListOptions, ObjectStore, ResourceType, WatchEvent, WatchEventType, WriteOptions,
} from './types';

/** Write options the HTTP layer (server-side apply) and the garbage collector also use. */
export interface InternalWriteOptions extends WriteOptions {
  /** the complete managedFields to store, computed by server-side apply */
  managedFields?: ManagedFieldsEntry[];
}

export interface StoreOptions {
  /** where objects persist; in memory only when absent */
  dataDir?: string;
  /** how many recent events a watch can resume from (default 5000) */
  watchWindow?: number;
  /** how often watchers that allow bookmarks get one (default 5000 ms) */
  bookmarkIntervalMs?: number;
}

export interface StoreChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  storageKey: string;
  object: KubeObject;
  previous?: KubeObject;
}

export interface ListPage {
  items: string[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface DeleteResult {
  object: KubeObject;
  /** true when the object still exists, waiting on finalizers */
  pending: boolean;
}

/** A stored object; `obj` is never handed out nor mutated, `json` is its serialised form. */
interface Entry {
  obj: KubeObject;
  json: string;
}

interface NamespaceBucket {
  entries: Map<string, Entry>;
  sorted?: Entry[];
}

interface TypeBucket {
  key: string;
  namespaces: Map<string, NamespaceBucket>;
}

interface HistoryEvent {
  rv: number;
  storageKey: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  entry: Entry;
  previous?: KubeObject;
}

interface Watcher {
  storageKey: string;
  type: ResourceType;
  namespace?: string;
  matcher?: Matcher;
  allowBookmarks: boolean;
  queue: { type: WatchEventType; json: string }[];
  scheduled: boolean;
  closed: boolean;
  deliver(type: WatchEventType, json: string): void;
}

const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const FOREGROUND = 'foregroundDeletion';
const DEFAULT_MANAGER = 'local-cluster';
const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += GENERATE_NAME_ALPHABET[crypto.randomInt(GENERATE_NAME_ALPHABET.length)];
  return s;
}

function compareEntries(a: Entry, b: Entry): number {
  const an = a.obj.metadata.namespace ?? '';
  const bn = b.obj.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  const a2 = a.obj.metadata.name!;
  const b2 = b.obj.metadata.name!;
  if (a2 === b2) return 0;
  return a2 < b2 ? -1 : 1;
}

/** A random (version 4) UUID. */
function newUid(): string {
  const b = crypto.randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Binary search in a namespace's entries sorted by name. */
function indexByName(sorted: Entry[], name: string): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const n = sorted[mid].obj.metadata.name!;
    if (n === name) return mid;
    if (n < name) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function crdTypes(crd: KubeObject): ResourceType[] {
  const s = crd.spec ?? {};
  return (s.versions ?? [])
    .filter((v: any) => v.served !== false)
    .map((v: any) => ({
      group: s.group,
      version: v.name,
      kind: s.names.kind,
      resource: s.names.plural,
      namespaced: s.scope === 'Namespaced',
      singular: s.names.singular ?? s.names.kind.toLowerCase(),
      shortNames: s.names.shortNames,
      categories: s.names.categories,
      subresources: {
        status: !!v.subresources?.status,
        ...(v.subresources?.scale ? { scale: v.subresources.scale } : {}),
      },
    }));
}

/** The in-memory, versioned object store with watch fan-out and optional persistence. */
export class MemoryStore implements ObjectStore {
  readonly types: TypeRegistry;
  private readonly buckets = new Map<string, TypeBucket>();
  private readonly typeByStorageKey = new Map<string, ResourceType>();
  private readonly uidIndex = new Map<string, { storageKey: string; namespace: string; name: string }>();
  private readonly ownerIndex = new Map<string, Set<string>>();
  private readonly history: (HistoryEvent | undefined)[];
  private historyStart = 0;
  private historyLength = 0;
  private compactedRv: number;
  private rv = 0;
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly changeListeners = new Set<(c: StoreChange) => void>();
  private readonly persistence?: Persistence;
  private readonly bookmarkTimer: NodeJS.Timeout;
  private closed = false;

  constructor(options: StoreOptions = {}) {
    this.types = new TypeRegistry(BUILTIN_TYPES);
    BUILTIN_TYPES.forEach(t => this.typeByStorageKey.set(storageKey(t), t));
    this.history = new Array(options.watchWindow ?? 5000);
    if (options.dataDir) {
      this.persistence = new Persistence(path.join(options.dataDir, 'objects'), () => this.snapshot());
      this.load(this.persistence);
    }
    this.compactedRv = this.rv;
    this.ensureNamespace('default');
    this.ensureNamespace('kube-system');
    this.ensureNamespace('kube-public');
    this.ensureNamespace('kube-node-lease');
    this.bookmarkTimer = setInterval(() => this.sendBookmarks(), options.bookmarkIntervalMs ?? 5000);
    this.bookmarkTimer.unref();
  }

  // ---------------------------------------------------------------- reads

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const entry = this.entry(type, namespace, name);
    return entry ? this.present(entry, type) : undefined;
  }

  list(type: ResourceType, opts: ListOptions = {}): { items: KubeObject[]; resourceVersion: string } {
    const entries = this.select(type, opts);
    return { items: entries.map(e => this.present(e, type)), resourceVersion: String(this.rv) };
  }

  /** Serialised list page, for the HTTP layer: `limit` / `continue` as the real API pages. */
  listRaw(type: ResourceType, opts: ListOptions & { limit?: number; continue?: string } = {}): ListPage {
    let entries = this.select(type, opts);
    let resourceVersion = String(this.rv);
    if (opts.continue) {
      let token: { rv: string; ns: string; name: string };
      try {
        token = JSON.parse(Buffer.from(opts.continue, 'base64').toString('utf8'));
      } catch {
        throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
      }
      resourceVersion = token.rv;
      const after = { obj: { metadata: { namespace: token.ns, name: token.name } } } as Entry;
      entries = entries.filter(e => compareEntries(e, after) > 0);
    }
    let next: string | undefined;
    let remaining: number | undefined;
    if (opts.limit && opts.limit > 0 && entries.length > opts.limit) {
      remaining = entries.length - opts.limit;
      entries = entries.slice(0, opts.limit);
      const last = entries[entries.length - 1].obj.metadata;
      next = Buffer.from(JSON.stringify({ rv: resourceVersion, ns: last.namespace ?? '', name: last.name })).toString('base64');
    }
    const needsStamp = entries.length > 0 && entries[0].obj.apiVersion !== apiVersionOf(type);
    return {
      items: entries.map(e => (needsStamp ? JSON.stringify(this.present(e, type)) : e.json)),
      resourceVersion,
      ...(next ? { continue: next, remainingItemCount: remaining } : {}),
    };
  }

  /** Serialised object, for the HTTP layer. */
  getRaw(type: ResourceType, namespace: string | undefined, name: string): string | undefined {
    const entry = this.entry(type, namespace, name);
    if (!entry) return undefined;
    return entry.obj.apiVersion === apiVersionOf(type) ? entry.json : JSON.stringify(this.present(entry, type));
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  // ---------------------------------------------------------------- writes

  create(type: ResourceType, input: KubeObject, opts: InternalWriteOptions = {}): KubeObject {
    this.assertOpen();
    const obj = this.normalizeIncoming(type, input);
    const namespace = type.namespaced ? (obj.metadata.namespace ??= 'default') : undefined;
    if (!type.namespaced) delete obj.metadata.namespace;
    if (namespace !== undefined) this.assertNamespaceWritable(type, namespace, obj.metadata.name ?? obj.metadata.generateName ?? '');

    if (!obj.metadata.name && obj.metadata.generateName) {
      for (let attempt = 0; attempt < 8; attempt++) {
        const candidate = `${obj.metadata.generateName}${randomSuffix()}`;
        if (!this.entry(type, namespace, candidate)) {
          obj.metadata.name = candidate;
          break;
        }
      }
    }
    const existing = obj.metadata.name ? this.entry(type, namespace, obj.metadata.name) : undefined;

    // status is reset on create where a status subresource owns it
    if (type.subresources?.status) delete obj.status;
    applyDefaults(obj, !opts.dryRun);
    const causes = validateObject(type, obj);
    if (causes.length) throw invalid(type, obj.metadata.name ?? '', causes);
    if (existing) throw alreadyExists(type, obj.metadata.name!);

    const meta = obj.metadata;
    meta.uid = newUid();
    meta.creationTimestamp = nowTimestamp();
    meta.generation = 1;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.resourceVersion;
    meta.managedFields = opts.managedFields ?? managedFieldsAfterUpdate(undefined, obj, opts.fieldManager ?? DEFAULT_MANAGER, undefined, this.isBuiltin(type));
    if (meta.managedFields.length === 0) delete meta.managedFields;
    if (type.kind === 'CustomResourceDefinition' && type.group === 'apiextensions.k8s.io') this.establishCrd(obj);
    if (opts.dryRun) return obj;

    this.commit(type, 'ADDED', obj, undefined);
    if (type.kind === 'CustomResourceDefinition' && type.group === 'apiextensions.k8s.io') crdTypes(obj).forEach(t => this.registerType(t));
    return this.present(this.entry(type, namespace, obj.metadata.name!)!, type);
  }

  update(type: ResourceType, input: KubeObject, opts: InternalWriteOptions = {}): KubeObject {
    return this.write(type, input, opts, undefined);
  }

  updateStatus(type: ResourceType, input: KubeObject, opts: InternalWriteOptions = {}): KubeObject {
    return this.write(type, input, opts, 'status');
  }

  delete(type: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KubeObject {
    return this.deleteWithResult(type, namespace, name, opts).object;
  }

  deleteWithResult(type: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions = {}): DeleteResult {
    this.assertOpen();
    const ns = type.namespaced ? namespace ?? 'default' : undefined;
    const entry = this.entry(type, ns, name);
    if (!entry) throw notFound(type, name);
    const current = entry.obj;
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) {
      throw conflict(type, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(type, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
    }
    const isNamespace = type === CoreTypes.namespace || (type.group === '' && type.resource === 'namespaces');
    if (isNamespace && PROTECTED_NAMESPACES.has(name)) throw forbidden(type, name, 'this namespace may not be deleted');

    const next = clone(current);
    const policy = opts.propagationPolicy ?? 'Background';
    if (isNamespace) {
      // the namespace lifecycle (gc) empties it, then removes it
      next.metadata.deletionTimestamp ??= nowTimestamp();
      next.status = { ...(next.status ?? {}), phase: 'Terminating' };
      if (opts.dryRun) return { object: next, pending: true };
      if (!current.metadata.deletionTimestamp) this.commit(type, 'MODIFIED', next, current);
      return { object: this.present(this.entry(type, ns, name)!, type), pending: true };
    }
    if (policy === 'Orphan' && !opts.dryRun) this.orphanDependents(current);
    const finalizers = [...(next.metadata.finalizers ?? [])];
    if (policy === 'Foreground' && !finalizers.includes(FOREGROUND) && this.dependentsOf(current.metadata.uid!).length > 0) {
      finalizers.push(FOREGROUND);
    }
    if (finalizers.length > 0) {
      next.metadata.finalizers = finalizers;
      next.metadata.deletionTimestamp ??= nowTimestamp();
      next.metadata.deletionGracePeriodSeconds ??= 0;
      if (opts.dryRun) return { object: next, pending: true };
      if (!deepEqual(next, current)) {
        if (!current.metadata.deletionTimestamp) next.metadata.generation = (current.metadata.generation ?? 1) + 1;
        this.commit(type, 'MODIFIED', next, current);
      }
      return { object: this.present(this.entry(type, ns, name)!, type), pending: true };
    }
    if (opts.dryRun) return { object: next, pending: false };
    this.remove(type, current);
    return { object: next, pending: false };
  }

  /** Removes a terminating namespace once it is empty (the namespace lifecycle calls it). */
  finalizeNamespace(name: string): void {
    const entry = this.entry(CoreTypes.namespace, undefined, name);
    if (entry?.obj.metadata.deletionTimestamp) this.remove(CoreTypes.namespace, entry.obj);
  }

  // ---------------------------------------------------------------- watch

  watch(
    type: ResourceType,
    opts: ListOptions & { resourceVersion?: string; allowBookmarks?: boolean },
    onEvent: (e: WatchEvent) => void,
  ): () => void {
    return this.watchRaw(type, opts, (eventType, json) => onEvent({ type: eventType, object: JSON.parse(json) }));
  }

  /** Watch delivering serialised objects, for the HTTP layer. */
  watchRaw(
    type: ResourceType,
    opts: ListOptions & { resourceVersion?: string; allowBookmarks?: boolean },
    onEvent: (type: WatchEventType, json: string) => void,
  ): () => void {
    this.assertOpen();
    const key = storageKey(type);
    const matcher = compileSelectors(opts.labelSelector, opts.fieldSelector);
    const from = opts.resourceVersion && opts.resourceVersion !== '0' ? Number(opts.resourceVersion) : undefined;
    if (from !== undefined && !Number.isFinite(from)) {
      throw badRequest(`invalid resource version: ${opts.resourceVersion}`);
    }
    if (from !== undefined && from < this.compactedRv) {
      throw expired(`too old resource version: ${from} (${this.compactedRv})`);
    }
    const watcher: Watcher = {
      storageKey: key,
      type,
      namespace: type.namespaced ? opts.namespace || undefined : undefined,
      matcher,
      allowBookmarks: !!opts.allowBookmarks,
      queue: [],
      scheduled: false,
      closed: false,
      deliver: onEvent,
    };
    if (from === undefined) {
      for (const e of this.select(type, opts)) this.enqueue(watcher, 'ADDED', this.presentJson(e, type));
    } else {
      for (const h of this.historySince(from)) {
        if (h.storageKey === key) this.offer(watcher, h.type, h.entry, h.previous);
      }
    }
    let set = this.watchers.get(key);
    if (!set) this.watchers.set(key, (set = new Set()));
    set.add(watcher);
    return () => {
      watcher.closed = true;
      set!.delete(watcher);
    };
  }

  /** Every committed change, for in-process consumers such as the garbage collector. */
  onChange(listener: (c: StoreChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  // ---------------------------------------------------------------- indexes for the garbage collector

  typeForStorageKey(key: string): ResourceType | undefined {
    return this.typeByStorageKey.get(key);
  }

  existsUid(uid: string): boolean {
    return this.uidIndex.has(uid);
  }

  getByUid(uid: string): { type: ResourceType; object: KubeObject } | undefined {
    const loc = this.uidIndex.get(uid);
    if (!loc) return undefined;
    const type = this.typeByStorageKey.get(loc.storageKey)!;
    const entry = this.entry(type, loc.namespace || undefined, loc.name);
    return entry ? { type, object: this.present(entry, type) } : undefined;
  }

  /** Objects that list `uid` among their ownerReferences. */
  dependentsOf(uid: string): { type: ResourceType; object: KubeObject }[] {
    const keys = this.ownerIndex.get(uid);
    if (!keys) return [];
    const out: { type: ResourceType; object: KubeObject }[] = [];
    for (const depUid of keys) {
      const found = this.getByUid(depUid);
      if (found) out.push(found);
    }
    return out;
  }

  /** Namespaced objects of every type in one namespace. */
  objectsInNamespace(namespace: string): { type: ResourceType; object: KubeObject }[] {
    const out: { type: ResourceType; object: KubeObject }[] = [];
    for (const bucket of this.buckets.values()) {
      const nsBucket = bucket.namespaces.get(namespace);
      if (!nsBucket) continue;
      const type = this.typeByStorageKey.get(bucket.key)!;
      for (const e of nsBucket.entries.values()) out.push({ type, object: this.present(e, type) });
    }
    return out;
  }

  /** Flushes and stops persistence; the store refuses writes afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.bookmarkTimer);
    for (const set of this.watchers.values()) set.forEach(w => (w.closed = true));
    this.watchers.clear();
    this.persistence?.close();
  }

  // ---------------------------------------------------------------- internals

  private write(type: ResourceType, input: KubeObject, opts: InternalWriteOptions, subresource: 'status' | undefined): KubeObject {
    this.assertOpen();
    const name = input?.metadata?.name;
    if (!name) throw invalid(type, '', [{ field: 'metadata.name', message: 'Required value: name is required', reason: 'FieldValueRequired' }]);
    const ns = type.namespaced ? input.metadata.namespace ?? 'default' : undefined;
    const entry = this.entry(type, ns, name);
    if (!entry) throw notFound(type, name);
    const current = entry.obj;
    const incoming = this.normalizeIncoming(type, input);
    const rv = incoming.metadata.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) throw conflict(type, name, STALE_MESSAGE);
    if (incoming.metadata.uid && incoming.metadata.uid !== current.metadata.uid) {
      throw conflict(type, name, `Precondition failed: UID in precondition: ${incoming.metadata.uid}, UID in object meta: ${current.metadata.uid}`);
    }

    let next: KubeObject;
    if (subresource === 'status') {
      next = clone(current);
      next.status = incoming.status;
      if (next.status === undefined) delete next.status;
    } else {
      next = incoming;
      if (type.subresources?.status) {
        if (current.status === undefined) delete next.status;
        else next.status = clone(current.status);
      }
      const meta = next.metadata;
      meta.namespace = current.metadata.namespace;
      if (!type.namespaced) delete meta.namespace;
      meta.uid = current.metadata.uid;
      meta.creationTimestamp = current.metadata.creationTimestamp;
      if (current.metadata.deletionTimestamp) {
        meta.deletionTimestamp = current.metadata.deletionTimestamp;
        meta.deletionGracePeriodSeconds = current.metadata.deletionGracePeriodSeconds;
        const added = (meta.finalizers ?? []).filter(f => !(current.metadata.finalizers ?? []).includes(f));
        if (added.length) {
          throw forbidden(type, name, `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`);
        }
      } else {
        delete meta.deletionTimestamp;
        delete meta.deletionGracePeriodSeconds;
      }
      if (meta.generateName === undefined && current.metadata.generateName) meta.generateName = current.metadata.generateName;
      applyDefaults(next, false);
      const causes = validateObject(type, next);
      if (causes.length) throw invalid(type, name, causes);
      meta.generation = current.metadata.generation ?? 1;
      if (!deepEqual(specOf(next, type), specOf(current, type))) meta.generation += 1;
    }
    next.metadata.resourceVersion = current.metadata.resourceVersion;
    // managedFields changed explicitly by the writer are taken as given (kubectl's client-side to
    // server-side apply migration does this); otherwise the writer's changes are recorded
    const requested = subresource ? undefined : incoming.metadata.managedFields;
    const explicit = Array.isArray(requested) && !deepEqual(requested, current.metadata.managedFields ?? [])
      ? (requested as ManagedFieldsEntry[]).filter(e => e && typeof e === 'object' && Object.keys(e).length > 0)
      : undefined;
    next.metadata.managedFields = opts.managedFields ?? explicit ?? managedFieldsAfterUpdate(
      current, next, opts.fieldManager ?? DEFAULT_MANAGER, subresource, this.isBuiltin(type));
    if ((next.metadata.managedFields as unknown[]).length === 0) delete next.metadata.managedFields;

    const finishing = !!next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0;
    if (!finishing && deepEqual(next, current)) return this.present(entry, type);
    if (type.kind === 'CustomResourceDefinition' && type.group === 'apiextensions.k8s.io') this.establishCrd(next);
    if (opts.dryRun) return next;
    if (finishing) {
      this.remove(type, next);
      return next;
    }
    this.commit(type, 'MODIFIED', next, current);
    if (type.kind === 'CustomResourceDefinition' && type.group === 'apiextensions.k8s.io') crdTypes(next).forEach(t => this.registerType(t));
    return this.present(this.entry(type, ns, name)!, type);
  }

  private normalizeIncoming(type: ResourceType, input: KubeObject): KubeObject {
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw badRequest('the object provided is not a JSON object');
    const obj = clone(input);
    obj.apiVersion = apiVersionOf(type);
    obj.kind = type.kind;
    if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
    delete obj.metadata.selfLink;
    return obj;
  }

  private assertNamespaceWritable(type: ResourceType, namespace: string, name: string) {
    const ns = this.entry(CoreTypes.namespace, undefined, namespace);
    if (!ns) throw notFound(CoreTypes.namespace, namespace);
    if (ns.obj.metadata.deletionTimestamp) {
      throw forbidden(type, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  private assertOpen() {
    if (this.closed) throw new Error('the store is closed');
  }

  private isBuiltin(type: ResourceType): boolean {
    return isBuiltinApiVersion(apiVersionOf(type));
  }

  private ensureNamespace(name: string) {
    if (!this.entry(CoreTypes.namespace, undefined, name)) {
      this.create(CoreTypes.namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
  }

  private establishCrd(crd: KubeObject) {
    const s = crd.spec ?? {};
    crd.status = {
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: nowTimestamp() },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: nowTimestamp() },
      ],
      acceptedNames: s.names,
      storedVersions: (s.versions ?? []).filter((v: any) => v.storage).map((v: any) => v.name),
    };
  }

  private registerType(type: ResourceType) {
    this.types.register(type);
    if (!this.typeByStorageKey.has(storageKey(type))) this.typeByStorageKey.set(storageKey(type), type);
  }

  private bucket(type: Pick<ResourceType, 'group' | 'resource'>): TypeBucket {
    const key = storageKey(type);
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { key, namespaces: new Map() }));
    return b;
  }

  private entry(type: ResourceType, namespace: string | undefined, name: string): Entry | undefined {
    const ns = type.namespaced ? namespace ?? 'default' : '';
    return this.buckets.get(storageKey(type))?.namespaces.get(ns)?.entries.get(name);
  }

  private select(type: ResourceType, opts: ListOptions): Entry[] {
    const bucket = this.buckets.get(storageKey(type));
    if (!bucket) return [];
    const matcher = compileSelectors(opts.labelSelector, opts.fieldSelector);
    const pinnedNs = type.namespaced ? opts.namespace || pinnedField(opts.fieldSelector, 'metadata.namespace') : '';
    const pinnedName = pinnedField(opts.fieldSelector, 'metadata.name');
    let candidates: Entry[];
    if (pinnedNs !== undefined) {
      const nsBucket = bucket.namespaces.get(pinnedNs);
      if (!nsBucket) return [];
      if (pinnedName !== undefined) {
        const e = nsBucket.entries.get(pinnedName);
        candidates = e ? [e] : [];
      } else {
        candidates = this.sorted(nsBucket);
      }
    } else {
      candidates = [];
      for (const ns of [...bucket.namespaces.keys()].sort()) {
        const nsBucket = bucket.namespaces.get(ns)!;
        if (pinnedName !== undefined) {
          const e = nsBucket.entries.get(pinnedName);
          if (e) candidates.push(e);
        } else {
          candidates = candidates.concat(this.sorted(nsBucket));
        }
      }
    }
    return matcher ? candidates.filter(e => matcher(e.obj)) : candidates;
  }

  private sorted(nsBucket: NamespaceBucket): Entry[] {
    if (!nsBucket.sorted) nsBucket.sorted = [...nsBucket.entries.values()].sort(compareEntries);
    return nsBucket.sorted;
  }

  private present(entry: Entry, type: ResourceType): KubeObject {
    const obj = JSON.parse(entry.json);
    obj.apiVersion = apiVersionOf(type);
    return obj;
  }

  private presentJson(entry: Entry, type: ResourceType): string {
    return entry.obj.apiVersion === apiVersionOf(type) ? entry.json : JSON.stringify(this.present(entry, type));
  }

  /** Stores a new state of an object and tells watchers, listeners and the log. */
  private commit(type: ResourceType, eventType: 'ADDED' | 'MODIFIED', obj: KubeObject, previous: KubeObject | undefined) {
    const rv = ++this.rv;
    obj.metadata.resourceVersion = String(rv);
    const entry: Entry = { obj, json: JSON.stringify(obj) };
    this.place(storageKey(type), entry, previous);
    this.persistence?.append({ op: 'put', rv, key: storageKey(type), obj });
    this.record({ rv, storageKey: storageKey(type), type: eventType, entry, previous });
  }

  private remove(type: ResourceType, current: KubeObject) {
    const key = storageKey(type);
    const ns = current.metadata.namespace ?? '';
    const name = current.metadata.name!;
    const bucket = this.bucket(type);
    const nsBucket = bucket.namespaces.get(ns);
    if (!nsBucket?.entries.delete(name)) return;
    nsBucket.sorted = undefined;
    if (nsBucket.entries.size === 0) bucket.namespaces.delete(ns);
    this.unindex(current);
    const rv = ++this.rv;
    const last = clone(current);
    last.metadata.resourceVersion = String(rv);
    const entry: Entry = { obj: last, json: JSON.stringify(last) };
    this.persistence?.append({ op: 'del', rv, key, namespace: ns, name });
    this.record({ rv, storageKey: key, type: 'DELETED', entry, previous: current });
    if (type.kind === 'CustomResourceDefinition' && type.group === 'apiextensions.k8s.io') this.dropCrd(current);
  }

  /** Deleting a CRD deletes its objects and stops serving its kinds. */
  private dropCrd(crd: KubeObject) {
    const types = crdTypes(crd);
    if (types.length === 0) return;
    const bucket = this.buckets.get(storageKey(types[0]));
    if (bucket) {
      for (const nsBucket of [...bucket.namespaces.values()]) {
        for (const e of [...nsBucket.entries.values()]) this.remove(types[0], e.obj);
      }
    }
    types.forEach(t => this.types.unregister(t));
  }

  private place(key: string, entry: Entry, previous: KubeObject | undefined) {
    const bucket = this.buckets.get(key) ?? this.bucket({ group: key.split('/')[0], resource: key.split('/')[1] });
    const ns = entry.obj.metadata.namespace ?? '';
    let nsBucket = bucket.namespaces.get(ns);
    if (!nsBucket) bucket.namespaces.set(ns, (nsBucket = { entries: new Map() }));
    if (!nsBucket.entries.has(entry.obj.metadata.name!)) nsBucket.sorted = undefined;
    else if (nsBucket.sorted) {
      const idx = indexByName(nsBucket.sorted, entry.obj.metadata.name!);
      if (idx >= 0) nsBucket.sorted[idx] = entry;
      else nsBucket.sorted = undefined;
    }
    nsBucket.entries.set(entry.obj.metadata.name!, entry);
    if (previous) this.unindex(previous);
    this.uidIndex.set(entry.obj.metadata.uid!, { storageKey: key, namespace: ns, name: entry.obj.metadata.name! });
    for (const ref of entry.obj.metadata.ownerReferences ?? []) {
      let set = this.ownerIndex.get(ref.uid);
      if (!set) this.ownerIndex.set(ref.uid, (set = new Set()));
      set.add(entry.obj.metadata.uid!);
    }
  }

  private unindex(obj: KubeObject) {
    this.uidIndex.delete(obj.metadata.uid!);
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const set = this.ownerIndex.get(ref.uid);
      set?.delete(obj.metadata.uid!);
      if (set && set.size === 0) this.ownerIndex.delete(ref.uid);
    }
  }

  private record(event: HistoryEvent) {
    const size = this.history.length;
    if (this.historyLength === size) {
      const evicted = this.history[this.historyStart]!;
      this.compactedRv = evicted.rv;
      this.history[this.historyStart] = event;
      this.historyStart = (this.historyStart + 1) % size;
    } else {
      this.history[(this.historyStart + this.historyLength) % size] = event;
      this.historyLength++;
    }
    const set = this.watchers.get(event.storageKey);
    if (set) for (const w of set) this.offer(w, event.type, event.entry, event.previous);
    if (this.changeListeners.size > 0) {
      const change: StoreChange = { type: event.type, storageKey: event.storageKey, object: event.entry.obj, previous: event.previous };
      queueMicrotask(() => {
        for (const l of this.changeListeners) l(change);
      });
    }
  }

  private *historySince(rv: number): Iterable<HistoryEvent> {
    const size = this.history.length;
    for (let i = 0; i < this.historyLength; i++) {
      const h = this.history[(this.historyStart + i) % size]!;
      if (h.rv > rv) yield h;
    }
  }

  /** Decides what a watcher sees of a change: selector transitions become ADDED / DELETED. */
  private offer(w: Watcher, type: 'ADDED' | 'MODIFIED' | 'DELETED', entry: Entry, previous: KubeObject | undefined) {
    const matches = (o: KubeObject | undefined) =>
      !!o && (w.namespace === undefined || o.metadata.namespace === w.namespace) && (!w.matcher || w.matcher(o));
    const now = matches(entry.obj);
    if (type === 'DELETED') {
      if (now) this.enqueue(w, 'DELETED', this.presentJson(entry, w.type));
      return;
    }
    const before = type === 'MODIFIED' && matches(previous);
    if (now && before) this.enqueue(w, 'MODIFIED', this.presentJson(entry, w.type));
    else if (now) this.enqueue(w, 'ADDED', this.presentJson(entry, w.type));
    else if (before) this.enqueue(w, 'DELETED', this.presentJson(entry, w.type));
  }

  private enqueue(w: Watcher, type: WatchEventType, json: string) {
    w.queue.push({ type, json });
    if (w.scheduled) return;
    w.scheduled = true;
    queueMicrotask(() => {
      w.scheduled = false;
      const items = w.queue;
      w.queue = [];
      for (const item of items) {
        if (w.closed) return;
        w.deliver(item.type, item.json);
      }
    });
  }

  private sendBookmarks() {
    const rv = String(this.rv);
    for (const set of this.watchers.values()) {
      for (const w of set) {
        if (!w.allowBookmarks) continue;
        this.enqueue(w, 'BOOKMARK', JSON.stringify({ kind: w.type.kind, apiVersion: apiVersionOf(w.type), metadata: { resourceVersion: rv } }));
      }
    }
  }

  /** Sends a bookmark to every bookmark-enabled watcher now (tests and shutdown use it). */
  bookmarkNow(): void {
    this.sendBookmarks();
  }

  private orphanDependents(owner: KubeObject) {
    for (const dep of this.dependentsOf(owner.metadata.uid!)) {
      const next = clone(dep.object);
      next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter(r => r.uid !== owner.metadata.uid);
      if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
      delete next.metadata.resourceVersion;
      this.write(dep.type, next, { fieldManager: 'garbage-collector' }, undefined);
    }
  }

  private snapshot(): { resourceVersion: number; records: SnapshotRecord[] } {
    const records: SnapshotRecord[] = [];
    const keys = [...this.buckets.keys()].sort((a, b) =>
      // CRDs first, so their kinds are registered before their objects load
      (b === 'apiextensions.k8s.io/customresourcedefinitions' ? 1 : 0) - (a === 'apiextensions.k8s.io/customresourcedefinitions' ? 1 : 0));
    for (const key of keys) {
      for (const nsBucket of this.buckets.get(key)!.namespaces.values()) {
        for (const e of nsBucket.entries.values()) records.push({ key, obj: e.obj });
      }
    }
    return { resourceVersion: this.rv, records };
  }

  private load(persistence: Persistence) {
    const state = persistence.load((key, obj) => `${key}|${obj?.metadata?.namespace ?? ''}|${obj?.metadata?.name}`);
    const crdKey = 'apiextensions.k8s.io/customresourcedefinitions';
    const ordered = [...state.records.filter(r => r.key === crdKey), ...state.records.filter(r => r.key !== crdKey)];
    for (const rec of ordered) {
      const obj = rec.obj as KubeObject;
      if (rec.key === crdKey) crdTypes(obj).forEach(t => this.registerType(t));
      this.place(rec.key, { obj, json: JSON.stringify(obj) }, undefined);
    }
    this.rv = state.resourceVersion;
    persistence.compact();
  }
}

/** The part of an object whose change bumps metadata.generation. */
function specOf(obj: KubeObject, type: ResourceType): Record<string, unknown> {
  const { metadata, status, apiVersion, kind, ...rest } = obj;
  return type.subresources?.status ? rest : { ...rest, status };
}
