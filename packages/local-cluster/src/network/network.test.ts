import http from 'http';
import { CoreTypes } from '../store/builtinTypes';
import type { KubeObject } from '../store/types';
import {
  httpGet,
  startTestCluster,
  TestCluster,
  waitFor,
} from '../controllers/testing';

jest.setTimeout(60_000);
const T = CoreTypes;

/** A pod whose process answers its own name, and /ready with 200 only when READY=yes. */
function echoPod(
  name: string,
  labels: Record<string, string>,
  ready = true,
): KubeObject {
  const script =
    "require('http').createServer((q,r)=>{if(q.url==='/ready'){r.statusCode=process.env.READY==='yes'?200:503;return r.end()}" +
    'r.end(process.env.POD_NAME)}).listen(process.env.PORT,process.env.HOST)';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'echo',
          image: 'node',
          command: ['node', '-e', script],
          env: [{ name: 'READY', value: ready ? 'yes' : 'no' }],
          ports: [{ name: 'http', containerPort: 8080 }],
          readinessProbe: {
            httpGet: { path: '/ready', port: 'http' },
            periodSeconds: 1,
            failureThreshold: 1,
          },
        },
      ],
    },
  };
}

function service(name: string, selector: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

async function count(
  url: string,
  n: number,
  headers: Record<string, string> = {},
): Promise<Record<string, number>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const counts: Record<string, number> = {};
  const one = async () => {
    const res = await httpGet(url, headers, agent);
    const key = res.status === 200 ? res.body : `HTTP ${res.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  };
  for (let i = 0; i < n; i += 16)
    await Promise.all(Array.from({ length: Math.min(16, n - i) }, one));
  agent.destroy();
  return counts;
}

describe('service proxies', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster.stop();
  });

  it('sends traffic only to pods that pass their readiness probe', async () => {
    cluster.store.create(T.pod, echoPod('gate-ok', { app: 'gate' }, true));
    cluster.store.create(T.pod, echoPod('gate-bad', { app: 'gate' }, false));
    cluster.store.create(T.service, service('gate', { app: 'gate' }));
    const endpoints = await waitFor(
      'endpoints with one ready and one unready pod',
      () => {
        const ep = cluster.store.get(T.endpoints, 'default', 'gate');
        const subset = ep?.subsets?.[0];
        return (
          subset?.addresses?.length === 1 &&
          subset?.notReadyAddresses?.length === 1 &&
          ep
        );
      },
    );
    expect(endpoints.subsets[0].addresses[0].targetRef.name).toBe('gate-ok');
    expect(endpoints.subsets[0].ports).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP' },
    ]);
    const bad = cluster.store.get(T.pod, 'default', 'gate-bad')!;
    expect(
      bad.status.conditions.find((c: any) => c.type === 'Ready').status,
    ).toBe('False');
    expect(bad.status.phase).toBe('Running');

    const port = cluster.controllers.proxyPort('default', 'gate');
    expect(await count(`http://127.0.0.1:${port}/`, 100)).toEqual({
      'gate-ok': 100,
    });
    // the first probes may find the port still closed; once it listens, the 503 is reported
    await waitFor('an Unhealthy event with the 503', () =>
      cluster.store
        .list(T.event, { namespace: 'default' })
        .items.some(
          e =>
            e.reason === 'Unhealthy' &&
            e.involvedObject.name === 'gate-bad' &&
            /^Readiness probe failed: HTTP probe failed with statuscode: 503$/.test(
              e.message,
            ),
        ),
    );

    // no ready endpoint at all: 503, recorded
    cluster.store.delete(T.pod, 'default', 'gate-ok');
    await waitFor(
      'no ready address',
      () =>
        !cluster.store.get(T.endpoints, 'default', 'gate')?.subsets?.[0]
          ?.addresses,
    );
    expect((await httpGet(`http://127.0.0.1:${port}/`)).status).toBe(503);
  });

  it('splits traffic by HTTPRoute weights and header matches, and reports per-backend metrics', async () => {
    cluster.store.create(
      T.pod,
      echoPod('baseline-0', { app: 'shop', track: 'baseline' }),
    );
    cluster.store.create(
      T.pod,
      echoPod('canary-0', { app: 'shop', track: 'canary' }),
    );
    cluster.store.create(T.service, service('shop', { app: 'shop' }));
    cluster.store.create(
      T.service,
      service('shop-baseline', { app: 'shop', track: 'baseline' }),
    );
    cluster.store.create(
      T.service,
      service('shop-canary', { app: 'shop', track: 'canary' }),
    );
    cluster.store.create(T.httpRoute, {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'shop-split', namespace: 'default' },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: 'shop', port: 80 }],
        rules: [
          {
            matches: [{ headers: [{ name: 'x-canary', value: 'always' }] }],
            backendRefs: [{ name: 'shop-canary', port: 80 }],
          },
          {
            backendRefs: [
              { name: 'shop-baseline', port: 80, weight: 80 },
              { name: 'shop-canary', port: 80, weight: 20 },
            ],
          },
        ],
      },
    });
    await waitFor('both backends ready', () =>
      ['shop-baseline', 'shop-canary'].every(
        s =>
          cluster.store.get(T.endpoints, 'default', s)?.subsets?.[0]?.addresses
            ?.length === 1,
      ),
    );
    const port = await waitFor('shop proxy', () =>
      cluster.controllers.proxyPort('default', 'shop'),
    );

    const counts = await count(`http://127.0.0.1:${port}/`, 2000);
    expect((counts['baseline-0'] ?? 0) + (counts['canary-0'] ?? 0)).toBe(2000);
    expect(Math.abs(counts['canary-0'] / 2000 - 0.2)).toBeLessThan(0.03);
    expect(
      await count(`http://127.0.0.1:${port}/`, 50, { 'x-canary': 'always' }),
    ).toEqual({ 'canary-0': 50 });

    const metrics = cluster.controllers.metricsText();
    const canaryCount = metrics.match(
      /local_cluster_requests_total\{namespace="default",service="shop",backend="shop-canary",pod="canary-0",code="200"\} (\d+)/,
    );
    expect(Number(canaryCount?.[1])).toBe((counts['canary-0'] ?? 0) + 50);
    expect(metrics).toMatch(
      /local_cluster_request_duration_seconds_bucket\{namespace="default",service="shop",backend="shop-baseline",pod="baseline-0",le="\+Inf"\} \d+/,
    );

    const route = await waitFor(
      'route status',
      () =>
        cluster.store.get(T.httpRoute, 'default', 'shop-split')?.status
          ?.parents?.[0],
    );
    expect(
      route.conditions.find((c: any) => c.type === 'Accepted').status,
    ).toBe('True');
  });

  it('publishes LoadBalancer ingress and keeps proxy ports across restarts of the proxy', async () => {
    cluster.store.create(T.service, {
      ...service('lb', { app: 'none' }),
      spec: { ...service('lb', { app: 'none' }).spec, type: 'LoadBalancer' },
    });
    const svc = await waitFor('ingress', () => {
      const s = cluster.store.get(T.service, 'default', 'lb');
      return s?.status?.loadBalancer?.ingress?.[0] && s;
    });
    expect(svc.status.loadBalancer.ingress[0].ip).toBe('127.0.0.1');
    expect(svc.status.loadBalancer.ingress[0].ports[0].port).toBe(
      cluster.controllers.proxyPort('default', 'lb'),
    );
  });
});
