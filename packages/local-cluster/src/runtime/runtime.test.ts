import fs from 'fs';
import os from 'os';
import path from 'path';
import { CoreTypes } from '../store/builtinTypes';
import { removeDirectorySync } from './files';
import type { KubeObject } from '../store/types';
import {
  httpGet,
  readAll,
  startTestCluster,
  TestCluster,
  waitFor,
} from '../controllers/testing';

jest.setTimeout(60_000);
const T = CoreTypes;

function shellPod(name: string, script: string, extra: any = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { test: name } },
    spec: {
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'main',
          image: 'busybox:1.36',
          command: ['sh', '-c', script],
          ...extra,
        },
      ],
    },
  };
}

describe('pod runtime', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster.stop();
  });

  const finished = (name: string) => () => {
    const pod = cluster.store.get(T.pod, 'default', name);
    return (
      (pod?.status?.phase === 'Succeeded' || pod?.status?.phase === 'Failed') &&
      pod
    );
  };
  const logsOf = async (name: string) =>
    readAll(cluster.controllers.logs.read('default', name, {})!);

  it('resolves env from values, ConfigMaps, Secrets, the downward API and envFrom', async () => {
    cluster.store.create(T.configMap, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'default' },
      data: { greeting: 'hi', x: '1' },
    });
    cluster.store.create(T.secret, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sec', namespace: 'default' },
      data: { token: Buffer.from('s3cret').toString('base64') },
    });
    cluster.store.create(
      T.pod,
      shellPod(
        'env',
        'echo "$GREETING $TOKEN $ME $NS $IP $P_x $COMBINED $IMAGE_TAG"; pwd',
        {
          workingDir: os.tmpdir(),
          env: [
            {
              name: 'GREETING',
              valueFrom: { configMapKeyRef: { name: 'cfg', key: 'greeting' } },
            },
            {
              name: 'TOKEN',
              valueFrom: { secretKeyRef: { name: 'sec', key: 'token' } },
            },
            {
              name: 'ME',
              valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
            },
            {
              name: 'NS',
              valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
            },
            {
              name: 'IP',
              valueFrom: { fieldRef: { fieldPath: 'status.podIP' } },
            },
            { name: 'COMBINED', value: '$(GREETING)-$(ME)' },
          ],
          envFrom: [{ prefix: 'P_', configMapRef: { name: 'cfg' } }],
        },
      ),
    );
    const pod = await waitFor('env pod done', finished('env'));
    expect(pod.status.phase).toBe('Succeeded');
    expect(await logsOf('env')).toBe(
      `hi s3cret env default ${
        pod.status.podIP
      } 1 hi-env 1.36\n${fs.realpathSync(os.tmpdir())}\n`,
    );
    expect(pod.status.podIP).toMatch(/^127\.\d+\.\d+\.\d+$/);
    expect(pod.status.containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
  });

  it('waits for a missing ConfigMap (CreateContainerConfigError), then starts', async () => {
    cluster.store.create(
      T.pod,
      shellPod('late', 'echo $V', {
        env: [
          {
            name: 'V',
            valueFrom: { configMapKeyRef: { name: 'late-cfg', key: 'v' } },
          },
        ],
      }),
    );
    const waiting = await waitFor(
      'config error',
      () =>
        cluster.store.get(T.pod, 'default', 'late')?.status
          ?.containerStatuses?.[0]?.state?.waiting,
    );
    expect(waiting.reason).toBe('CreateContainerConfigError');
    expect(waiting.message).toMatch(/late-cfg/);
    cluster.store.create(T.configMap, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'late-cfg', namespace: 'default' },
      data: { v: 'arrived' },
    });
    await waitFor('late pod done', finished('late'));
    expect(await logsOf('late')).toBe('arrived\n');
  });

  it('runs init containers first and fails the pod when one fails under restartPolicy Never', async () => {
    const pod = shellPod('init', 'echo main');
    pod.spec.initContainers = [
      { name: 'setup', image: 'busybox', command: ['sh', '-c', 'echo setup'] },
    ];
    cluster.store.create(T.pod, pod);
    const done = await waitFor('init pod done', finished('init'));
    expect(done.status.phase).toBe('Succeeded');
    expect(done.status.initContainerStatuses[0].state.terminated.exitCode).toBe(
      0,
    );
    expect(
      await readAll(
        cluster.controllers.logs.read('default', 'init', {
          container: 'setup',
        })!,
      ),
    ).toBe('setup\n');

    const failing = shellPod('init-fail', 'echo never');
    failing.spec.initContainers = [
      { name: 'setup', image: 'busybox', command: ['sh', '-c', 'exit 2'] },
    ];
    cluster.store.create(T.pod, failing);
    const failed = await waitFor('init-fail done', finished('init-fail'));
    expect(failed.status.phase).toBe('Failed');
    expect(failed.status.containerStatuses[0].state.waiting).toBeDefined();
  });

  it('restarts a container whose liveness probe fails, with back-off', async () => {
    const sick = shellPod('sick', 'echo start; exec sleep 60', {
      livenessProbe: {
        exec: { command: ['sh', '-c', 'exit 1'] },
        periodSeconds: 1,
        failureThreshold: 1,
      },
    });
    sick.spec.restartPolicy = 'Always';
    cluster.store.create(T.pod, sick);
    const pod = await waitFor(
      'two restarts',
      () => {
        const p = cluster.store.get(T.pod, 'default', 'sick');
        return (p?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2 && p;
      },
      20_000,
    );
    expect(pod.status.containerStatuses[0].lastState.terminated.exitCode).toBe(
      143,
    );
    const events = cluster.store
      .list(T.event, { namespace: 'default' })
      .items.filter(e => e.involvedObject.name === 'sick');
    expect(
      events.some(
        e =>
          e.reason === 'Killing' &&
          /failed liveness probe, will be restarted/.test(e.message),
      ),
    ).toBe(true);
    expect(
      events.some(
        e =>
          e.reason === 'Unhealthy' && /^Liveness probe failed/.test(e.message),
      ),
    ).toBe(true);
    expect(
      events.find(e => e.reason === 'Started')!.count,
    ).toBeGreaterThanOrEqual(2);
    cluster.store.delete(T.pod, 'default', 'sick');
  });

  it('follows a live log until the container exits', async () => {
    cluster.store.create(
      T.pod,
      shellPod('talker', 'for i in 1 2 3; do echo line $i; sleep 0.3; done'),
    );
    await waitFor(
      'talker running',
      () =>
        cluster.store.get(T.pod, 'default', 'talker')?.status
          ?.containerStatuses?.[0]?.state?.running,
    );
    const followed = await readAll(
      cluster.controllers.logs.read('default', 'talker', { follow: true })!,
    );
    expect(followed).toBe('line 1\nline 2\nline 3\n');
  });
});

describe('cluster restart', () => {
  it('brings the pods of the store back up, on the same address', async () => {
    const dataDir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'local-cluster-restart-'),
    );
    try {
      let cluster = await startTestCluster({}, dataDir);
      cluster.store.create(T.pod, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'survivor', namespace: 'default' },
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
      });
      const before = await waitFor('survivor ready', () => {
        const p = cluster.store.get(T.pod, 'default', 'survivor');
        return p?.status?.containerStatuses?.[0]?.ready && p;
      });
      await waitFor(
        'survivor answering',
        async () =>
          (
            await httpGet(`http://${before.status.podIP}:8080/healthz`)
          ).status === 200,
      );
      await cluster.stop();
      await expect(
        httpGet(`http://${before.status.podIP}:8080/healthz`),
      ).rejects.toThrow();

      cluster = await startTestCluster({}, dataDir);
      try {
        const after = await waitFor('survivor back', async () => {
          const p = cluster.store.get(T.pod, 'default', 'survivor');
          const ok =
            p?.status?.containerStatuses?.[0]?.state?.running &&
            (
              await httpGet(`http://${p.status.podIP}:8080/healthz`).catch(
                () => ({ status: 0 }),
              )
            ).status === 200;
          return ok && p;
        });
        expect(after.metadata.uid).toBe(before.metadata.uid);
        expect(after.status.podIP).toBe(before.status.podIP);
      } finally {
        await cluster.stop();
      }
    } finally {
      removeDirectorySync(dataDir);
    }
  });
});
