import { TestDatabases } from '@backstage/backend-test-utils';
import { kube, waitFor } from '../inventory/testing';
import { MetricSourceRegistry } from './metrics';
import { stableDemoApp, startCanaryFixture, type CanaryFixture } from './__testUtils__/canaryFixture';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** Traffic shifting through the local cluster's real proxies: weights and groups of users, per the Gateway API. */
describe('shiftTraffic on the local cluster', () => {
  let f: CanaryFixture;

  beforeAll(async () => {
    f = await startCanaryFixture(await databases.init('SQLITE_3'), () => new MetricSourceRegistry());
    const setUp = await f.harness.run({
      application: 'demo-app',
      stages: [
        stableDemoApp('1.0.0') as any,
        { refId: 'canary', requisiteStageRefIds: ['stable'], type: 'deployCanary', name: 'Deploy canary', account: 'local', location: 'default', service: 'demo-app', image: 'demo-app:1.1.0' },
      ],
    });
    const done = await f.harness.waitFor(setUp.id, undefined, 90_000);
    if (done.status !== 'SUCCEEDED') throw new Error(`set-up failed: ${JSON.stringify(done.stages.map(s => s.exception))}`);
    await waitFor(() => f.cluster.proxyPort('default', 'demo-app'), 'the demo-app proxy');
  });
  afterAll(() => f?.stop());

  async function shift(stage: Record<string, unknown>) {
    const started = await f.harness.run({
      application: 'demo-app',
      stages: [{ refId: '1', type: 'shiftTraffic', name: 'shift', account: 'local', location: 'default', httpRoute: 'demo-app', ...stage } as any],
    });
    return f.harness.waitFor(started.id, undefined, 30_000);
  }

  async function versions(headers: Record<string, string> = {}, count = 20): Promise<Record<string, number>> {
    const seen: Record<string, number> = {};
    for (let i = 0; i < count; i++) {
      const res = await fetch(f.serviceUrl(), { headers });
      const version = `${res.status} ${res.headers.get('x-demo-version')}`;
      seen[version] = (seen[version] ?? 0) + 1;
    }
    return seen;
  }

  it('sends groups of users to the canary and everyone else by weight', async () => {
    const done = await shift({
      backendRefs: [
        { name: 'demo-app', port: 80, weight: 100 },
        { name: 'demo-app-canary', port: 80, weight: 0 },
      ],
      userGroups: [
        { name: 'office', backend: { name: 'demo-app-canary', port: 80 }, match: { type: 'ipRanges', cidrs: ['10.20.0.0/16'] } },
        { name: 'phones', backend: { name: 'demo-app-canary', port: 80 }, match: { type: 'userAgent', pattern: '.*(iPhone|Android).*' } },
        { name: 'early adopters', backend: { name: 'demo-app-canary', port: 80 }, match: { type: 'percentage', percent: 10 } },
      ],
    });
    expect(done.status).toBe('SUCCEEDED');
    const route = await kube(f.cluster, 'GET', '/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/demo-app');
    expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'demo-app', port: 80 }]);
    await waitFor(async () => (await versions({ 'User-Agent': 'Mozilla/5.0 (iPhone)' }, 3))['200 1.1.0'] === 3, 'the route to apply');

    expect(await versions({ 'X-Forwarded-For': '10.20.3.4' })).toEqual({ '200 1.1.0': 20 });
    expect(await versions({ 'X-Forwarded-For': '10.21.3.4' })).toEqual({ '200 1.0.0': 20 });
    expect(await versions({ 'User-Agent': 'Mozilla/5.0 (Linux; Android 14)' })).toEqual({ '200 1.1.0': 20 });
    expect(await versions({ Cookie: 'session=x; canary-bucket=7' })).toEqual({ '200 1.1.0': 20 });
    expect(await versions({ Cookie: 'canary-bucket=70' })).toEqual({ '200 1.0.0': 20 });
    expect(await versions()).toEqual({ '200 1.0.0': 20 });
  });

  it('splits by weight, exactly over each window of requests', async () => {
    const done = await shift({
      backendRefs: [
        { name: 'demo-app', port: 80, weight: 3 },
        { name: 'demo-app-canary', port: 80, weight: 1 },
      ],
    });
    expect(done.stages[0].outputs.trafficSplit).toMatchObject({ backendRefs: [{ name: 'demo-app', percent: 75 }, { name: 'demo-app-canary', percent: 25 }] });
    await waitFor(async () => (await versions({}, 8))['200 1.1.0'] === 2, 'the new weights to apply');
    expect(await versions({}, 40)).toEqual({ '200 1.0.0': 30, '200 1.1.0': 10 });
  });

  it('fails with a clear message for a Service that does not exist, and leaves the route alone', async () => {
    const before = await kube(f.cluster, 'GET', '/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/demo-app');
    const done = await shift({ backendRefs: [{ name: 'demo-app-typo', port: 80, weight: 1 }] });
    expect(done.status).toBe('TERMINAL');
    expect(done.stages[0].exception?.details.error).toBe('Service demo-app-typo does not exist in local/default: a route cannot send traffic to it');
    const after = await kube(f.cluster, 'GET', '/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/demo-app');
    expect(after.spec.rules).toEqual(before.spec.rules);
  });
});
