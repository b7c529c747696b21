import { CoreTypes } from '../store/builtinTypes';
import type { KubeObject } from '../store/types';
import {
  httpGet,
  readAll,
  startTestCluster,
  TestCluster,
  waitFor,
} from './testing';
import { POD_TEMPLATE_HASH, REVISION, REVISION_HISTORY } from './deployment';
import { PROXY_PORT_ANNOTATION } from '../network/Network';

jest.setTimeout(60_000);

const T = CoreTypes;

function webDeployment(tag: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [
            {
              name: 'app',
              image: `demo-app:${tag}`,
              ports: [{ name: 'http', containerPort: 8080 }],
              readinessProbe: {
                httpGet: { path: '/healthz', port: 'http' },
                periodSeconds: 1,
              },
            },
          ],
        },
      },
    },
  };
}

const webService: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    selector: { app: 'web' },
    ports: [{ name: 'http', port: 80, targetPort: 'http' }],
  },
};

function rolledOut(cluster: TestCluster) {
  const d = cluster.store.get(T.deployment, 'default', 'web')!;
  const progressing = d.status?.conditions?.find(
    (c: any) => c.type === 'Progressing',
  );
  return (
    d.status?.observedGeneration === d.metadata.generation &&
    d.status?.updatedReplicas === d.spec.replicas &&
    d.status?.replicas === d.spec.replicas &&
    d.status?.availableReplicas === d.spec.replicas &&
    progressing?.reason === 'NewReplicaSetAvailable' &&
    d
  );
}

function replicaSets(cluster: TestCluster): KubeObject[] {
  return cluster.store.list(T.replicaSet, {
    namespace: 'default',
    labelSelector: 'app=web',
  }).items;
}

describe('workload controllers with real processes', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster.stop();
  });

  it('rolls a Deployment out, serves it through its Service, updates it and undoes the update', async () => {
    cluster.store.create(T.service, webService);
    cluster.store.create(T.deployment, webDeployment('1.0.0'));
    const first = await waitFor('first rollout', () => rolledOut(cluster));
    expect(first.metadata.annotations?.[REVISION]).toBe('1');
    expect(
      first.status.conditions.find((c: any) => c.type === 'Available').status,
    ).toBe('True');

    const port = await waitFor(
      'proxy port annotation',
      () =>
        cluster.store.get(T.service, 'default', 'web')?.metadata.annotations?.[
          PROXY_PORT_ANNOTATION
        ],
    );
    const hello = await waitFor('an answer through the service', async () => {
      const res = await httpGet(`http://127.0.0.1:${port}/`);
      return res.status === 200 && JSON.parse(res.body);
    });
    expect(hello.version).toBe('1.0.0');

    // update: a new ReplicaSet with revision 2 replaces the first one
    const current = cluster.store.get(T.deployment, 'default', 'web')!;
    current.spec.template.spec.containers[0].image = 'demo-app:1.1.0';
    cluster.store.update(T.deployment, current);
    const second = await waitFor('second rollout', () => {
      const d = rolledOut(cluster);
      return d && d.metadata.annotations?.[REVISION] === '2' && d;
    });
    expect(second.status.updatedReplicas).toBe(2);
    const afterUpdate = replicaSets(cluster);
    expect(afterUpdate).toHaveLength(2);
    const oldRs = afterUpdate.find(
      rs => rs.metadata.annotations?.[REVISION] === '1',
    )!;
    const newRs = afterUpdate.find(
      rs => rs.metadata.annotations?.[REVISION] === '2',
    )!;
    expect(oldRs.spec.replicas).toBe(0);
    expect(newRs.spec.replicas).toBe(2);
    expect(newRs.metadata.name).toBe(
      `web-${newRs.spec.template.metadata.labels[POD_TEMPLATE_HASH]}`,
    );
    const upgraded = await waitFor('traffic on 1.1.0 only', async () => {
      const versions = new Set<string>();
      for (let i = 0; i < 6; i++)
        versions.add(
          JSON.parse((await httpGet(`http://127.0.0.1:${port}/`)).body).version,
        );
      return versions.size === 1 && versions.has('1.1.0') && [...versions];
    });
    expect(upgraded).toEqual(['1.1.0']);

    // undo, as kubectl does it: the template of revision 1 goes back into the Deployment
    const undo = cluster.store.get(T.deployment, 'default', 'web')!;
    const template = JSON.parse(JSON.stringify(oldRs.spec.template));
    delete template.metadata.labels[POD_TEMPLATE_HASH];
    undo.spec.template = template;
    cluster.store.update(T.deployment, undo);
    const third = await waitFor('rollback', () => {
      const d = rolledOut(cluster);
      return d && d.metadata.annotations?.[REVISION] === '3' && d;
    });
    expect(third.status.availableReplicas).toBe(2);
    const afterUndo = replicaSets(cluster);
    expect(afterUndo.map(rs => rs.metadata.name).sort()).toEqual(
      [oldRs.metadata.name, newRs.metadata.name].sort(),
    );
    const reused = afterUndo.find(
      rs => rs.metadata.name === oldRs.metadata.name,
    )!;
    expect(reused.metadata.annotations?.[REVISION]).toBe('3');
    expect(reused.metadata.annotations?.[REVISION_HISTORY]).toBe('1');
    expect(reused.spec.replicas).toBe(2);

    const events = cluster.store.list(T.event, { namespace: 'default' }).items;
    expect(
      events.some(
        e =>
          e.reason === 'ScalingReplicaSet' && e.involvedObject.name === 'web',
      ),
    ).toBe(true);
    expect(
      events.some(
        e => e.reason === 'Started' && e.involvedObject.kind === 'Pod',
      ),
    ).toBe(true);
    expect(events.some(e => e.reason === 'Scheduled')).toBe(true);
  });

  it('restarts a killed container and replaces a deleted pod', async () => {
    cluster.store.create(T.replicaSet, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'solo', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'solo' } },
        template: {
          metadata: { labels: { app: 'solo' } },
          spec: {
            terminationGracePeriodSeconds: 1,
            containers: [
              {
                name: 'app',
                image: 'demo-app:1.0.0',
                ports: [{ containerPort: 8080 }],
              },
            ],
          },
        },
      },
    });
    const pod = await waitFor('a ready solo pod', () =>
      cluster.store
        .list(T.pod, { namespace: 'default', labelSelector: 'app=solo' })
        .items.find(p => p.status?.containerStatuses?.[0]?.ready),
    );
    await waitFor(
      'the pod answering',
      async () =>
        (await httpGet(`http://${pod.status.podIP}:8080/healthz`)).status ===
        200,
    );
    const pid = processOfPod(pod.metadata.uid!);
    process.kill(pid, 'SIGKILL');
    const restarted = await waitFor('a restart', () => {
      const p = cluster.store.get(T.pod, 'default', pod.metadata.name!);
      const c = p?.status?.containerStatuses?.[0];
      return c?.restartCount === 1 && c.ready && p;
    });
    expect(
      restarted.status.containerStatuses[0].lastState.terminated.exitCode,
    ).toBe(137);
    expect(
      restarted.status.containerStatuses[0].lastState.terminated.reason,
    ).toBe('Error');

    cluster.store.delete(T.pod, 'default', pod.metadata.name!);
    const replacement = await waitFor('a replacement pod', () =>
      cluster.store
        .list(T.pod, { namespace: 'default', labelSelector: 'app=solo' })
        .items.find(
          p =>
            p.metadata.name !== pod.metadata.name &&
            p.status?.containerStatuses?.[0]?.ready,
        ),
    );
    expect(replacement.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'ReplicaSet',
      name: 'solo',
      controller: true,
    });
    await waitFor(
      'the old process gone',
      () => !processExists(pid) && !findProcessOfPod(pod.metadata.uid!),
    );
  });

  it('runs a Job to completion and keeps its logs; a failing Job hits its backoff limit', async () => {
    cluster.store.create(T.job, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'hello', namespace: 'default' },
      spec: {
        completions: 2,
        parallelism: 2,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [
              {
                name: 'main',
                image: 'busybox',
                command: ['sh', '-c', 'echo hello from $POD_NAME; echo done'],
              },
            ],
          },
        },
      },
    });
    const job = await waitFor('job completion', () => {
      const j = cluster.store.get(T.job, 'default', 'hello');
      return (
        j?.status?.conditions?.some(
          (c: any) => c.type === 'Complete' && c.status === 'True',
        ) && j
      );
    });
    expect(job.status.succeeded).toBe(2);
    expect(job.status.completionTime).toBeDefined();
    const pods = cluster.store.list(T.pod, {
      namespace: 'default',
      labelSelector: 'job-name=hello',
    }).items;
    expect(pods).toHaveLength(2);
    expect(pods.every(p => p.status.phase === 'Succeeded')).toBe(true);
    const log = await readAll(
      cluster.controllers.logs.read('default', pods[0].metadata.name!, {})!,
    );
    expect(log).toBe(`hello from ${pods[0].metadata.name}\ndone\n`);
    expect(
      await readAll(
        cluster.controllers.logs.read('default', pods[0].metadata.name!, {
          tailLines: 1,
        })!,
      ),
    ).toBe('done\n');
    expect(
      cluster.controllers.logs.read('default', pods[0].metadata.name!, {
        container: 'nope',
      }),
    ).toBeUndefined();
    expect(
      cluster.controllers.logs.read('default', 'no-such-pod', {}),
    ).toBeUndefined();

    cluster.store.create(T.job, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'broken', namespace: 'default' },
      spec: {
        backoffLimit: 1,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [
              {
                name: 'main',
                image: 'busybox',
                command: ['sh', '-c', 'exit 3'],
              },
            ],
          },
        },
      },
    });
    const broken = await waitFor('job failure', () => {
      const j = cluster.store.get(T.job, 'default', 'broken');
      return (
        j?.status?.conditions?.find(
          (c: any) => c.type === 'Failed' && c.status === 'True',
        ) && j
      );
    });
    expect(broken.status.failed).toBe(2);
    expect(
      broken.status.conditions.find((c: any) => c.type === 'Failed').reason,
    ).toBe('BackoffLimitExceeded');
    const failedPod = cluster.store.list(T.pod, {
      namespace: 'default',
      labelSelector: 'job-name=broken',
    }).items[0];
    expect(
      failedPod.status.containerStatuses[0].state.terminated.exitCode,
    ).toBe(3);
  });

  // How fast is measured by `npm run bench:cluster`; this checks they all get there.
  it('makes 1,000 process-less pods ready', async () => {
    cluster.store.create(T.replicaSet, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'many', namespace: 'default' },
      spec: {
        replicas: 1000,
        selector: { matchLabels: { app: 'many' } },
        template: {
          metadata: { labels: { app: 'many' } },
          spec: {
            containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.9' }],
          },
        },
      },
    });
    await waitFor(
      '1000 ready replicas',
      () =>
        cluster.store.get(T.replicaSet, 'default', 'many')?.status
          ?.readyReplicas === 1000,
      60_000,
      100,
    );
    const pods = cluster.store.list(T.pod, {
      namespace: 'default',
      labelSelector: 'app=many',
    }).items;
    expect(new Set(pods.map(p => p.status.podIP)).size).toBe(1000);
    expect(
      pods.every(
        p => p.spec.nodeName === 'local-node' && p.status.phase === 'Running',
      ),
    ).toBe(true);
  });
});

function findProcessOfPod(uid: string): number | undefined {
  const fs = require('fs') as typeof import('fs');
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (environ.split('\0').includes(`LOCAL_CLUSTER_POD_UID=${uid}`))
        return Number(entry);
    } catch {
      // process gone or not ours
    }
  }
  return undefined;
}

function processOfPod(uid: string): number {
  const pid = findProcessOfPod(uid);
  if (!pid) throw new Error(`no process for pod ${uid}`);
  return pid;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
