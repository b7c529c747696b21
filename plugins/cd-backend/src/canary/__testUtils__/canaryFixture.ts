import { ConfigReader } from '@backstage/config';
import { startLocalCluster, type LocalCluster } from '@internal/local-cluster';
import type { Knex } from 'knex';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createHarness, type Harness } from '../../engine/testing/harness';
import { KubernetesClientFactory, loadKubernetesAccounts } from '../../kubernetes';
import { kubernetesStages } from '../../stages/kubernetes';
import { DatabaseCanaryConfigStore, seedCanaryConfigs } from '../configs';
import { MetricSourceRegistry } from '../metrics';
import { canaryStages } from '../stages';

/*
 * Test support for canary analyses end to end: a local cluster running the
 * real demo-app, an engine with the Kubernetes and canary stages, the
 * default canary configuration seeded from examples/canary, and real
 * traffic through the demo-app Service's proxy.
 */

export const REPO_ROOT = path.resolve(__dirname, '../../../../..');
const { generateTraffic } = require(path.join(REPO_ROOT, 'examples/demo-app/traffic.js')) as {
  generateTraffic(options: { url: string; rate: number; durationSeconds: number; headers?: Record<string, string> }): Promise<{
    requests: number;
    codes: Record<string, number>;
  }>;
};

export interface CanaryFixture {
  cluster: LocalCluster;
  clients: KubernetesClientFactory;
  harness: Harness;
  configs: DatabaseCanaryConfigStore;
  metrics: MetricSourceRegistry;
  /** The demo-app Service's proxy, as clients reach it. */
  serviceUrl(): string;
  /** Sends `rate` requests per second for `seconds` through the Service. */
  traffic(rate: number, seconds: number): Promise<{ requests: number; codes: Record<string, number> }>;
  stop(): Promise<void>;
}

export async function startCanaryFixture(
  knex: Knex,
  metrics: (clients: KubernetesClientFactory, cluster: LocalCluster) => MetricSourceRegistry | Promise<MetricSourceRegistry>,
): Promise<CanaryFixture> {
  const cluster = await startLocalCluster({
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cd-canary-')),
    imageCommands: { 'demo-app': { command: process.execPath, args: [path.join(REPO_ROOT, 'examples/demo-app/server.js')] } },
  });
  const { accounts } = await loadKubernetesAccounts(
    new ConfigReader({ cd: { accounts: [{ name: 'local', kubeconfig: { path: cluster.kubeconfigPath } }] } }),
  );
  const clients = new KubernetesClientFactory(accounts);
  const configs = new DatabaseCanaryConfigStore({ knex });
  const registry = await metrics(clients, cluster);
  const harness = await createHarness(knex, {
    stages: [...kubernetesStages({ clients }), ...canaryStages({ clients, configs, metrics: registry })],
  });
  const errors: string[] = [];
  await seedCanaryConfigs({
    store: configs,
    locations: [path.join(REPO_ROOT, 'examples/canary/demo-app.json')],
    logger: { info: () => undefined, error: m => errors.push(m) },
  });
  if (errors.length) throw new Error(errors.join('\n'));
  const serviceUrl = () => {
    const port = cluster.proxyPort('default', 'demo-app');
    if (!port) throw new Error('the demo-app Service has no proxy port yet');
    return `http://127.0.0.1:${port}/`;
  };
  return {
    cluster,
    clients,
    harness,
    configs,
    metrics: registry,
    serviceUrl,
    traffic: (rate, seconds) => generateTraffic({ url: serviceUrl(), rate, durationSeconds: seconds }),
    async stop() {
      await harness.stop();
      await cluster.stop();
    },
  };
}

/**
 * The container port of this test process's demo-app pods. Every local
 * cluster hands out pod addresses from 127.1.0.1 up, so two clusters on one
 * machine (parallel test runs) give pods the same address; a port of our own
 * keeps their processes from clashing.
 */
const CONTAINER_PORT = 20000 + Math.floor(Math.random() * 20000);

/** The stable version: demo-app as a Deployment behind the demo-app Service (what production runs). */
export function stableDemoApp(version: string) {
  return {
    refId: 'stable',
    type: 'deployManifest',
    name: 'Deploy stable',
    account: 'local',
    manifests: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'demo-app', namespace: 'default' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'demo-app' } },
          template: {
            metadata: { labels: { app: 'demo-app' } },
            spec: {
              containers: [
                {
                  name: 'app',
                  image: `demo-app:${version}`,
                  ports: [{ containerPort: CONTAINER_PORT }],
                  readinessProbe: { httpGet: { path: '/healthz', port: CONTAINER_PORT } },
                },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'demo-app', namespace: 'default' },
        spec: { selector: { app: 'demo-app' }, ports: [{ port: 80, targetPort: CONTAINER_PORT }] },
      },
    ],
  };
}

/**
 * The canary pattern as a pipeline: baseline and canary next to stable,
 * half the traffic to them, analysis, clean-up. `analysis` overrides the
 * kayentaCanary stage's canaryConfig fields.
 */
export function canaryPipeline(version: string, analysis: Record<string, unknown> = {}) {
  return {
    application: 'demo-app',
    stages: [
      { refId: '1', type: 'deployCanary', name: 'Deploy canary', account: 'local', location: 'default', service: 'demo-app', image: `demo-app:${version}` },
      {
        refId: '2',
        requisiteStageRefIds: ['1'],
        type: 'shiftTraffic',
        name: 'Shift 50%',
        account: 'local',
        location: 'default',
        httpRoute: 'demo-app',
        backendRefs: [
          { name: 'demo-app', port: 80, weight: 50 },
          { name: 'demo-app-baseline', port: 80, weight: 25 },
          { name: 'demo-app-canary', port: 80, weight: 25 },
        ],
      },
      {
        refId: '3',
        requisiteStageRefIds: ['2'],
        type: 'kayentaCanary',
        name: 'Canary analysis',
        canaryConfig: {
          canaryConfigName: 'demo-app',
          metricsAccountName: 'local',
          lifetimeDuration: 'PT20S',
          canaryAnalysisIntervalMins: 10 / 60,
          beginCanaryAnalysisAfterMins: 0.05,
          scopes: [
            {
              scopeName: 'default',
              controlScope: 'demo-app-baseline',
              controlLocation: 'default',
              experimentScope: 'demo-app-canary',
              experimentLocation: 'default',
              step: 1,
            },
          ],
          ...analysis,
        },
      },
      { refId: '4', requisiteStageRefIds: ['3'], type: 'cleanupCanary', name: 'Clean up', account: 'local', location: 'default', service: 'demo-app' },
    ],
  };
}
