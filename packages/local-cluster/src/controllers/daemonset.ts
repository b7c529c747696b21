import type { KubeObject, ObjectStore } from '../store/types';
import type { EventRecorder } from './events';
import type { Kinds } from './kinds';
import { NODE_NAME } from './kinds';
import {
  controllerRef,
  deleteQuietly,
  isOwnedBy,
  isPodActive,
  isPodReady,
  keyOf,
  objectKey,
  selectorToString,
  shortHash,
  splitKey,
  stableStringify,
  writeStatus,
} from './objects';
import { isAvailable, podFromTemplate } from './replicaset';
import { templateIdentity } from './deployment';
import { REVISION_LABEL } from './statefulset';
import { WorkQueue } from './WorkQueue';
import { watchKind } from './informer';

/** One pod per node; the cluster has one node. */
export function startDaemonSetController(
  store: ObjectStore,
  kinds: Kinds,
  events: EventRecorder,
): () => void {
  const queue = new WorkQueue('daemonset', key => reconcile(key));

  function reconcile(key: string) {
    const { namespace, name } = splitKey(key);
    const ds = store.get(kinds.daemonSets, namespace, name);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const revision = shortHash(templateIdentity(ds.spec?.template));
    const pods = store
      .list(kinds.pods, {
        namespace,
        labelSelector: selectorToString(ds.spec?.selector),
      })
      .items.filter(p => isOwnedBy(p, ds) && isPodActive(p));
    const onDelete = ds.spec?.updateStrategy?.type === 'OnDelete';
    const current = pods.filter(
      p => p.metadata.labels?.[REVISION_LABEL] === revision,
    );
    const outdated = pods.filter(
      p => p.metadata.labels?.[REVISION_LABEL] !== revision,
    );
    const remove = [...current.slice(1), ...(onDelete ? [] : outdated)];
    for (const pod of remove) {
      deleteQuietly(store, kinds.pods, namespace, pod.metadata.name!);
      events.record(
        ds,
        'Normal',
        'SuccessfulDelete',
        `Deleted pod: ${pod.metadata.name}`,
      );
    }
    const keptOutdated = onDelete ? outdated : [];
    if (current.length === 0 && keptOutdated.length === 0) {
      const pod = podFromTemplate(ds, {
        [REVISION_LABEL]: revision,
        'pod-template-generation': String(ds.metadata.generation ?? 1),
      });
      pod.spec = { ...pod.spec, nodeName: NODE_NAME };
      const created = store.create(kinds.pods, pod);
      events.record(
        ds,
        'Normal',
        'SuccessfulCreate',
        `Created pod: ${created.metadata.name}`,
      );
    }
    const live: KubeObject[] = [...current.slice(0, 1), ...keptOutdated];
    writeStatus(store, kinds.daemonSets, namespace, name, obj => {
      const before = stableStringify(obj.status ?? {});
      const available = live.filter(p =>
        isAvailable(p, obj.spec?.minReadySeconds ?? 0),
      ).length;
      obj.status = {
        ...(obj.status ?? {}),
        observedGeneration: obj.metadata.generation,
        desiredNumberScheduled: 1,
        currentNumberScheduled: live.length > 0 ? 1 : 0,
        numberMisscheduled: 0,
        numberReady: live.filter(isPodReady).length,
        updatedNumberScheduled: current.length > 0 ? 1 : 0,
        numberAvailable: available,
        ...(available < 1 ? { numberUnavailable: 1 } : {}),
      };
      if (available >= 1) delete obj.status.numberUnavailable;
      return stableStringify(obj.status) !== before;
    });
  }

  const stopSets = watchKind(store, kinds.daemonSets, (_type, ds) =>
    queue.add(keyOf(ds)),
  );
  const stopPods = watchKind(store, kinds.pods, (_type, pod) => {
    const ref = controllerRef(pod);
    if (ref?.kind === 'DaemonSet')
      queue.addAfter(objectKey(pod.metadata.namespace, ref.name), 10);
  });
  return () => {
    stopSets();
    stopPods();
    queue.stop();
  };
}
