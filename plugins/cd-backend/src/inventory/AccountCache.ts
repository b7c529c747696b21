import type { Moniker } from '@internal/plugin-cd-common';
import { monikerWithOwner } from './moniker';
import { KubeObject, ownerOf } from './objects';

export interface CacheEntry {
  kind: string;
  key: string;
  obj: KubeObject;
  /** The application it belongs to (pods: their server group's). */
  app?: string;
  moniker?: Moniker;
}

const MANAGER_KINDS = new Set(['Deployment', 'CronJob']);

export function entryKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/**
 * One account's objects with the indexes reads need, so that building an
 * application's view touches only that application's objects:
 * application → objects, owner uid → children, namespace → Services, object uid → events.
 * Every mutation reports the applications it affected.
 */
export class AccountCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly byUid = new Map<string, string>();
  private readonly byKind = new Map<string, Set<string>>();
  private readonly children = new Map<string, Set<string>>();
  private readonly byApp = new Map<string, Set<string>>();
  private readonly servicesByNamespace = new Map<string, Set<string>>();
  private readonly appsByNamespace = new Map<string, Map<string, number>>();
  /** Recent events in arrival order; the oldest go first when the bound is reached. */
  private readonly events = new Map<string, { obj: KubeObject; involvedUid?: string }>();
  private readonly eventsByUid = new Map<string, Set<string>>();

  constructor(private readonly maxEvents = 2_000) {}

  get size(): number {
    return this.entries.size;
  }

  upsert(kind: string, obj: KubeObject, affected: Set<string>): void {
    if (kind === 'Event') {
      this.upsertEvent(obj, affected);
      return;
    }
    const key = entryKey(kind, obj.metadata.namespace, obj.metadata.name);
    const previous = this.entries.get(key);
    if (previous) this.unindex(previous, affected);
    const entry: CacheEntry = { kind, key, obj };
    this.assignMoniker(entry);
    this.index(entry, affected);
    this.refreshChildren(entry, affected);
  }

  remove(kind: string, obj: KubeObject, affected: Set<string>): void {
    if (kind === 'Event') {
      this.removeEvent(obj.metadata.uid, affected);
      return;
    }
    const entry = this.entries.get(entryKey(kind, obj.metadata.namespace, obj.metadata.name));
    if (entry) this.drop(entry, affected);
  }

  /** After a (re)list: `items` is the whole truth for this kind (in `namespace`, when given). */
  replace(kind: string, namespace: string | undefined, items: KubeObject[], affected: Set<string>): void {
    if (kind === 'Event') {
      const keep = new Set(items.map(i => i.metadata.uid));
      for (const [uid, e] of [...this.events]) {
        if (!keep.has(uid) && (namespace === undefined || e.obj.metadata.namespace === namespace)) this.removeEvent(uid, affected);
      }
      items.forEach(i => this.upsertEvent(i, affected));
      return;
    }
    const keep = new Set(items.map(i => entryKey(kind, i.metadata.namespace, i.metadata.name)));
    for (const key of [...(this.byKind.get(kind) ?? [])]) {
      const entry = this.entries.get(key)!;
      if (!keep.has(key) && (namespace === undefined || entry.obj.metadata.namespace === namespace)) {
        this.drop(entry, affected);
      }
    }
    for (const item of items) {
      const current = this.entries.get(entryKey(kind, item.metadata.namespace, item.metadata.name));
      if (current && current.obj.metadata.uid === item.metadata.uid && current.obj.metadata.resourceVersion === item.metadata.resourceVersion) continue;
      this.upsert(kind, item, affected);
    }
  }

  get(kind: string, namespace: string, name: string): CacheEntry | undefined {
    return this.entries.get(entryKey(kind, namespace, name));
  }

  byUidOf(uid: string): CacheEntry | undefined {
    const key = this.byUid.get(uid);
    return key ? this.entries.get(key) : undefined;
  }

  appEntries(app: string): CacheEntry[] {
    return [...(this.byApp.get(app) ?? [])].map(key => this.entries.get(key)!);
  }

  childrenOf(uid: string, kind?: string): CacheEntry[] {
    const result: CacheEntry[] = [];
    for (const key of this.children.get(uid) ?? []) {
      const entry = this.entries.get(key);
      if (entry && (!kind || entry.kind === kind)) result.push(entry);
    }
    return result;
  }

  servicesIn(namespace: string): CacheEntry[] {
    return [...(this.servicesByNamespace.get(namespace) ?? [])].map(key => this.entries.get(key)!);
  }

  appsInNamespace(namespace: string): string[] {
    return [...(this.appsByNamespace.get(namespace)?.keys() ?? [])];
  }

  applications(): string[] {
    return [...this.byApp.keys()];
  }

  eventsFor(uid: string): KubeObject[] {
    return [...(this.eventsByUid.get(uid) ?? [])].map(id => this.events.get(id)!.obj);
  }

  get eventCount(): number {
    return this.events.size;
  }

  private assignMoniker(entry: CacheEntry): void {
    const owner = ownerOf(entry.obj);
    const ownerEntry = owner ? this.byUidOf(owner.uid) : undefined;
    if (entry.kind === 'Pod') {
      // An instance belongs wherever its server group does.
      entry.moniker = ownerEntry?.moniker ?? monikerWithOwner('Pod', entry.obj, undefined);
      entry.app = entry.moniker?.app;
      return;
    }
    const managed = owner && MANAGER_KINDS.has(owner.kind);
    entry.moniker = monikerWithOwner(
      entry.kind,
      entry.obj,
      managed ? { kind: owner.kind, name: owner.name, obj: ownerEntry?.obj } : undefined,
    );
    entry.app = entry.moniker?.app;
  }

  /** A manager or server group changed: its children follow its application and cluster. */
  private refreshChildren(entry: CacheEntry, affected: Set<string>): void {
    for (const child of this.childrenOf(entry.obj.metadata.uid)) {
      const before = child.app;
      const beforeCluster = child.moniker?.cluster;
      this.unindex(child, affected, false);
      this.assignMoniker(child);
      this.index(child, affected);
      if (child.app !== before || child.moniker?.cluster !== beforeCluster) this.refreshChildren(child, affected);
    }
  }

  /** Removes an object; its children's views showed it (a manager's revision), so their applications are affected too. */
  private drop(entry: CacheEntry, affected: Set<string>): void {
    this.unindex(entry, affected);
    for (const child of this.childrenOf(entry.obj.metadata.uid)) {
      if (child.app) affected.add(child.app);
    }
  }

  private index(entry: CacheEntry, affected: Set<string>): void {
    const { obj, kind, key } = entry;
    const namespace = obj.metadata.namespace ?? '';
    this.entries.set(key, entry);
    this.byUid.set(obj.metadata.uid, key);
    addTo(this.byKind, kind, key);
    const owner = ownerOf(obj);
    if (owner) addTo(this.children, owner.uid, key);
    if (kind === 'Service') addTo(this.servicesByNamespace, namespace, key);
    if (entry.app) {
      affected.add(entry.app);
      if (kind !== 'Pod') {
        addTo(this.byApp, entry.app, key);
        const counts = this.appsByNamespace.get(namespace) ?? new Map<string, number>();
        counts.set(entry.app, (counts.get(entry.app) ?? 0) + 1);
        this.appsByNamespace.set(namespace, counts);
      }
    }
    // Traffic of every application in the namespace may depend on a Service.
    if (kind === 'Service') this.appsInNamespace(namespace).forEach(a => affected.add(a));
  }

  private unindex(entry: CacheEntry, affected: Set<string>, drop = true): void {
    const { obj, kind, key } = entry;
    const namespace = obj.metadata.namespace ?? '';
    if (drop) {
      this.entries.delete(key);
      if (this.byUid.get(obj.metadata.uid) === key) this.byUid.delete(obj.metadata.uid);
    }
    removeFrom(this.byKind, kind, key);
    const owner = ownerOf(obj);
    if (owner) removeFrom(this.children, owner.uid, key);
    if (kind === 'Service') {
      removeFrom(this.servicesByNamespace, namespace, key);
      this.appsInNamespace(namespace).forEach(a => affected.add(a));
    }
    if (entry.app) {
      affected.add(entry.app);
      if (kind !== 'Pod') {
        removeFrom(this.byApp, entry.app, key);
        const counts = this.appsByNamespace.get(namespace);
        const n = (counts?.get(entry.app) ?? 0) - 1;
        if (counts && n <= 0) counts.delete(entry.app);
        else counts?.set(entry.app, n);
        if (counts?.size === 0) this.appsByNamespace.delete(namespace);
      }
    }
  }

  private upsertEvent(obj: KubeObject, affected: Set<string>): void {
    const uid = obj.metadata.uid;
    this.removeEvent(uid, affected);
    const involvedUid: string | undefined = (obj as any).involvedObject?.uid;
    this.events.set(uid, { obj, involvedUid });
    if (involvedUid) addTo(this.eventsByUid, involvedUid, uid);
    this.affectInvolved(involvedUid, affected);
    while (this.events.size > this.maxEvents) {
      const oldest = this.events.keys().next().value as string;
      this.removeEvent(oldest, affected);
    }
  }

  private removeEvent(uid: string, affected: Set<string>): void {
    const event = this.events.get(uid);
    if (!event) return;
    this.events.delete(uid);
    if (event.involvedUid) removeFrom(this.eventsByUid, event.involvedUid, uid);
    this.affectInvolved(event.involvedUid, affected);
  }

  private affectInvolved(uid: string | undefined, affected: Set<string>) {
    const app = uid ? this.byUidOf(uid)?.app : undefined;
    if (app) affected.add(app);
  }
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
