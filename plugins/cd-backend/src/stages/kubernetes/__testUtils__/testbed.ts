import { ConfigReader } from '@backstage/config';
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Execution, StageExecution } from '@internal/plugin-cd-common';
import type { StageDefinition } from '@internal/plugin-cd-node';
import { LocalCluster, startLocalCluster } from '@internal/local-cluster';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createHarness, Harness } from '../../../engine/testing/harness';
import { kube, waitFor } from '../../../inventory/testing';
import { KubernetesClientFactory, loadKubernetesAccounts } from '../../../kubernetes';
import { kubernetesStages, KubernetesStagesOptions } from '..';

/**
 * Test support for the manifest stages: a local cluster (reached over HTTP
 * through the account's kubeconfig, as in production), an engine over
 * SQLite with the Kubernetes stages, and small helpers. Call at the top
 * level of a test file; it registers its own beforeAll/afterAll.
 */
export interface Testbed {
  cluster: LocalCluster;
  clients: KubernetesClientFactory;
  h: Harness;
  namespace: string;
  /** Runs one stage named 'k8s' in a pipeline of application `shop`. */
  runStage(stage: Record<string, unknown>, timeoutMs?: number): Promise<{ execution: Execution; stage: StageExecution }>;
  /** Runs a whole pipeline of stages. */
  runStages(stages: Array<Record<string, unknown>>, parameters?: Record<string, unknown>, timeoutMs?: number): Promise<Execution>;
  /** A raw API call, as kubectl would make it ("outside the product"). */
  kube(method: string, apiPath: string, body?: unknown, contentType?: string): Promise<any>;
}

export interface TestbedOptions {
  namespace: string;
  stageOptions?: Omit<KubernetesStagesOptions, 'clients'>;
  extraStages?: (clients: KubernetesClientFactory) => StageDefinition[];
}

export function useTestbed(options: TestbedOptions): Testbed {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const bed = { namespace: options.namespace } as Testbed;
  beforeAll(async () => {
    bed.cluster = await startLocalCluster({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), `cd-${options.namespace}-`)) });
    await kube(bed.cluster, 'POST', '/api/v1/namespaces', { metadata: { name: options.namespace } });
    const { accounts } = await loadKubernetesAccounts(
      new ConfigReader({ cd: { accounts: [{ name: 'dev', kubeconfig: { path: bed.cluster.kubeconfigPath } }] } }),
    );
    bed.clients = new KubernetesClientFactory(accounts);
    bed.h = await createHarness(await databases.init('SQLITE_3'), {
      stages: [...kubernetesStages({ clients: bed.clients, ...options.stageOptions }), ...(options.extraStages?.(bed.clients) ?? [])],
    });
  });
  afterAll(async () => {
    await bed.h?.stop();
    await bed.cluster?.stop();
  });
  bed.runStages = async (stages, parameters = {}, timeoutMs = 45_000) => {
    const started = await bed.h.run({ application: 'shop', stages: stages as any }, parameters);
    return bed.h.waitFor(started.id, undefined, timeoutMs);
  };
  bed.runStage = async (stage, timeoutMs) => {
    const execution = await bed.runStages([{ refId: '1', name: 'k8s', ...stage }], {}, timeoutMs);
    return { execution, stage: bed.h.stage(execution, 'k8s') };
  };
  bed.kube = (method, apiPath, body, contentType) => kube(bed.cluster, method, apiPath, body, contentType);
  return bed;
}

/** A ReplicaSet running `pause` pods; `labels` go on the pod template only. */
export function replicaSet(name: string, replicas: number, options: { labels?: Record<string, string>; annotations?: Record<string, string>; image?: string } = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, annotations: options.annotations ?? {} },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...(options.labels ?? {}) } },
        spec: { containers: [{ name: 'main', image: options.image ?? 'pause' }] },
      },
    },
  };
}

/** A ClusterIP Service selecting `selector`. */
export function service(name: string, selector: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector, ports: [{ port: 80, targetPort: 8080 }] } };
}

/** The pod names an Endpoints object lists as ready. */
export async function endpointPods(bed: Testbed, serviceName: string): Promise<string[]> {
  const endpoints = await bed.kube('GET', `/api/v1/namespaces/${bed.namespace}/endpoints/${serviceName}`).catch(() => undefined);
  return (endpoints?.subsets ?? []).flatMap((s: any) => (s.addresses ?? []).map((a: any) => a.targetRef?.name)).sort();
}

export async function podsOf(bed: Testbed, replicaSetName: string): Promise<any[]> {
  const pods = await bed.kube('GET', `/api/v1/namespaces/${bed.namespace}/pods`);
  return pods.items.filter((p: any) => p.metadata.ownerReferences?.some((o: any) => o.name === replicaSetName) && !p.metadata.deletionTimestamp);
}

export { waitFor };
