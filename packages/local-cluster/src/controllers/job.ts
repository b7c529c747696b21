import type { KubeObject, ObjectStore } from '../store/types';
import type { EventRecorder } from './events';
import type { Kinds } from './kinds';
import {
  controllerRef,
  deleteQuietly,
  getCondition,
  isOwnedBy,
  isPodReady,
  keyOf,
  nowIso,
  objectKey,
  setCondition,
  splitKey,
  stableStringify,
  writeObject,
  writeStatus,
} from './objects';
import { podFromTemplate } from './replicaset';
import { WorkQueue } from './WorkQueue';
import { watchKind } from './informer';

export const JOB_NAME_LABEL = 'job-name';
export const BATCH_JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const CONTROLLER_UID_LABEL = 'controller-uid';
export const BATCH_CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';

/** Runs a Job's pods until `completions` succeed or more than `backoffLimit` fail. */
export function startJobController(
  store: ObjectStore,
  kinds: Kinds,
  events: EventRecorder,
): () => void {
  const queue = new WorkQueue('job', key => reconcile(key));
  // when each Job's latest pod failure was noticed (pod timestamps have second precision only)
  const failuresSeen = new Map<string, { failed: number; at: number }>();
  const failureSeenAt = (job: KubeObject, failed: number) => {
    const seen = failuresSeen.get(job.metadata.uid!);
    if (seen && seen.failed === failed) return seen.at;
    const at = failed === 0 ? 0 : Date.now();
    failuresSeen.set(job.metadata.uid!, { failed, at });
    return at;
  };
  const finished = (job: KubeObject) =>
    getCondition(job, 'Complete')?.status === 'True' ||
    getCondition(job, 'Failed')?.status === 'True';

  function reconcile(key: string) {
    const { namespace, name } = splitKey(key);
    let job = store.get(kinds.jobs, namespace, name);
    if (!job || job.metadata.deletionTimestamp) return;
    job = ensureSelector(job);
    if (finished(job)) {
      failuresSeen.delete(job.metadata.uid!);
      scheduleTtl(job);
      return;
    }
    const pods = store
      .list(kinds.pods, {
        namespace,
        labelSelector: `${CONTROLLER_UID_LABEL}=${job.metadata.uid}`,
      })
      .items.filter(p => isOwnedBy(p, job!));
    const succeeded = pods.filter(p => p.status?.phase === 'Succeeded').length;
    const failedPods = pods.filter(p => p.status?.phase === 'Failed').length;
    // OnFailure pods restart in place: their restarts count as failures, as in Kubernetes
    const restarts = pods.reduce(
      (sum, p) =>
        sum +
        (p.status?.containerStatuses ?? []).reduce(
          (s: number, c: any) => s + (c.restartCount ?? 0),
          0,
        ),
      0,
    );
    const failed = failedPods + restarts;
    const active = pods.filter(
      p =>
        !p.metadata.deletionTimestamp &&
        p.status?.phase !== 'Succeeded' &&
        p.status?.phase !== 'Failed',
    );
    const completions: number | undefined =
      job.spec?.completions ??
      (job.spec?.parallelism === undefined ? 1 : undefined);
    const parallelism: number = job.spec?.parallelism ?? 1;
    const backoffLimit: number = job.spec?.backoffLimit ?? 6;
    const suspended = !!job.spec?.suspend;
    const startTime: string = job.status?.startTime ?? nowIso();
    const deadline: number | undefined = job.spec?.activeDeadlineSeconds;

    let outcome:
      | { type: 'Complete' | 'Failed'; reason?: string; message?: string }
      | undefined;
    if (failed > backoffLimit) {
      outcome = {
        type: 'Failed',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
      };
    } else if (
      deadline !== undefined &&
      Date.now() - Date.parse(startTime) >= deadline * 1000
    ) {
      outcome = {
        type: 'Failed',
        reason: 'DeadlineExceeded',
        message: 'Job was active longer than specified deadline',
      };
    } else if (
      completions !== undefined
        ? succeeded >= completions
        : succeeded > 0 && active.length === 0
    ) {
      outcome = { type: 'Complete' };
    }

    if (outcome) {
      for (const pod of active)
        deleteQuietly(store, kinds.pods, namespace, pod.metadata.name!);
    } else if (suspended) {
      for (const pod of active)
        deleteQuietly(store, kinds.pods, namespace, pod.metadata.name!);
    } else {
      const remaining =
        completions !== undefined ? completions - succeeded : parallelism;
      const wanted = Math.max(0, Math.min(parallelism, remaining));
      const missing = wanted - active.length;
      const backoff =
        failedPods > 0 ? Math.min(10_000, 500 * 2 ** (failedPods - 1)) : 0;
      const wait = failureSeenAt(job, failedPods) + backoff - Date.now();
      if (missing > 0 && wait > 0) {
        queue.addAfter(key, wait);
      } else {
        for (let i = 0; i < missing; i++) {
          const labels = {
            [CONTROLLER_UID_LABEL]: job.metadata.uid!,
            [BATCH_CONTROLLER_UID_LABEL]: job.metadata.uid!,
            [JOB_NAME_LABEL]: job.metadata.name!,
            [BATCH_JOB_NAME_LABEL]: job.metadata.name!,
          };
          const pod = store.create(kinds.pods, podFromTemplate(job, labels));
          events.record(
            job,
            'Normal',
            'SuccessfulCreate',
            `Created pod: ${pod.metadata.name}`,
          );
        }
      }
      if (deadline !== undefined)
        queue.addAfter(
          key,
          Date.parse(startTime) + deadline * 1000 - Date.now() + 10,
        );
    }

    const updated = writeStatus(store, kinds.jobs, namespace, name, obj => {
      const before = stableStringify(obj.status ?? {});
      const status: any = { ...(obj.status ?? {}), startTime };
      const stillActive = outcome || suspended ? 0 : active.length;
      status.active = stillActive || undefined;
      status.ready = active.filter(isPodReady).length;
      status.succeeded = succeeded || undefined;
      status.failed = failed || undefined;
      status.terminating = 0;
      if (outcome?.type === 'Complete') {
        status.completionTime ??= nowIso();
        setCondition(status, {
          type: 'SuccessCriteriaMet',
          status: 'True',
          reason: 'CompletionsReached',
          message: 'Reached expected number of succeeded pods',
        });
        setCondition(status, {
          type: 'Complete',
          status: 'True',
          reason: 'CompletionsReached',
          message: 'Reached expected number of succeeded pods',
        });
      } else if (outcome?.type === 'Failed') {
        setCondition(status, {
          type: 'FailureTarget',
          status: 'True',
          reason: outcome.reason,
          message: outcome.message,
        });
        setCondition(status, {
          type: 'Failed',
          status: 'True',
          reason: outcome.reason,
          message: outcome.message,
        });
      } else if (suspended) {
        setCondition(status, {
          type: 'Suspended',
          status: 'True',
          reason: 'JobSuspended',
          message: 'Job suspended',
        });
      } else if (getCondition(obj, 'Suspended')) {
        setCondition(status, {
          type: 'Suspended',
          status: 'False',
          reason: 'JobResumed',
          message: 'Job resumed',
        });
      }
      obj.status = JSON.parse(JSON.stringify(status));
      return stableStringify(obj.status) !== before;
    });
    if (outcome && updated) {
      if (outcome.type === 'Complete')
        events.record(updated, 'Normal', 'Completed', 'Job completed');
      else events.record(updated, 'Warning', outcome.reason!, outcome.message!);
      scheduleTtl(updated);
    }
  }

  /** The API server defaults a Job's selector and pod labels to its uid; do it if it did not. */
  function ensureSelector(job: KubeObject): KubeObject {
    const labels = job.spec?.template?.metadata?.labels ?? {};
    if (job.spec?.selector && labels[CONTROLLER_UID_LABEL]) return job;
    return (
      writeObject(
        store,
        kinds.jobs,
        job.metadata.namespace,
        job.metadata.name!,
        obj => {
          const templateLabels = {
            ...(obj.spec?.template?.metadata?.labels ?? {}),
            [CONTROLLER_UID_LABEL]: obj.metadata.uid!,
            [BATCH_CONTROLLER_UID_LABEL]: obj.metadata.uid!,
            [JOB_NAME_LABEL]: obj.metadata.name!,
            [BATCH_JOB_NAME_LABEL]: obj.metadata.name!,
          };
          obj.spec = {
            ...(obj.spec ?? {}),
            selector: obj.spec?.selector ?? {
              matchLabels: { [BATCH_CONTROLLER_UID_LABEL]: obj.metadata.uid! },
            },
            template: {
              ...(obj.spec?.template ?? {}),
              metadata: {
                ...(obj.spec?.template?.metadata ?? {}),
                labels: templateLabels,
              },
            },
          };
          return true;
        },
      ) ?? job
    );
  }

  function scheduleTtl(job: KubeObject) {
    const ttl: number | undefined = job.spec?.ttlSecondsAfterFinished;
    if (ttl === undefined) return;
    const finishedAt = Date.parse(
      job.status?.completionTime ??
        getCondition(job, 'Failed')?.lastTransitionTime ??
        '',
    );
    if (Number.isNaN(finishedAt)) return;
    const due = finishedAt + ttl * 1000 - Date.now();
    if (due > 0) queue.addAfter(keyOf(job), due + 10);
    else
      store.delete(kinds.jobs, job.metadata.namespace, job.metadata.name!, {
        propagationPolicy: 'Background',
      });
  }

  const stopJobs = watchKind(store, kinds.jobs, (_type, job) =>
    queue.add(keyOf(job)),
  );
  const stopPods = watchKind(store, kinds.pods, (_type, pod) => {
    const ref = controllerRef(pod);
    if (ref?.kind === 'Job')
      queue.add(objectKey(pod.metadata.namespace, ref.name));
  });
  return () => {
    stopJobs();
    stopPods();
    queue.stop();
  };
}
