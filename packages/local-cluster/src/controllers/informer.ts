import type {
  KubeObject,
  ObjectStore,
  ResourceType,
  WatchEvent,
} from '../store/types';

type Handler = (type: WatchEvent['type'], obj: KubeObject) => void;

interface SharedWatch {
  handlers: Set<Handler>;
  stop: () => void;
}

/** One store watch per kind, shared by every controller of a store: each event is decoded once. */
const shared = new WeakMap<ObjectStore, Map<ResourceType, SharedWatch>>();

/**
 * Lists a kind then follows its changes: a handler sees every existing object once (as ADDED) and
 * every later change. The handler runs on the store's delivery stack: it must only queue work.
 */
export function watchKind(
  store: ObjectStore,
  type: ResourceType,
  handler: Handler,
): () => void {
  let byType = shared.get(store);
  if (!byType) shared.set(store, (byType = new Map()));
  let watch = byType.get(type);
  if (watch) {
    // a late subscriber catches up with a list of its own; later events come from the shared watch
    for (const item of store.list(type).items) handler('ADDED', item);
    watch.handlers.add(handler);
  } else {
    const handlers = new Set<Handler>([handler]);
    const { items, resourceVersion } = store.list(type);
    for (const item of items) handler('ADDED', item);
    const stop = store.watch(type, { resourceVersion }, event => {
      if (event.type === 'BOOKMARK') return;
      for (const h of handlers) h(event.type, event.object);
    });
    watch = { handlers, stop };
    byType.set(type, watch);
  }
  const current = watch;
  return () => {
    current.handlers.delete(handler);
    if (current.handlers.size === 0) {
      current.stop();
      if (byType!.get(type) === current) byType!.delete(type);
    }
  };
}
