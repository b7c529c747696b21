import type { KubeObject, ObjectStore } from '../store/types';
import type { EventRecorder } from './events';
import type { Kinds } from './kinds';
import {
  controllerRef,
  deleteQuietly,
  getCondition,
  isOwnedBy,
  keyOf,
  objectKey,
  ownerRefTo,
  splitKey,
  stableStringify,
  writeStatus,
  clone,
} from './objects';
import { latestRun, nextRun, parseCron } from './cron';
import { WorkQueue } from './WorkQueue';
import { watchKind } from './informer';

const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** Creates a CronJob's Jobs on its schedule, honouring concurrencyPolicy, suspend and history limits. */
export function startCronJobController(
  store: ObjectStore,
  kinds: Kinds,
  events: EventRecorder,
): () => void {
  const queue = new WorkQueue('cronjob', key => reconcile(key));

  function reconcile(key: string) {
    const { namespace, name } = splitKey(key);
    const cj = store.get(kinds.cronJobs, namespace, name);
    if (!cj || cj.metadata.deletionTimestamp) return;
    let schedule;
    try {
      schedule = parseCron(String(cj.spec?.schedule ?? ''));
    } catch (error) {
      events.record(
        cj,
        'Warning',
        'UnparseableSchedule',
        (error as Error).message,
      );
      return;
    }
    const jobs = store
      .list(kinds.jobs, { namespace })
      .items.filter(j => isOwnedBy(j, cj));
    const isFinished = (j: KubeObject) =>
      getCondition(j, 'Complete')?.status === 'True' ||
      getCondition(j, 'Failed')?.status === 'True';
    let active = jobs.filter(j => !isFinished(j));
    const now = new Date();
    const since = new Date(
      cj.status?.lastScheduleTime ??
        cj.metadata.creationTimestamp ??
        now.toISOString(),
    );
    const due = cj.spec?.suspend ? undefined : latestRun(schedule, since, now);
    let lastScheduleTime: string | undefined;

    if (due) {
      const deadline: number | undefined = cj.spec?.startingDeadlineSeconds;
      const tooLate =
        deadline !== undefined &&
        now.getTime() - due.getTime() > deadline * 1000;
      const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
      if (tooLate) {
        events.record(
          cj,
          'Warning',
          'MissSchedule',
          `Missed scheduled time to start a job: ${due.toISOString()}`,
        );
        lastScheduleTime = iso(due);
      } else if (policy === 'Forbid' && active.length > 0) {
        // retried when the active job finishes (job events requeue this CronJob)
      } else {
        if (policy === 'Replace') {
          for (const job of active) {
            deleteQuietly(store, kinds.jobs, namespace, job.metadata.name!);
            events.record(
              cj,
              'Normal',
              'SuccessfulDelete',
              `Deleted job ${job.metadata.name}`,
            );
          }
          active = [];
        }
        const jobName = `${name}-${Math.floor(due.getTime() / 60_000)}`;
        if (!store.get(kinds.jobs, namespace, jobName)) {
          const template = clone(cj.spec?.jobTemplate ?? {});
          const created = store.create(kinds.jobs, {
            apiVersion: 'batch/v1',
            kind: 'Job',
            metadata: {
              name: jobName,
              namespace,
              labels: template.metadata?.labels ?? {},
              annotations: {
                ...(template.metadata?.annotations ?? {}),
                [SCHEDULED_TIMESTAMP]: due.toISOString(),
              },
              ownerReferences: [ownerRefTo(cj)],
            },
            spec: template.spec ?? {},
          });
          active.push(created);
          events.record(
            cj,
            'Normal',
            'SuccessfulCreate',
            `Created job ${jobName}`,
          );
        }
        lastScheduleTime = iso(due);
      }
    }

    // history limits, oldest first
    const byTime = (a: KubeObject, b: KubeObject) =>
      (a.metadata.creationTimestamp ?? '').localeCompare(
        b.metadata.creationTimestamp ?? '',
      );
    const succeeded = jobs
      .filter(j => getCondition(j, 'Complete')?.status === 'True')
      .sort(byTime);
    const failed = jobs
      .filter(j => getCondition(j, 'Failed')?.status === 'True')
      .sort(byTime);
    const prune = (list: KubeObject[], limit: number) => {
      for (const job of list.slice(0, Math.max(0, list.length - limit))) {
        deleteQuietly(store, kinds.jobs, namespace, job.metadata.name!);
        events.record(
          cj,
          'Normal',
          'SawCompletedJob',
          `Deleted job ${job.metadata.name}`,
        );
      }
    };
    prune(succeeded, cj.spec?.successfulJobsHistoryLimit ?? 3);
    prune(failed, cj.spec?.failedJobsHistoryLimit ?? 1);

    writeStatus(store, kinds.cronJobs, namespace, name, obj => {
      const before = stableStringify(obj.status ?? {});
      const status: any = { ...(obj.status ?? {}) };
      if (lastScheduleTime) status.lastScheduleTime = lastScheduleTime;
      const lastSuccess = succeeded
        .map(j => j.status?.completionTime)
        .filter(Boolean)
        .sort()
        .pop();
      if (lastSuccess) status.lastSuccessfulTime = lastSuccess;
      if (active.length) {
        status.active = active.map(j => ({
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: j.metadata.name,
          namespace,
          uid: j.metadata.uid,
          resourceVersion: j.metadata.resourceVersion,
        }));
      } else delete status.active;
      obj.status = status;
      return stableStringify(obj.status) !== before;
    });

    const next = cj.spec?.suspend ? undefined : nextRun(schedule, now);
    if (next)
      queue.addAfter(
        key,
        Math.min(next.getTime() - Date.now() + 50, 2 ** 31 - 1),
      );
  }

  const stopCronJobs = watchKind(store, kinds.cronJobs, (_type, cj) =>
    queue.add(keyOf(cj)),
  );
  const stopJobs = watchKind(store, kinds.jobs, (_type, job) => {
    const ref = controllerRef(job);
    if (ref?.kind === 'CronJob')
      queue.add(objectKey(job.metadata.namespace, ref.name));
  });
  return () => {
    stopCronJobs();
    stopJobs();
    queue.stop();
  };
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
