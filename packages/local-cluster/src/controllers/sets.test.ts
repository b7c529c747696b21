import { CoreTypes } from '../store/builtinTypes';
import type { KubeObject } from '../store/types';
import { startTestCluster, TestCluster, waitFor } from './testing';

jest.setTimeout(60_000);
const T = CoreTypes;

const pauseTemplate = (app: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.9' }] },
});

describe('StatefulSet, DaemonSet and CronJob controllers', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster.stop();
  });

  it('creates StatefulSet pods with ordinal names in order, scales down from the top, rolls updates', async () => {
    cluster.store.create(T.statefulSet, {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        replicas: 3,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: pauseTemplate('db'),
      },
    });
    const ready = await waitFor('3 ready', () => {
      const s = cluster.store.get(T.statefulSet, 'default', 'db');
      return s?.status?.readyReplicas === 3 && s;
    });
    expect(ready.status.currentRevision).toBe(ready.status.updateRevision);
    const pods = cluster.store.list(T.pod, {
      namespace: 'default',
      labelSelector: 'app=db',
    }).items;
    expect(pods.map(p => p.metadata.name).sort()).toEqual([
      'db-0',
      'db-1',
      'db-2',
    ]);
    const byName = Object.fromEntries(pods.map(p => [p.metadata.name, p]));
    // ordered: each pod was created after the previous one was ready
    expect(
      byName['db-0'].metadata.creationTimestamp <=
        byName['db-1'].metadata.creationTimestamp,
    ).toBe(true);
    expect(byName['db-1'].spec.hostname).toBe('db-1');

    const sts = cluster.store.get(T.statefulSet, 'default', 'db')!;
    sts.spec.replicas = 2;
    sts.spec.template.metadata.labels.version = 'two';
    cluster.store.update(T.statefulSet, sts);
    const rolled = await waitFor('rolled to 2 updated replicas', () => {
      const s = cluster.store.get(T.statefulSet, 'default', 'db');
      return (
        s?.status?.updatedReplicas === 2 &&
        s.status.readyReplicas === 2 &&
        s.status.replicas === 2 &&
        s.status.currentRevision === s.status.updateRevision &&
        s
      );
    });
    expect(rolled.status.updateRevision).not.toBe(ready.status.updateRevision);
    const after = cluster.store.list(T.pod, {
      namespace: 'default',
      labelSelector: 'app=db',
    }).items;
    expect(after.map(p => p.metadata.name).sort()).toEqual(['db-0', 'db-1']);
    expect(after.every(p => p.metadata.labels?.version === 'two')).toBe(true);
  });

  it('runs one DaemonSet pod on the node and replaces it on a template change', async () => {
    cluster.store.create(T.daemonSet, {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: pauseTemplate('agent'),
      },
    });
    await waitFor(
      'daemon ready',
      () =>
        cluster.store.get(T.daemonSet, 'default', 'agent')?.status
          ?.numberReady === 1,
    );
    const [first] = cluster.store.list(T.pod, {
      namespace: 'default',
      labelSelector: 'app=agent',
    }).items;
    expect(first.spec.nodeName).toBe('local-node');
    const ds = cluster.store.get(T.daemonSet, 'default', 'agent')!;
    ds.spec.template.metadata.labels.version = 'two';
    cluster.store.update(T.daemonSet, ds);
    const pod = await waitFor('a new daemon pod', () => {
      const pods = cluster.store.list(T.pod, {
        namespace: 'default',
        labelSelector: 'app=agent',
      }).items;
      return (
        pods.length === 1 &&
        pods[0].metadata.name !== first.metadata.name &&
        pods[0].status?.phase === 'Running' &&
        pods[0]
      );
    });
    expect(pod.metadata.labels?.version).toBe('two');
    const status = await waitFor('daemon status', () => {
      const s = cluster.store.get(T.daemonSet, 'default', 'agent');
      return (
        s?.status?.updatedNumberScheduled === 1 &&
        s.status.numberAvailable === 1 &&
        s.status.observedGeneration === s.metadata.generation &&
        s
      );
    });
    expect(status.status.desiredNumberScheduled).toBe(1);
  });

  it('creates a Job for a due CronJob schedule', async () => {
    // created "two minutes ago" so that the every-minute schedule is due at once
    const cronJob: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick', namespace: 'default' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: 'Never',
                containers: [
                  {
                    name: 'c',
                    image: 'busybox',
                    command: ['sh', '-c', 'echo tick'],
                  },
                ],
              },
            },
          },
        },
      },
    };
    const created = cluster.store.create(T.cronJob, cronJob);
    created.status = {
      lastScheduleTime: new Date(Date.now() - 120_000)
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
    };
    cluster.store.updateStatus(T.cronJob, created);
    const job = await waitFor('a job of the cronjob', () =>
      cluster.store
        .list(T.job, { namespace: 'default' })
        .items.find(j => j.metadata.ownerReferences?.[0]?.name === 'tick'),
    );
    expect(job.metadata.name).toMatch(/^tick-\d+$/);
    await waitFor('job complete', () =>
      cluster.store
        .get(T.job, 'default', job.metadata.name!)
        ?.status?.conditions?.some((c: any) => c.type === 'Complete'),
    );
    const cj = await waitFor('cronjob status', () => {
      const c = cluster.store.get(T.cronJob, 'default', 'tick');
      return c?.status?.lastSuccessfulTime && c;
    });
    expect(cj.status.active).toBeUndefined();
  });
});
