import type { JsonObject } from '@backstage/types';
import { ConfigReader } from '@backstage/config';
import type { ApplicationClusters } from '@internal/plugin-cd-common';
import { InjectedFault, LocalCluster, startLocalCluster } from '@internal/local-cluster';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { loadKubernetesAccounts } from '../kubernetes';
import { KubernetesInventory } from './KubernetesInventory';
import { deployment, kube, mergePatch, waitFor } from './testing';

jest.setTimeout(90_000);

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cd-inventory-'));

async function accountsFor(accounts: JsonObject[]) {
  const { accounts: loaded } = await loadKubernetesAccounts(new ConfigReader({ cd: { accounts } }));
  return loaded;
}

describe('KubernetesInventory against a local cluster', () => {
  let cluster: LocalCluster;
  let inventory: KubernetesInventory;
  const changes: Array<{ app: string; at: number }> = [];

  beforeAll(async () => {
    cluster = await startLocalCluster({ dataDir: tempDir() });
    await kube(cluster, 'POST', '/api/v1/namespaces', { metadata: { name: 'shop' } });
    inventory = new KubernetesInventory({
      accounts: await accountsFor([{ name: 'dev', environment: 'dev', kubeconfig: { path: cluster.kubeconfigPath } }]),
    });
    inventory.onChange(app => changes.push({ app, at: Date.now() }));
    inventory.start();
    await inventory.waitForSync();
  });

  afterAll(async () => {
    await inventory?.stop();
    await cluster?.stop();
  });

  const shop = () => inventory.applicationClusters('shop').accounts[0];
  const webCluster = () => shop().clusters.find(c => c.name === 'deployment web');

  it('shows a Deployment as a cluster of ReplicaSet server groups with healthy instances', async () => {
    expect(inventory.listAccounts()).toEqual([{ name: 'dev', environment: 'dev', status: 'ok' }]);
    await kube(cluster, 'POST', '/apis/apps/v1/namespaces/shop/deployments',
      deployment('web', { annotations: { 'moniker.spinnaker.io/application': 'shop' } }));
    await kube(cluster, 'POST', '/api/v1/namespaces/shop/services', {
      metadata: { name: 'web', annotations: { 'moniker.spinnaker.io/application': 'shop' } },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    });

    const web = await waitFor(() => {
      const c = webCluster();
      const sg = c?.serverGroups[0];
      return sg && sg.health.up === 2 && sg.traffic.enabled ? c : undefined;
    }, 'two up instances behind service web');
    expect(web.serverGroupManagers).toEqual([expect.objectContaining({ name: 'web', revision: 1, kind: 'Deployment' })]);
    const [sg] = web.serverGroups;
    expect(sg).toMatchObject({
      account: 'dev',
      namespace: 'shop',
      kind: 'ReplicaSet',
      moniker: { app: 'shop', cluster: 'deployment web' },
      version: 'v001',
      revision: 1,
      images: ['pause'],
      replicas: { desired: 2, ready: 2 },
      health: { up: 2, down: 0, starting: 0, unknown: 0 },
      manager: { kind: 'Deployment', name: 'web', revision: 1, current: true },
      traffic: { enabled: true, loadBalancers: ['service web'], declared: [] },
    });
    expect(sg.name).toMatch(/^web-/);
    expect(sg.instances.map(i => i.health)).toEqual(['up', 'up']);
    expect(shop().loadBalancers).toEqual([
      expect.objectContaining({ kind: 'Service', name: 'web', serverGroups: [`replicaSet ${sg.name}`] }),
    ]);
    expect(changes.some(c => c.app === 'shop')).toBe(true);
  });

  it('falls back to the kubernetes-id label and reads versions from the -vNNN suffix', async () => {
    await kube(cluster, 'POST', '/apis/apps/v1/namespaces/shop/replicasets', {
      metadata: { name: 'api-v002', labels: { 'backstage.io/kubernetes-id': 'shop' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'api' } },
        template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'c', image: 'api:1.2' }] } },
      },
    });
    const api = await waitFor(() => shop().clusters.find(c => c.name === 'replicaSet api' && c.serverGroups[0]?.health.up === 1), 'replicaSet api');
    expect(api.serverGroups[0]).toMatchObject({
      name: 'api-v002', version: 'v002', sequence: 2, images: ['api:1.2'],
      moniker: { app: 'shop', cluster: 'replicaSet api', sequence: 2 },
      traffic: { enabled: false, loadBalancers: [] },
    });
    expect(api.serverGroups[0].manager).toBeUndefined();
    // Objects of no application are in no view.
    expect(inventory.applicationClusters('nothing').accounts[0].clusters).toEqual([]);
  });

  it('disables traffic when the pods stop matching the Service selector, and enables it again', async () => {
    await mergePatch(cluster, '/api/v1/namespaces/shop/services/web', { spec: { selector: { app: 'web', track: 'live' } } });
    await waitFor(() => webCluster()?.serverGroups[0]?.traffic.enabled === false, 'traffic disabled');
    expect(shop().loadBalancers[0].serverGroups).toEqual([]);

    for (const pod of webCluster()!.serverGroups[0].instances) {
      await mergePatch(cluster, `/api/v1/namespaces/shop/pods/${pod.name}`, { metadata: { labels: { track: 'live' } } });
    }
    const sg = await waitFor(() => {
      const s = webCluster()?.serverGroups[0];
      return s?.traffic.enabled && s.instances.every(i => i.loadBalancers.length > 0) ? s : undefined;
    }, 'traffic enabled on every instance');
    expect(sg.traffic.loadBalancers).toEqual(['service web']);
    expect(sg.instances.every(i => i.loadBalancers.includes('service web'))).toBe(true);
  });

  it('sees a pod deleted outside the product within a second, then its replacement', async () => {
    const before = webCluster()!.serverGroups[0].instances.map(i => i.name);
    const victim = before[0];
    changes.length = 0;
    const started = Date.now();
    await kube(cluster, 'DELETE', `/api/v1/namespaces/shop/pods/${victim}`);
    await waitFor(() => !webCluster()!.serverGroups[0].instances.some(i => i.name === victim), 'pod gone', 1_000, 2);
    const visibleAfter = Date.now() - started;
    expect(visibleAfter).toBeLessThan(1_000);
    await waitFor(() => changes.some(c => c.app === 'shop'), 'change event', 1_000, 2);
    expect(changes.find(c => c.app === 'shop')!.at - started).toBeLessThan(1_000);

    const replaced = await waitFor(() => {
      const names = webCluster()!.serverGroups[0].instances.filter(i => i.health === 'up').map(i => i.name);
      return names.length === 2 && !names.includes(victim) ? names : undefined;
    }, 'replacement pod');
    expect(replaced.filter(n => !before.includes(n))).toHaveLength(1);
  });

  it('serves server group details with the manifest and recent events', async () => {
    const name = webCluster()!.serverGroups[0].name;
    const details = inventory.serverGroup('shop', 'dev', 'shop', 'replicaset', name);
    expect(details.manifest).toMatchObject({ kind: 'ReplicaSet', metadata: { name } });
    expect((details.manifest as any).metadata.managedFields).toBeUndefined();
    await waitFor(() => inventory.serverGroup('shop', 'dev', 'shop', 'ReplicaSet', name).events.length > 0, 'events');
    expect(() => inventory.serverGroup('other', 'dev', 'shop', 'ReplicaSet', name)).toThrow(/no ReplicaSet shop\//);
  });

  it('keeps Secret metadata only', async () => {
    await kube(cluster, 'POST', '/api/v1/namespaces/shop/secrets', {
      metadata: {
        name: 'creds-v001',
        annotations: { 'moniker.spinnaker.io/application': 'shop', 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"aHVudGVyMg=="}}' },
      },
      data: { password: Buffer.from('hunter2').toString('base64') },
    });
    const config = await waitFor(() => shop().configs.find(c => c.name === 'creds-v001'), 'secret');
    expect(config).toMatchObject({ kind: 'Secret', version: 'v001' });
    expect(JSON.stringify(inventory.applicationClusters('shop'))).not.toContain('aHVudGVyMg');
  });
});

describe('KubernetesInventory and pods killed outside the product', () => {
  let cluster: LocalCluster;
  let inventory: KubernetesInventory;

  beforeAll(async () => {
    cluster = await startLocalCluster({
      dataDir: tempDir(),
      // The pod's process tells its pid, so the test can kill it as an operator (or the OOM killer) would.
      imageCommands: { worker: { command: process.execPath, args: ['-e', 'console.log(`pid ${process.pid}`); setInterval(() => {}, 1000)'] } },
    });
    inventory = new KubernetesInventory({
      accounts: await accountsFor([{ name: 'dev', kubeconfig: { path: cluster.kubeconfigPath } }]),
    });
    inventory.start();
    await inventory.waitForSync();
    const worker = deployment('worker', { replicas: 1, image: 'worker', annotations: { 'moniker.spinnaker.io/application': 'crash' } });
    // Ready one second after each (re)start, so the not-ready time after a restart is observable.
    (worker.spec.template.spec.containers[0] as Record<string, unknown>).readinessProbe = {
      exec: { command: ['true'] }, initialDelaySeconds: 1, periodSeconds: 1,
    };
    await kube(cluster, 'POST', '/apis/apps/v1/namespaces/default/deployments', worker);
  });

  afterAll(async () => {
    await inventory?.stop();
    await cluster?.stop();
  });

  const instances = () =>
    inventory.applicationClusters('crash').accounts[0].clusters.flatMap(c => c.serverGroups.flatMap(s => s.instances));
  const upInstance = () => waitFor(() => {
    const all = instances();
    return all.length === 1 && all[0].health === 'up' ? all[0] : undefined;
  }, 'one up worker instance', 30_000);

  async function pidOf(pod: string): Promise<number> {
    return waitFor(async () => {
      const response = await fetch(`${cluster.url}/api/v1/namespaces/default/pods/${pod}/log`);
      const match = /pid (\d+)/.exec(await response.text());
      return match ? Number(match[1]) : undefined;
    }, `pid in the log of ${pod}`);
  }

  it('shows an instance whose process was killed as down, then up again once its container restarted', async () => {
    const before = await upInstance();
    process.kill(await pidOf(before.name), 'SIGKILL');

    const down = await waitFor(() => instances().find(i => i.name === before.name && i.health === 'down'), 'killed instance down', 10_000, 5);
    expect(down.healthReason).toBe('Restarted after Error (exit code 137)');
    expect(inventory.applicationClusters('crash').accounts[0].clusters[0].serverGroups[0].health).toMatchObject({ up: 0, down: 1 });

    const after = await upInstance();
    expect(after.name).toBe(before.name);
    expect(after.containers[0]).toMatchObject({ restartCount: 1 });
  });

  it('drops an instance deleted through the API, then shows its replacement up', async () => {
    const before = await upInstance();
    await kube(cluster, 'DELETE', `/api/v1/namespaces/default/pods/${before.name}`);
    await waitFor(() => !instances().some(i => i.name === before.name && i.health === 'up'), 'deleted instance no longer up', 10_000, 5);
    const replacement = await upInstance();
    expect(replacement.name).not.toBe(before.name);
    expect(instances().map(i => i.name)).toEqual([replacement.name]);
  });
});

describe('KubernetesInventory views as JSON', () => {
  let cluster: LocalCluster;
  let inventory: KubernetesInventory;
  const json = (application: string) => JSON.parse(inventory.applicationClustersJson(application).body.toString('utf8'));

  beforeAll(async () => {
    cluster = await startLocalCluster({
      dataDir: tempDir(),
      imageCommands: { idler: { command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] } },
    });
    inventory = new KubernetesInventory({
      accounts: await accountsFor([{ name: 'dev', kubeconfig: { path: cluster.kubeconfigPath } }]),
      backoff: { initialMs: 100, maxMs: 500 },
    });
    inventory.start();
    await inventory.waitForSync();
  });

  afterAll(async () => {
    await inventory?.stop();
    await cluster?.stop();
  });

  it('serves the view it builds, reused until something of the application changes', async () => {
    await kube(cluster, 'POST', '/apis/apps/v1/namespaces/default/deployments',
      deployment('cached', { replicas: 1, annotations: { 'moniker.spinnaker.io/application': 'cached' } }));
    const desired = (view: ApplicationClusters) => view.accounts[0].clusters[0]?.serverGroups[0]?.replicas.desired;
    const one = await waitFor(() => {
      const view = inventory.applicationClusters('cached');
      return view.accounts[0].clusters[0]?.serverGroups[0]?.health.up === 1 ? view : undefined;
    }, 'one instance up');
    const first = inventory.applicationClustersJson('cached');
    expect(json('cached')).toEqual(one);
    expect(inventory.applicationClustersJson('cached').body).toBe(first.body);

    // Its own change shows as soon as the inventory has it (in the same tick as the in-memory view).
    await mergePatch(cluster, '/apis/apps/v1/namespaces/default/deployments/cached', { spec: { replicas: 2 } });
    const [inMemory, served] = await waitFor(() => {
      const view = inventory.applicationClusters('cached');
      return desired(view) === 2 ? [view, json('cached')] : undefined;
    }, 'scaled to two');
    expect(served).toEqual(inMemory);
    expect(inventory.applicationClustersJson('cached').etag).not.toBe(first.etag);
  });

  it('turns a starting instance unknown once its startup window ends, with nothing else changing', async () => {
    const stuck = deployment('stuck', { replicas: 1, image: 'idler', annotations: { 'moniker.spinnaker.io/application': 'stuck' } });
    // Never ready: the instance stays in its startup window.
    (stuck.spec.template.spec.containers[0] as Record<string, unknown>).readinessProbe = { exec: { command: ['false'] }, periodSeconds: 1 };
    await kube(cluster, 'POST', '/apis/apps/v1/namespaces/default/deployments', stuck);
    const health = (view: ApplicationClusters) => view.accounts[0].clusters[0]?.serverGroups[0]?.instances[0]?.health;
    await waitFor(() => health(json('stuck')) === 'starting', 'a starting instance', 30_000);
    const now = Date.now();
    const later = jest.spyOn(Date, 'now').mockReturnValue(now + 301_000);
    try {
      expect(health(json('stuck'))).toBe('unknown');
    } finally {
      later.mockRestore();
    }
  });

  it('shows an account status change in every view', async () => {
    expect(json('nobody').accounts[0]).toMatchObject({ status: 'ok', clusters: [] });
    await cluster.stop();
    await waitFor(() => json('nobody').accounts[0].status === 'error', 'account error in a cached view', 30_000, 50);
    expect(inventory.listAccounts()[0]).toMatchObject({ status: 'error' });
  });
});

describe('KubernetesInventory relists', () => {
  it('relists after the watch resumes from a resourceVersion the cluster has compacted (410)', async () => {
    let blockWatches = false;
    const faults = {
      shouldFail: (req: { url?: string }): InjectedFault | undefined =>
        blockWatches && req.url?.includes('watch=true') ? { code: 503, message: 'watches paused by the test' } : undefined,
    };
    const cluster = await startLocalCluster({ dataDir: tempDir(), watchWindow: 20, faults });
    const inventory = new KubernetesInventory({
      accounts: await accountsFor([{ name: 'dev', kubeconfig: { path: cluster.kubeconfigPath } }]),
      watchTimeoutSeconds: 1,
      backoff: { initialMs: 50, maxMs: 200 },
    });
    try {
      const configMap = (name: string) => ({ metadata: { name, annotations: { 'moniker.spinnaker.io/application': 'relist' } }, data: { k: name } });
      await kube(cluster, 'POST', '/api/v1/namespaces/default/configmaps', configMap('first'));
      inventory.start();
      await inventory.waitForSync();
      const names = () => inventory.applicationClusters('relist').accounts[0].configs.map(c => c.name);
      expect(names()).toEqual(['first']);

      blockWatches = true;
      // Every watch ends within its 1 s timeout and cannot come back while blocked.
      await waitFor(() => inventory.watchStats('dev').every(w => w.status.state === 'error'), 'watches blocked', 5_000, 50);
      expect(inventory.listAccounts()[0]).toMatchObject({ status: 'error', message: expect.stringContaining('503') });
      await kube(cluster, 'DELETE', '/api/v1/namespaces/default/configmaps/first');
      for (let i = 0; i < 30; i++) await kube(cluster, 'POST', '/api/v1/namespaces/default/configmaps', configMap(`cm-${String(i).padStart(2, '0')}`));
      blockWatches = false;

      await waitFor(() => names().length === 30 && !names().includes('first'), 'relisted configmaps', 10_000);
      const configMaps = inventory.watchStats('dev').find(w => w.watch === 'configmaps')!;
      expect(configMaps.expired).toBeGreaterThanOrEqual(1);
      expect(configMaps.lists).toBeGreaterThanOrEqual(2);
      await waitFor(() => inventory.listAccounts()[0].status === 'ok', 'account ok again', 5_000);
    } finally {
      await inventory.stop();
      await cluster.stop();
    }
  });
});

describe('KubernetesInventory account errors', () => {
  it('reports bad tokens, unreachable servers and forbidden namespaces while other accounts keep working', async () => {
    const faults = {
      shouldFail: (req: { url?: string }): InjectedFault | undefined =>
        req.url?.includes('/namespaces/locked/') ? { code: 403, message: 'forbidden: cannot access namespace "locked"' } : undefined,
    };
    const cluster = await startLocalCluster({ dataDir: tempDir(), token: 'secret', faults });
    const closedPort = await new Promise<number>(resolve => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const caller = { url: cluster.url, token: 'secret' };
    for (const name of ['open', 'locked']) await kube(caller, 'POST', '/api/v1/namespaces', { metadata: { name } });
    await kube(caller, 'POST', '/api/v1/namespaces/open/configmaps', {
      metadata: { name: 'settings', annotations: { 'moniker.spinnaker.io/application': 'tok' } },
    });
    const inventory = new KubernetesInventory({
      accounts: await accountsFor([
        { name: 'good', url: cluster.url, serviceAccountToken: 'secret', skipTLSVerify: true },
        { name: 'bad-token', url: cluster.url, serviceAccountToken: 'wrong', skipTLSVerify: true },
        { name: 'gone', url: `http://127.0.0.1:${closedPort}`, serviceAccountToken: 'x', skipTLSVerify: true },
        { name: 'partial', url: cluster.url, serviceAccountToken: 'secret', skipTLSVerify: true, namespaces: ['open', 'locked'] },
      ]),
      backoff: { initialMs: 100, maxMs: 1_000 },
    });
    try {
      inventory.start();
      await inventory.waitForSync();
      const byName = Object.fromEntries(inventory.listAccounts().map(a => [a.name, a]));
      expect(byName.good).toEqual({ name: 'good', status: 'ok' });
      expect(byName['bad-token']).toMatchObject({ status: 'error', message: expect.stringMatching(/401 Unauthorized: bad token/) });
      expect(byName.gone).toMatchObject({ status: 'error', message: expect.stringMatching(/^unreachable: connection refused at http:\/\/127\.0\.0\.1:\d+/) });
      expect(byName.partial).toMatchObject({ status: 'error', message: expect.stringContaining('forbidden: cannot access namespace "locked"') });

      const view = Object.fromEntries(inventory.applicationClusters('tok').accounts.map(a => [a.name, a]));
      expect(view.good.configs.map(c => c.name)).toEqual(['settings']);
      expect(view.partial.configs.map(c => c.name)).toEqual(['settings']);
      expect(view['bad-token']).toMatchObject({ status: 'error', configs: [] });
      // Nothing about credentials in what the API serves.
      expect(JSON.stringify(inventory.listAccounts())).not.toContain('secret');
    } finally {
      await inventory.stop();
      await cluster.stop();
    }
  });
});
