import type { KubeObject, ObjectStore } from '../store/types';
import type { EventRecorder } from './events';
import type { Kinds } from './kinds';
import {
  clone,
  controllerRef,
  deleteQuietly,
  getCondition,
  isOwnedBy,
  keyOf,
  objectKey,
  ownerRefTo,
  selectorToString,
  setCondition,
  shortHash,
  splitKey,
  stableStringify,
  writeObject,
  writeStatus,
} from './objects';
import {
  newReplicaSetTarget,
  oldReplicaSetTargets,
  RsCounts,
  surgeAndUnavailable,
} from './rollout';
import { WorkQueue } from './WorkQueue';
import { watchKind } from './informer';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH = 'pod-template-hash';
/** annotations a Deployment does not hand down to its ReplicaSets */
const NOT_COPIED = new Set([
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'kubectl.kubernetes.io/last-applied-configuration',
]);

/** Rolls Deployments out through ReplicaSets, one per pod template, with revisions for undo. */
export function startDeploymentController(
  store: ObjectStore,
  kinds: Kinds,
  events: EventRecorder,
): () => void {
  const queue = new WorkQueue('deployment', key => reconcile(key));

  function reconcile(key: string) {
    const { namespace, name } = splitKey(key);
    const d = store.get(kinds.deployments, namespace, name);
    if (!d || d.metadata.deletionTimestamp) return;
    const desired: number = d.spec?.replicas ?? 1;
    const owned = store
      .list(kinds.replicaSets, {
        namespace,
        labelSelector: selectorToString(d.spec?.selector),
      })
      .items.filter(rs => isOwnedBy(rs, d))
      .sort(byCreation);
    const templateKey = templateIdentity(d.spec?.template);
    let newRs = owned.find(
      rs => templateIdentity(rs.spec?.template) === templateKey,
    );
    const old = owned.filter(rs => rs !== newRs);
    const maxOldRevision = Math.max(0, ...old.map(revisionOf));
    const strategy = d.spec?.strategy?.type ?? 'RollingUpdate';
    const { maxSurge, maxUnavailable } =
      strategy === 'Recreate'
        ? { maxSurge: 0, maxUnavailable: desired }
        : surgeAndUnavailable(desired, d.spec?.strategy?.rollingUpdate);
    let createdNow = false;

    if (d.spec?.paused) {
      // a paused Deployment is only scaled, never rolled
      if (newRs) scaleReplicaSet(newRs, desired, d, maxSurge);
    } else {
      if (!newRs) {
        const initial =
          strategy === 'Recreate'
            ? 0
            : newReplicaSetTarget(
                desired,
                maxSurge,
                { name: '', replicas: 0, available: 0, actual: 0 },
                old.map(counts),
              );
        newRs = createReplicaSet(d, maxOldRevision + 1, initial);
        createdNow = true;
      } else if (revisionOf(newRs) <= maxOldRevision) {
        newRs = bumpRevision(newRs, d, maxOldRevision + 1);
      }
      if (strategy === 'Recreate') rolloutRecreate(d, newRs, old, desired);
      else rolloutRolling(d, newRs, old, desired, maxSurge, maxUnavailable);
    }
    syncDeploymentRevision(d, newRs);
    cleanupHistory(d, old);
    syncStatus(
      key,
      d.metadata.generation,
      newRs,
      old,
      desired,
      maxUnavailable,
      createdNow,
    );
  }

  function createReplicaSet(
    d: KubeObject,
    revision: number,
    replicas: number,
  ): KubeObject {
    const template = clone(d.spec?.template ?? {});
    const collisionCount: number = d.status?.collisionCount ?? 0;
    const hash = shortHash(
      templateIdentity(d.spec?.template) +
        (collisionCount ? `#${collisionCount}` : ''),
    );
    template.metadata = {
      ...(template.metadata ?? {}),
      labels: {
        ...(template.metadata?.labels ?? {}),
        [POD_TEMPLATE_HASH]: hash,
      },
    };
    const selector = clone(d.spec?.selector ?? {});
    selector.matchLabels = {
      ...(selector.matchLabels ?? {}),
      [POD_TEMPLATE_HASH]: hash,
    };
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: template.metadata.labels,
        annotations: {
          ...copiedAnnotations(d),
          [REVISION]: String(revision),
          [DESIRED_REPLICAS]: String(d.spec?.replicas ?? 1),
          [MAX_REPLICAS]: String((d.spec?.replicas ?? 1) + surgeOf(d)),
        },
        ownerReferences: [ownerRefTo(d)],
      },
      spec: {
        replicas,
        minReadySeconds: d.spec?.minReadySeconds ?? 0,
        selector,
        template,
      },
    };
    try {
      const created = store.create(kinds.replicaSets, rs);
      events.record(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`,
      );
      return created;
    } catch (error) {
      if ((error as any)?.status?.code === 409) {
        // a ReplicaSet of that name with another template: hash again with the collision count, as Kubernetes does
        writeStatus(
          store,
          kinds.deployments,
          d.metadata.namespace,
          d.metadata.name!,
          obj => {
            obj.status = {
              ...(obj.status ?? {}),
              collisionCount: collisionCount + 1,
            };
            return true;
          },
        );
      }
      throw error;
    }
  }

  function bumpRevision(
    rs: KubeObject,
    d: KubeObject,
    revision: number,
  ): KubeObject {
    return (
      writeObject(
        store,
        kinds.replicaSets,
        rs.metadata.namespace,
        rs.metadata.name!,
        obj => {
          const annotations = (obj.metadata.annotations ??= {});
          const previous = annotations[REVISION];
          Object.assign(annotations, copiedAnnotations(d));
          annotations[REVISION] = String(revision);
          if (previous) {
            const history = annotations[REVISION_HISTORY]
              ? annotations[REVISION_HISTORY].split(',')
              : [];
            annotations[REVISION_HISTORY] = [...history, previous].join(',');
          }
          return true;
        },
      ) ?? rs
    );
  }

  function scaleReplicaSet(
    rs: KubeObject,
    replicas: number,
    d: KubeObject,
    maxSurge: number,
  ): KubeObject {
    const current = rs.spec?.replicas ?? 0;
    const desiredAnnotation = String(d.spec?.replicas ?? 1);
    const maxAnnotation = String((d.spec?.replicas ?? 1) + maxSurge);
    const annotations = rs.metadata.annotations ?? {};
    if (
      current === replicas &&
      annotations[DESIRED_REPLICAS] === desiredAnnotation &&
      annotations[MAX_REPLICAS] === maxAnnotation
    )
      return rs;
    const updated = writeObject(
      store,
      kinds.replicaSets,
      rs.metadata.namespace,
      rs.metadata.name!,
      obj => {
        obj.spec = { ...(obj.spec ?? {}), replicas };
        obj.metadata.annotations = {
          ...(obj.metadata.annotations ?? {}),
          [DESIRED_REPLICAS]: desiredAnnotation,
          [MAX_REPLICAS]: maxAnnotation,
        };
        return true;
      },
    );
    if (current !== replicas) {
      const verb = replicas > current ? 'up' : 'down';
      events.record(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${verb} replica set ${rs.metadata.name} from ${current} to ${replicas}`,
      );
    }
    return updated ?? rs;
  }

  function rolloutRolling(
    d: KubeObject,
    newRs: KubeObject,
    old: KubeObject[],
    desired: number,
    maxSurge: number,
    maxUnavailable: number,
  ) {
    const all = [counts(newRs), ...old.map(counts)];
    const newTarget = newReplicaSetTarget(
      desired,
      maxSurge,
      counts(newRs),
      all,
    );
    const scaledNew = scaleReplicaSet(newRs, newTarget, d, maxSurge);
    const oldTargets = oldReplicaSetTargets(
      desired,
      maxUnavailable,
      counts(scaledNew),
      old.map(counts),
    );
    for (const rs of old)
      scaleReplicaSet(rs, oldTargets.get(rs.metadata.name!) ?? 0, d, maxSurge);
  }

  function rolloutRecreate(
    d: KubeObject,
    newRs: KubeObject,
    old: KubeObject[],
    desired: number,
  ) {
    for (const rs of old) scaleReplicaSet(rs, 0, d, 0);
    const oldPodsRemain = old.some(
      rs => (rs.status?.replicas ?? 0) > 0 || (rs.spec?.replicas ?? 0) > 0,
    );
    if (!oldPodsRemain) scaleReplicaSet(newRs, desired, d, 0);
  }

  function syncDeploymentRevision(
    d: KubeObject,
    newRs: KubeObject | undefined,
  ) {
    const revision = newRs?.metadata.annotations?.[REVISION];
    if (!revision || d.metadata.annotations?.[REVISION] === revision) return;
    writeObject(
      store,
      kinds.deployments,
      d.metadata.namespace,
      d.metadata.name!,
      obj => {
        if (obj.metadata.annotations?.[REVISION] === revision) return false;
        obj.metadata.annotations = {
          ...(obj.metadata.annotations ?? {}),
          [REVISION]: revision,
        };
        return true;
      },
    );
  }

  function cleanupHistory(d: KubeObject, old: KubeObject[]) {
    const limit: number = d.spec?.revisionHistoryLimit ?? 10;
    const idle = old
      .filter(
        rs =>
          (rs.spec?.replicas ?? 0) === 0 &&
          (rs.status?.replicas ?? 0) === 0 &&
          !rs.metadata.deletionTimestamp,
      )
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
      deleteQuietly(
        store,
        kinds.replicaSets,
        rs.metadata.namespace,
        rs.metadata.name!,
      );
    }
  }

  function syncStatus(
    key: string,
    generation: number | undefined,
    newRs: KubeObject | undefined,
    old: KubeObject[],
    desired: number,
    maxUnavailable: number,
    createdNow: boolean,
  ) {
    const { namespace, name } = splitKey(key);
    const all = newRs ? [newRs, ...old] : old;
    const sum = (f: (rs: KubeObject) => number) =>
      all.reduce((total, rs) => total + f(rs), 0);
    const replicas = sum(rs => rs.status?.replicas ?? 0);
    const updatedReplicas = newRs?.status?.replicas ?? 0;
    const readyReplicas = sum(rs => rs.status?.readyReplicas ?? 0);
    const availableReplicas = sum(rs => rs.status?.availableReplicas ?? 0);
    writeStatus(store, kinds.deployments, namespace, name, d => {
      const before = stableStringify(d.status ?? {});
      const prev = d.status ?? {};
      const status: any = {
        ...prev,
        // the generation this pass acted on, not a newer one written meanwhile
        observedGeneration: generation,
        replicas,
        updatedReplicas,
        readyReplicas,
        availableReplicas,
        unavailableReplicas: Math.max(0, desired - availableReplicas),
      };
      for (const field of [
        'replicas',
        'updatedReplicas',
        'readyReplicas',
        'availableReplicas',
        'unavailableReplicas',
      ]) {
        if (status[field] === 0) delete status[field]; // the API omits zero counts
      }
      status.conditions = clone(prev.conditions ?? []);
      setCondition(
        status,
        availableReplicas >= desired - maxUnavailable
          ? {
              type: 'Available',
              status: 'True',
              reason: 'MinimumReplicasAvailable',
              message: 'Deployment has minimum availability.',
            }
          : {
              type: 'Available',
              status: 'False',
              reason: 'MinimumReplicasUnavailable',
              message: 'Deployment does not have minimum availability.',
            },
        true,
      );
      const rsName = newRs?.metadata.name ?? name;
      const complete =
        updatedReplicas === desired &&
        replicas === desired &&
        availableReplicas === desired &&
        !d.spec?.paused;
      const progressed =
        updatedReplicas > (prev.updatedReplicas ?? 0) ||
        replicas < (prev.replicas ?? 0) ||
        readyReplicas > (prev.readyReplicas ?? 0) ||
        availableReplicas > (prev.availableReplicas ?? 0);
      const progressing = getCondition(d, 'Progressing');
      const deadline: number = d.spec?.progressDeadlineSeconds ?? 600;
      if (d.spec?.paused) {
        setCondition(
          status,
          {
            type: 'Progressing',
            status: 'Unknown',
            reason: 'DeploymentPaused',
            message: 'Deployment is paused',
          },
          true,
        );
      } else if (complete) {
        setCondition(
          status,
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
            message: `ReplicaSet "${rsName}" has successfully progressed.`,
          },
          true,
        );
      } else if (createdNow) {
        setCondition(
          status,
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetCreated',
            message: `Created new replica set "${rsName}"`,
          },
          true,
        );
        queue.addAfter(key, deadline * 1000);
      } else if (
        progressed ||
        !progressing ||
        progressing.reason === 'NewReplicaSetAvailable' ||
        progressing.reason === 'DeploymentPaused'
      ) {
        const changed = setCondition(
          status,
          {
            type: 'Progressing',
            status: 'True',
            reason: 'ReplicaSetUpdated',
            message: `ReplicaSet "${rsName}" is progressing.`,
          },
          true,
        );
        if (!changed)
          status.conditions.find(
            (c: any) => c.type === 'Progressing',
          ).lastUpdateTime = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        queue.addAfter(key, deadline * 1000);
      } else if (progressing.reason !== 'ProgressDeadlineExceeded') {
        const since = Date.parse(
          progressing.lastUpdateTime ?? progressing.lastTransitionTime ?? '',
        );
        if (Date.now() - since >= deadline * 1000) {
          setCondition(
            status,
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: `ReplicaSet "${rsName}" has timed out progressing.`,
            },
            true,
          );
        } else {
          queue.addAfter(key, since + deadline * 1000 - Date.now() + 10);
        }
      }
      d.status = status;
      return stableStringify(status) !== before;
    });
  }

  const stopDeployments = watchKind(store, kinds.deployments, (_type, d) =>
    queue.add(keyOf(d)),
  );
  const stopRs = watchKind(store, kinds.replicaSets, (_type, rs) => {
    const ref = controllerRef(rs);
    if (ref?.kind === 'Deployment')
      queue.add(objectKey(rs.metadata.namespace, ref.name));
  });
  return () => {
    stopDeployments();
    stopRs();
    queue.stop();
  };
}

/** A pod template's identity, ignoring the pod-template-hash label its ReplicaSet adds. */
export function templateIdentity(template: any): string {
  const copy = clone(template ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH];
  if (copy.metadata && copy.metadata.creationTimestamp === null)
    delete copy.metadata.creationTimestamp;
  return stableStringify(copy);
}

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
}

function counts(rs: KubeObject): RsCounts {
  return {
    name: rs.metadata.name!,
    replicas: rs.spec?.replicas ?? 0,
    available: rs.status?.availableReplicas ?? 0,
    actual: rs.status?.replicas ?? 0,
  };
}

function byCreation(a: KubeObject, b: KubeObject): number {
  return (
    (a.metadata.creationTimestamp ?? '').localeCompare(
      b.metadata.creationTimestamp ?? '',
    ) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')
  );
}

function copiedAnnotations(d: KubeObject): Record<string, string> {
  return Object.fromEntries(
    Object.entries(d.metadata.annotations ?? {}).filter(
      ([k]) => !NOT_COPIED.has(k),
    ),
  );
}

function surgeOf(d: KubeObject): number {
  if (d.spec?.strategy?.type === 'Recreate') return 0;
  return surgeAndUnavailable(
    d.spec?.replicas ?? 1,
    d.spec?.strategy?.rollingUpdate,
  ).maxSurge;
}
