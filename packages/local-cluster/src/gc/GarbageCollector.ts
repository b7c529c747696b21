import { CoreTypes } from '../store/builtinTypes';
import { MemoryStore, StoreChange } from '../store/MemoryStore';
import { StatusError } from '../store/types';

const FOREGROUND = 'foregroundDeletion';
const MANAGER = 'garbage-collector';

/** Runs a deletion that may race with another one; an object already gone is fine. */
function ignoreGone(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof StatusError) || ![404, 409].includes(e.status.code)) throw e;
  }
}

type Work =
  | { kind: 'dependent'; uid: string }
  | { kind: 'ownerGone'; uid: string }
  | { kind: 'foreground'; uid: string }
  | { kind: 'namespace'; name: string };

function workKey(w: Work): string {
  return w.kind === 'namespace' ? `namespace/${w.name}` : `${w.kind}/${w.uid}`;
}

/**
 * Cascading deletion through ownerReferences, as kube-controller-manager's garbage collector and
 * namespace controller do it:
 * - background: once an owner is gone, dependents whose owners are all gone are deleted, dependents
 *   with remaining owners lose the dangling reference;
 * - foreground: an owner carrying the `foregroundDeletion` finalizer has its dependents deleted
 *   (foreground too) and loses the finalizer once no `blockOwnerDeletion` dependent remains;
 * - orphan: handled by the store at delete time (references removed from dependents);
 * - a terminating namespace is emptied, then removed.
 */
export class GarbageCollector {
  private readonly pending = new Map<string, Work>();
  private scheduled = false;
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly store: MemoryStore) {
    this.unsubscribe = store.onChange(c => this.observe(c));
  }

  /** Queues the work a restart may have left behind: dangling owners, foreground owners, terminating namespaces. */
  start(): this {
    for (const type of this.store.types.all()) {
      for (const obj of this.store.list(type).items) {
        if (obj.metadata.ownerReferences?.length) this.enqueue({ kind: 'dependent', uid: obj.metadata.uid! });
        if (obj.metadata.deletionTimestamp && obj.metadata.finalizers?.includes(FOREGROUND)) this.enqueue({ kind: 'foreground', uid: obj.metadata.uid! });
        if (type === CoreTypes.namespace && obj.metadata.deletionTimestamp) this.enqueue({ kind: 'namespace', name: obj.metadata.name! });
      }
    }
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    this.pending.clear();
  }

  private observe(change: StoreChange) {
    const obj = change.object;
    const meta = obj.metadata;
    const isNamespace = change.storageKey === '/namespaces';
    if (change.type === 'DELETED') {
      this.enqueue({ kind: 'ownerGone', uid: meta.uid! });
      for (const ref of meta.ownerReferences ?? []) this.enqueue({ kind: 'foreground', uid: ref.uid });
      if (meta.namespace) this.enqueue({ kind: 'namespace', name: meta.namespace });
      return;
    }
    if (meta.ownerReferences?.length && !meta.deletionTimestamp) this.enqueue({ kind: 'dependent', uid: meta.uid! });
    if (meta.deletionTimestamp && meta.finalizers?.includes(FOREGROUND)) this.enqueue({ kind: 'foreground', uid: meta.uid! });
    if (isNamespace && meta.deletionTimestamp) this.enqueue({ kind: 'namespace', name: meta.name! });
    // a dependent whose references changed may have stopped blocking a foreground owner
    for (const ref of change.previous?.metadata.ownerReferences ?? []) this.enqueue({ kind: 'foreground', uid: ref.uid });
  }

  private enqueue(work: Work) {
    if (this.stopped) return;
    this.pending.set(workKey(work), work);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain() {
    this.scheduled = false;
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const work of batch) {
      if (this.stopped) return;
      try {
        this.process(work);
      } catch (e) {
        // NotFound: already gone; Conflict: the object changed under us and a new event re-queues it
        if (!(e instanceof StatusError) || ![404, 409].includes(e.status.code)) {
          // eslint-disable-next-line no-console
          console.error(`garbage collector: ${workKey(work)}: ${e instanceof Error ? e.message : e}`);
        }
      }
    }
  }

  private process(work: Work) {
    switch (work.kind) {
      case 'ownerGone':
        for (const dep of this.store.dependentsOf(work.uid)) this.checkDependent(dep.object.metadata.uid!);
        return;
      case 'dependent':
        this.checkDependent(work.uid);
        return;
      case 'foreground':
        this.checkForegroundOwner(work.uid);
        return;
      case 'namespace':
        this.checkNamespace(work.name);
        return;
      default:
        return;
    }
  }

  private checkDependent(uid: string) {
    const found = this.store.getByUid(uid);
    if (!found) return;
    const { type, object } = found;
    if (object.metadata.deletionTimestamp) return;
    const refs = object.metadata.ownerReferences ?? [];
    const dangling = refs.filter(r => !this.store.existsUid(r.uid));
    if (dangling.length === 0) return;
    if (dangling.length === refs.length) {
      this.store.delete(type, object.metadata.namespace, object.metadata.name!, {
        propagationPolicy: 'Background',
        preconditions: { uid },
      });
      return;
    }
    object.metadata.ownerReferences = refs.filter(r => !dangling.includes(r));
    this.store.update(type, object, { fieldManager: MANAGER });
  }

  private checkForegroundOwner(uid: string) {
    const found = this.store.getByUid(uid);
    if (!found) return;
    const { type, object } = found;
    if (!object.metadata.deletionTimestamp || !object.metadata.finalizers?.includes(FOREGROUND)) return;
    const dependents = this.store.dependentsOf(uid);
    for (const dep of dependents) {
      if (dep.object.metadata.deletionTimestamp) continue;
      ignoreGone(() => this.store.delete(dep.type, dep.object.metadata.namespace, dep.object.metadata.name!, {
        propagationPolicy: 'Foreground',
        preconditions: { uid: dep.object.metadata.uid },
      }));
    }
    const blocking = this.store.dependentsOf(uid).filter(d =>
      (d.object.metadata.ownerReferences ?? []).some(r => r.uid === uid && r.blockOwnerDeletion));
    if (blocking.length > 0) return;
    object.metadata.finalizers = object.metadata.finalizers.filter(f => f !== FOREGROUND);
    this.store.update(type, object, { fieldManager: MANAGER });
  }

  private checkNamespace(name: string) {
    const ns = this.store.get(CoreTypes.namespace, undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    const contents = this.store.objectsInNamespace(name);
    for (const { type, object } of contents) {
      if (object.metadata.deletionTimestamp) continue;
      ignoreGone(() => this.store.delete(type, name, object.metadata.name!, { propagationPolicy: 'Background' }));
    }
    if (this.store.objectsInNamespace(name).length === 0) this.store.finalizeNamespace(name);
  }
}

export function startGarbageCollector(store: MemoryStore): GarbageCollector {
  return new GarbageCollector(store).start();
}
