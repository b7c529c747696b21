import { TestDatabases } from '@backstage/backend-test-utils';
import type { CanaryReport, Execution } from '@internal/plugin-cd-common';
import { kube, waitFor } from '../inventory/testing';
import { LocalClusterMetricSource, MetricSourceRegistry, ProxyMetricsSampler } from './metrics';
import { canaryPipeline, stableDemoApp, startCanaryFixture, type CanaryFixture } from './__testUtils__/canaryFixture';

jest.setTimeout(240_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/**
 * The canary release end to end on the local cluster, judged from the
 * cluster's own proxy metrics of real traffic: demo-app 1.1.0 passes against
 * 1.0.0, 2.0.0 (slower, ~10% 500s) fails and is rolled back.
 */
describe('canary release with the local cluster metric source', () => {
  let f: CanaryFixture;
  let sampler: ProxyMetricsSampler;

  beforeAll(async () => {
    f = await startCanaryFixture(await databases.init('SQLITE_3'), clients => {
      sampler = new ProxyMetricsSampler({ kubeConfig: account => clients.kubeConfig(account), sampleIntervalMs: 500 });
      return new MetricSourceRegistry([new LocalClusterMetricSource(sampler)]);
    });
    const stable = await f.harness.run({ application: 'demo-app', stages: [stableDemoApp('1.0.0') as any] });
    const deployed = await f.harness.waitFor(stable.id, undefined, 60_000);
    if (deployed.status !== 'SUCCEEDED') throw new Error(`the stable version did not deploy: ${JSON.stringify(deployed.stages.map(s => s.exception))}`);
    await waitFor(() => f.cluster.proxyPort('default', 'demo-app'), 'the demo-app proxy');
  });

  afterAll(async () => {
    sampler?.stop();
    await f?.stop();
  });

  /** Runs the canary pipeline while traffic flows, until the execution ends. */
  async function release(version: string): Promise<{ execution: Execution; report: CanaryReport }> {
    const started = await f.harness.run(canaryPipeline(version) as any);
    let done: Execution | undefined;
    const traffic = (async () => {
      while (!done) await f.traffic(40, 5);
    })();
    try {
      done = await f.harness.waitFor(started.id, undefined, 180_000);
    } finally {
      done ??= started;
      await traffic;
    }
    return { execution: done, report: f.harness.stage(done, 'Canary analysis').outputs.canaryReport as CanaryReport };
  }

  const versionsAnswering = async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const res = await fetch(f.serviceUrl());
      seen.add(`${res.status} ${res.headers.get('x-demo-version')}`);
    }
    return [...seen].sort();
  };

  it('passes a healthy version: every interval judged from real traffic, then baseline and canary are removed', async () => {
    const { execution, report } = await release('1.1.0');
    expect(execution.status).toBe('SUCCEEDED');
    expect(report.overallResult).toBe('success');
    expect(report.intervals).toHaveLength(2);
    for (const interval of report.intervals) {
      expect(interval.result.score.score).toBeGreaterThanOrEqual(75);
      const latency = interval.series.find(s => s.metric === 'mean latency')!;
      // Both sides got requests through the route's weights.
      expect(latency.control.filter(v => v !== null).length).toBeGreaterThan(3);
      expect(latency.experiment.filter(v => v !== null).length).toBeGreaterThan(3);
      const metric = interval.result.results.find(r => r.name === 'mean latency')!;
      expect(metric.controlMetadata.stats.count).toBeGreaterThan(3);
    }
    // The second interval's window grows from the end of the warmup.
    expect(report.intervals[1].startTime).toBe(report.intervals[0].startTime);
    expect(f.harness.stage(execution, 'Shift 50%').outputs.trafficSplit).toMatchObject({
      backendRefs: [{ name: 'demo-app', percent: 50 }, { name: 'demo-app-baseline', percent: 25 }, { name: 'demo-app-canary', percent: 25 }],
    });
    expect(f.harness.stage(execution, 'Clean up').outputs.canaryCleanup).toEqual({
      traffic: 'all traffic to demo-app (HTTPRoute demo-app removed)',
      removed: ['deployment demo-app-baseline', 'service demo-app-baseline', 'deployment demo-app-canary', 'service demo-app-canary'],
    });
    await waitFor(async () => (await versionsAnswering()).join() === '200 1.0.0', 'only the stable version to answer');
  });

  it('fails a faulty version early, names the failing metrics, and sends all traffic back to stable without the canary', async () => {
    const { execution, report } = await release('2.0.0');
    expect(execution.status).toBe('TERMINAL');
    const analysis = f.harness.stage(execution, 'Canary analysis');
    expect(analysis.status).toBe('TERMINAL');
    expect(report.overallResult).toBe('failure');
    // Failed at the first interval: no need to wait for the lifetime.
    expect(report.intervals).toHaveLength(1);
    const latency = report.intervals[0].result.results.find(r => r.name === 'mean latency')!;
    expect(latency.classification).toBe('High');
    expect(latency.experimentMetadata.stats.mean).toBeGreaterThan(latency.controlMetadata.stats.mean + 100);
    expect(report.reason).toMatch(/≤ marginal 50; failing metrics: .*mean latency \(High\)/);
    expect(analysis.exception?.details.error).toMatch(/canary analysis failed: interval 1 of 2 scored \d+/);
    expect(f.harness.stage(execution, 'Clean up').status).toBe('NOT_STARTED');

    const rolledBack = await f.harness.waitFor(execution.id, e => e.stages.some(s => s.outputs.rollback !== undefined), 30_000);
    expect(f.harness.stage(rolledBack, 'Deploy canary').outputs.rollback).toEqual({
      traffic: 'all traffic to demo-app (HTTPRoute demo-app removed)',
      removed: ['deployment demo-app-baseline', 'service demo-app-baseline', 'deployment demo-app-canary', 'service demo-app-canary'],
    });
    await expect(kube(f.cluster, 'GET', '/apis/apps/v1/namespaces/default/deployments/demo-app-canary')).rejects.toThrow(/404/);
    await expect(kube(f.cluster, 'GET', '/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/demo-app')).rejects.toThrow(/404/);
    await waitFor(async () => (await versionsAnswering()).join() === '200 1.0.0', 'only the stable version to answer');
  });
});
