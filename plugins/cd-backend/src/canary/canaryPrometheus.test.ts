import { TestDatabases } from '@backstage/backend-test-utils';
import type { CanaryReport, Execution } from '@internal/plugin-cd-common';
import { waitFor } from '../inventory/testing';
import { MetricSourceRegistry, PrometheusMetricSource } from './metrics';
import { canaryPipeline, stableDemoApp, startCanaryFixture, type CanaryFixture } from './__testUtils__/canaryFixture';
import { startPrometheus, type PrometheusServer } from './__testUtils__/prometheusServer';

jest.setTimeout(240_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** Queries written as Kayenta's Prometheus templates, over the local cluster's proxy metrics. */
const byServerGroup = 'namespace="${location}",pod=~"${scope}-.+"';
const prometheusConfig = {
  name: 'demo-app-prometheus',
  applications: ['demo-app'],
  templates: { byServerGroup },
  metrics: [
    {
      name: 'error rate',
      query: {
        type: 'prometheus',
        customInlineTemplate: `PromQL:(sum(rate(local_cluster_requests_total{${byServerGroup},code=~"5.."}[3s])) or vector(0)) / sum(rate(local_cluster_requests_total{${byServerGroup}}[3s]))`,
      },
      groups: ['errors'],
      analysisConfigurations: { canary: { direction: 'increase' } },
    },
    {
      name: 'mean latency',
      query: {
        type: 'prometheus',
        customInlineTemplate: `PromQL:1000 * sum(rate(local_cluster_request_duration_seconds_sum{${byServerGroup}}[3s])) / sum(rate(local_cluster_request_duration_seconds_count{${byServerGroup}}[3s]))`,
      },
      groups: ['latency'],
      analysisConfigurations: { canary: { direction: 'increase', effectSize: { allowedIncrease: 1.2 } } },
    },
    {
      // Kayenta's other form: metricName, a filter template and label bindings → avg(metric{…}).
      name: 'successful requests',
      query: { type: 'prometheus', metricName: 'local_cluster_requests_total', customFilterTemplate: 'byServerGroup', labelBindings: ['code="200"'] },
      groups: ['traffic'],
      analysisConfigurations: { canary: { muted: true } },
    },
  ],
  classifier: { groupWeights: { errors: 50, latency: 50 }, scoreThresholds: { pass: 75, marginal: 50 } },
};

describe('canary analysis backed by a real Prometheus scraping the local cluster', () => {
  let f: CanaryFixture;
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    f = await startCanaryFixture(await databases.init('SQLITE_3'), async (_clients, cluster) => {
      prometheus = await startPrometheus(new URL(cluster.url).host);
      return new MetricSourceRegistry([new PrometheusMetricSource({ accounts: [{ name: 'prometheus', url: prometheus.url }] })]);
    });
    await f.configs.create('demo-app', prometheusConfig, 'user:default/tester');

    const stable = await f.harness.run({ application: 'demo-app', stages: [stableDemoApp('1.0.0') as any] });
    const deployed = await f.harness.waitFor(stable.id, undefined, 60_000);
    if (deployed.status !== 'SUCCEEDED') throw new Error(`the stable version did not deploy: ${JSON.stringify(deployed.stages.map(s => s.exception))}`);
    await waitFor(() => f.cluster.proxyPort('default', 'demo-app'), 'the demo-app proxy');
    // Prometheus scrapes the cluster's /metrics.
    await waitFor(async () => {
      const r = await (await fetch(`${prometheus.url}/api/v1/targets`)).json();
      return r.data.activeTargets.some((t: { health: string }) => t.health === 'up');
    }, 'Prometheus to scrape the local cluster', 30_000, 200);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await f?.stop();
  });

  it('passes a healthy version, each metric fetched with query_range', async () => {
    const started = await f.harness.run(
      canaryPipeline('1.1.0', { canaryConfigName: 'demo-app-prometheus', metricsAccountName: 'prometheus' }) as any,
    );
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
    const report = f.harness.stage(done, 'Canary analysis').outputs.canaryReport as CanaryReport;
    expect({ status: done.status, reason: report?.reason }).toEqual({ status: 'SUCCEEDED', reason: expect.stringMatching(/≥ pass 75/) });
    expect(report.canaryConfigName).toBe('demo-app-prometheus');
    expect(report.intervals).toHaveLength(2);
    const last = report.intervals[1];
    const latency = last.series.find(s => s.metric === 'mean latency')!;
    expect(latency.experiment.filter(v => v !== null).length).toBeGreaterThan(5);
    expect(latency.control.filter(v => v !== null).length).toBeGreaterThan(5);
    const successful = last.result.results.find(r => r.name === 'successful requests')!;
    expect(successful.muted).toBe(true);
    expect(successful.experimentMetadata.stats.max).toBeGreaterThan(0);
  });
});
