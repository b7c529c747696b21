import type { KubeObject, ObjectStore } from '../store/types';
import type { EventRecorder } from './events';
import { NODE_NAME, type Kinds } from './kinds';
import {
  clone,
  controllerRef,
  deleteQuietly,
  isOwnedBy,
  isPodActive,
  isPodReady,
  keyOf,
  objectKey,
  ownerRefTo,
  selectorToString,
  splitKey,
  writeStatus,
} from './objects';
import { WorkQueue } from './WorkQueue';
import { watchKind } from './informer';

/** How long pod changes are gathered before a ReplicaSet is reconciled again (keeps big sets cheap). */
const POD_BATCH_MS = 20;

/** Keeps the number of pods of each ReplicaSet at spec.replicas and reports how many are ready. */
export function startReplicaSetController(
  store: ObjectStore,
  kinds: Kinds,
  events: EventRecorder,
): () => void {
  const queue = new WorkQueue('replicaset', key => timed(key));
  // how long each set's last pass took: big sets gather pod changes for longer between passes
  const cost = new Map<string, number>();

  function timed(key: string) {
    const started = Date.now();
    try {
      reconcile(key);
    } finally {
      cost.set(key, Date.now() - started);
    }
  }

  function reconcile(key: string) {
    const { namespace, name } = splitKey(key);
    const rs = store.get(kinds.replicaSets, namespace, name);
    if (!rs) cost.delete(key);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const active = ownedPods(rs).filter(isPodActive);
    const desired = rs.spec?.replicas ?? 1;
    const diff = active.length - desired;
    // the pods after this pass, without listing again (lists of big sets are what costs)
    let live = [...active];
    if (diff < 0) {
      for (let i = 0; i < -diff; i++) {
        const pod = store.create(kinds.pods, podFromTemplate(rs));
        events.record(
          rs,
          'Normal',
          'SuccessfulCreate',
          `Created pod: ${pod.metadata.name}`,
        );
        live.push(pod);
      }
    } else if (diff > 0) {
      const doomed = new Set(choosePodsToDelete(active, diff));
      for (const pod of doomed) {
        deleteQuietly(store, kinds.pods, namespace, pod.metadata.name!);
        events.record(
          rs,
          'Normal',
          'SuccessfulDelete',
          `Deleted pod: ${pod.metadata.name}`,
        );
      }
      live = active.filter(p => !doomed.has(p));
    }
    const ready = live.filter(isPodReady).length;
    const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
    const available = live.filter(p => isAvailable(p, minReadySeconds)).length;
    if (ready > available) queue.addAfter(key, minReadySeconds * 1000);
    writeStatus(store, kinds.replicaSets, namespace, name, obj => {
      const next = {
        replicas: live.length,
        fullyLabeledReplicas: live.length,
        readyReplicas: ready,
        availableReplicas: available,
        observedGeneration: rs.metadata.generation,
      };
      const prev = obj.status ?? {};
      if (
        prev.replicas === next.replicas &&
        prev.fullyLabeledReplicas === next.fullyLabeledReplicas &&
        prev.readyReplicas === next.readyReplicas &&
        prev.availableReplicas === next.availableReplicas &&
        prev.observedGeneration === next.observedGeneration
      )
        return false;
      obj.status = { ...prev, ...next };
      return true;
    });
  }

  function ownedPods(rs: KubeObject): KubeObject[] {
    const { items } = store.list(kinds.pods, {
      namespace: rs.metadata.namespace,
      labelSelector: selectorToString(rs.spec?.selector),
    });
    return items.filter(p => isOwnedBy(p, rs));
  }

  const stopRs = watchKind(store, kinds.replicaSets, (_type, rs) =>
    queue.add(keyOf(rs)),
  );
  const stopPods = watchKind(store, kinds.pods, (_type, pod) => {
    const ref = controllerRef(pod);
    if (ref?.kind !== 'ReplicaSet') return;
    const key = objectKey(pod.metadata.namespace, ref.name);
    queue.addAfter(key, Math.max(POD_BATCH_MS, 3 * (cost.get(key) ?? 0)));
  });
  return () => {
    stopRs();
    stopPods();
    queue.stop();
  };
}

export function podFromTemplate(
  owner: KubeObject,
  extraLabels: Record<string, string> = {},
  name?: string,
): KubeObject {
  const template = clone(owner.spec?.template ?? {});
  const metadata = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(name ? { name } : { generateName: `${owner.metadata.name}-` }),
      namespace: owner.metadata.namespace,
      labels: { ...(metadata.labels ?? {}), ...extraLabels },
      ...(metadata.annotations ? { annotations: metadata.annotations } : {}),
      ownerReferences: [ownerRefTo(owner)],
    },
    // the node is known (there is one): binding at creation saves the scheduler's write per pod
    spec: {
      ...(template.spec ?? {}),
      nodeName: template.spec?.nodeName ?? NODE_NAME,
    },
  };
}

/** Whether a pod has been ready for minReadySeconds. */
export function isAvailable(pod: KubeObject, minReadySeconds: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = (pod.status?.conditions ?? []).find(
    (c: any) => c.type === 'Ready',
  )?.lastTransitionTime;
  return !!since && Date.now() - Date.parse(since) >= minReadySeconds * 1000;
}

/** Which pods go first when scaling down, as Kubernetes ranks them: unscheduled, pending, not ready, then the newest. */
function choosePodsToDelete(pods: KubeObject[], count: number): KubeObject[] {
  const rank = (p: KubeObject) =>
    (p.spec?.nodeName ? 1 : 0) +
    (p.status?.phase === 'Running' ? 2 : 0) +
    (isPodReady(p) ? 4 : 0);
  return [...pods]
    .sort((a, b) => {
      const byRank = rank(a) - rank(b);
      if (byRank !== 0) return byRank;
      return (b.metadata.creationTimestamp ?? '').localeCompare(
        a.metadata.creationTimestamp ?? '',
      );
    })
    .slice(0, count);
}
