import type { KubeObject, ObjectStore } from '../store/types';
import type { EventRecorder } from './events';
import type { Kinds } from './kinds';
import {
  controllerRef,
  deleteQuietly,
  isOwnedBy,
  isPodReady,
  isPodTerminal,
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
import { WorkQueue } from './WorkQueue';
import { watchKind } from './informer';

export const REVISION_LABEL = 'controller-revision-hash';
const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** Pods with stable ordinal names, created in order and updated from the highest ordinal down. */
export function startStatefulSetController(
  store: ObjectStore,
  kinds: Kinds,
  events: EventRecorder,
): () => void {
  const queue = new WorkQueue('statefulset', key => reconcile(key));

  function reconcile(key: string) {
    const { namespace, name } = splitKey(key);
    const sts = store.get(kinds.statefulSets, namespace, name);
    if (!sts || sts.metadata.deletionTimestamp) return;
    const replicas: number = sts.spec?.replicas ?? 1;
    const ordered =
      (sts.spec?.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    const updateRevision = `${name}-${shortHash(
      templateIdentity(sts.spec?.template),
    )}`;
    const pods = new Map<number, KubeObject>();
    for (const pod of store.list(kinds.pods, {
      namespace,
      labelSelector: selectorToString(sts.spec?.selector),
    }).items) {
      if (!isOwnedBy(pod, sts)) continue;
      const ordinal = ordinalOf(name, pod.metadata.name!);
      if (ordinal !== undefined) pods.set(ordinal, pod);
    }

    let blocked = false;
    // 1. create (or replace finished) pods 0..replicas-1, in order when OrderedReady
    for (let i = 0; i < replicas && !blocked; i++) {
      const pod = pods.get(i);
      if (pod && isPodTerminal(pod) && !pod.metadata.deletionTimestamp) {
        deleteQuietly(store, kinds.pods, namespace, pod.metadata.name!);
        events.record(
          sts,
          'Normal',
          'SuccessfulDelete',
          `delete Pod ${pod.metadata.name} in StatefulSet ${name} successful`,
        );
        pods.delete(i);
        blocked = ordered;
        continue;
      }
      if (!pod) {
        createPod(sts, i, updateRevision);
        blocked = ordered;
      } else if (
        ordered &&
        (!isPodReady(pod) || pod.metadata.deletionTimestamp)
      ) {
        blocked = true;
      }
    }
    // 2. scale down from the highest ordinal
    const extra = [...pods.keys()]
      .filter(i => i >= replicas)
      .sort((a, b) => b - a);
    for (const i of extra) {
      if (blocked) break;
      const pod = pods.get(i)!;
      if (!pod.metadata.deletionTimestamp) {
        deleteQuietly(store, kinds.pods, namespace, pod.metadata.name!);
        events.record(
          sts,
          'Normal',
          'SuccessfulDelete',
          `delete Pod ${pod.metadata.name} in StatefulSet ${name} successful`,
        );
      }
      pods.delete(i);
      if (ordered) blocked = true;
    }
    // 3. rolling update: one pod at a time, highest ordinal first, down to the partition
    const strategy = sts.spec?.updateStrategy?.type ?? 'RollingUpdate';
    const partition: number =
      sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    const allReady = [...Array(replicas).keys()].every(
      i => pods.get(i) && isPodReady(pods.get(i)!),
    );
    if (!blocked && strategy === 'RollingUpdate' && allReady) {
      for (let i = replicas - 1; i >= partition; i--) {
        const pod = pods.get(i)!;
        if (pod.metadata.labels?.[REVISION_LABEL] !== updateRevision) {
          deleteQuietly(store, kinds.pods, namespace, pod.metadata.name!);
          events.record(
            sts,
            'Normal',
            'SuccessfulDelete',
            `delete Pod ${pod.metadata.name} in StatefulSet ${name} successful`,
          );
          pods.delete(i);
          break;
        }
      }
    }

    const live = [...pods.values()].filter(p => !p.metadata.deletionTimestamp);
    const updated = live.filter(
      p => p.metadata.labels?.[REVISION_LABEL] === updateRevision,
    ).length;
    writeStatus(store, kinds.statefulSets, namespace, name, obj => {
      const before = stableStringify(obj.status ?? {});
      const previousCurrent: string =
        obj.status?.currentRevision ?? updateRevision;
      const currentRevision =
        updated === replicas && live.length === replicas
          ? updateRevision
          : previousCurrent;
      obj.status = {
        ...(obj.status ?? {}),
        observedGeneration: obj.metadata.generation,
        replicas: live.length,
        readyReplicas: live.filter(isPodReady).length,
        availableReplicas: live.filter(p =>
          isAvailable(p, obj.spec?.minReadySeconds ?? 0),
        ).length,
        currentReplicas: live.filter(
          p => p.metadata.labels?.[REVISION_LABEL] === currentRevision,
        ).length,
        updatedReplicas: updated,
        currentRevision,
        updateRevision,
        collisionCount: obj.status?.collisionCount ?? 0,
      };
      return stableStringify(obj.status) !== before;
    });
  }

  function createPod(sts: KubeObject, ordinal: number, revision: string) {
    const podName = `${sts.metadata.name}-${ordinal}`;
    const pod = podFromTemplate(
      sts,
      {
        [POD_NAME_LABEL]: podName,
        [POD_INDEX_LABEL]: String(ordinal),
        [REVISION_LABEL]: revision,
      },
      podName,
    );
    pod.spec = {
      ...pod.spec,
      hostname: podName,
      ...(sts.spec?.serviceName ? { subdomain: sts.spec.serviceName } : {}),
    };
    try {
      store.create(kinds.pods, pod);
      events.record(
        sts,
        'Normal',
        'SuccessfulCreate',
        `create Pod ${podName} in StatefulSet ${sts.metadata.name} successful`,
      );
    } catch (error) {
      // the previous pod of that name is still going away: the next pass creates it
      if ((error as any)?.status?.code !== 409) throw error;
      queue.addAfter(keyOf(sts), 100);
    }
  }

  const stopSets = watchKind(store, kinds.statefulSets, (_type, sts) =>
    queue.add(keyOf(sts)),
  );
  const stopPods = watchKind(store, kinds.pods, (_type, pod) => {
    const ref = controllerRef(pod);
    if (ref?.kind === 'StatefulSet')
      queue.addAfter(objectKey(pod.metadata.namespace, ref.name), 10);
  });
  return () => {
    stopSets();
    stopPods();
    queue.stop();
  };
}

function ordinalOf(setName: string, podName: string): number | undefined {
  if (!podName.startsWith(`${setName}-`)) return undefined;
  const suffix = podName.slice(setName.length + 1);
  return /^(0|[1-9]\d*)$/.test(suffix) ? Number(suffix) : undefined;
}
