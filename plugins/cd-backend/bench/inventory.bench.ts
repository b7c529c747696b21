/*
 * npm run bench:inventory — the live inventory against its peer, in one run.
 *
 * Three accounts are three local clusters (dev, staging, prod), each in its own
 * process: separate API servers are what accounts are in production, the peer
 * (which has no namespace restriction per cluster) then sees exactly the same
 * objects as the inventory, and the benchmark process holds only the inventory,
 * so its memory delta is the inventory's. Server groups are ReplicaSets of
 * process-less pods spread round-robin over the clusters and over 100
 * applications, each labelled `backstage.io/kubernetes-id: <application>`.
 *
 * Who runs where: this process holds the inventory and serves our route; the
 * peer backend has a process of its own (inventoryPeerProcess.ts), and so has
 * the HTTP client that times both (inventoryClient.ts), as a browser would. So
 * neither server's garbage collection, nor the client's parsing of the other's
 * (much larger) answers, lands in the other server's timings. The two sides
 * are timed interleaved, each turn after 50 ms of quiet, under the same load.
 *
 * Prints, for one application (`app-7`):
 *  - p50/p99 of its cluster view from the inventory: built in memory, built and
 *    serialized (what a read costs right after a change), and through our HTTP
 *    route (GET /api/cd/applications/app-7/clusters), which serves the view
 *    serialized once since the application last changed;
 *  - p50/p99 of the same entity's view from @backstage/plugin-kubernetes-backend
 *    (POST /api/kubernetes/services/app-7, the route the Kubernetes tab calls),
 *    and the ratio of the two HTTP figures;
 *  - the inventory's heap and RSS delta;
 *  - the delay from a change (scale, pod delete) to its appearance in the view
 *    served by our route.
 *
 * Sizes (defaults are the issue's: 1,000 server groups × 10 pods):
 *   npm run bench:inventory -- [serverGroups] [podsPerGroup] [peerSamples]
 *   or INVENTORY_BENCH_SERVER_GROUPS / INVENTORY_BENCH_PODS_PER_GROUP /
 *   INVENTORY_BENCH_PEER_SAMPLES in the environment.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { ApplicationClusters } from '@internal/plugin-cd-common';
import { ChildProcess, spawn } from 'child_process';
import express from 'express';
import fs from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import { performance, PerformanceObserver } from 'perf_hooks';
import readline from 'readline';
import { CdAuthorizer } from '../src/api/CdAuthorizer';
import { createClustersRouter } from '../src/api/clustersRouter';
import { KubernetesInventory } from '../src/inventory';
import { ClusterCaller, kube, waitFor } from '../src/inventory/testing';
import { loadKubernetesAccounts } from '../src/kubernetes';
import { StaticApplicationResolver } from '../src/service/ApplicationResolver';
import { startBenchClient } from './inventoryClient';
import { closeHttpClient, HttpRequest, requestJson } from './inventoryHttp';
import { PEER_OBJECT_TYPES, PeerCluster, PeerResponse } from './inventoryPeer';

const arg = (index: number, env: string, fallback: number) => {
  const value = Number(process.argv[2 + index] ?? process.env[env] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${env} (argument ${index + 1}) must be a positive integer`);
  return value;
};
const SERVER_GROUPS = arg(0, 'INVENTORY_BENCH_SERVER_GROUPS', 1000);
const PODS_PER_GROUP = arg(1, 'INVENTORY_BENCH_PODS_PER_GROUP', 10);
const PEER_SAMPLES = arg(2, 'INVENTORY_BENCH_PEER_SAMPLES', 100);
const VIEW_SAMPLES = 2_000;
const HTTP_SAMPLES = 500;
const CHANGE_SAMPLES = 20;
/** Quiet before each side's turn in the interleaved timing, so neither pays for the other's trailing work. */
const SETTLE_MS = 50;
const ACCOUNTS = ['dev', 'staging', 'prod'];
// Ten server groups per application at every size, so the measured view has the same shape.
const APPLICATIONS = Math.max(1, Math.round(SERVER_GROUPS / 10));
const APPLICATION = `app-${7 % APPLICATIONS}`;
const NAMESPACE = 'default';

interface ClusterProcess extends ClusterCaller {
  name: string;
  token: string;
  kubeconfigPath: string;
  child: ChildProcess;
}

interface PeerProcess {
  request: HttpRequest;
  child: ChildProcess;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function memory() {
  for (let i = 0; i < 3; i++) global.gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), samples: sorted.length };
}

async function timed(samples: number, fn: () => unknown | Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) times.push(await time(fn));
  return summary(times);
}

/**
 * Starts a bench TS file in a child process; resolves with the child and the first JSON
 * object it prints that has a `url` (anything else it prints, such as logs, is passed on).
 */
function startServingProcess(file: string, args: string[], what: string): Promise<{ child: ChildProcess; line: any }> {
  const child = spawn(
    process.execPath,
    ['-r', '@backstage/cli/config/nodeTransform.cjs', path.join(__dirname, file), ...args],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    const failed = (code: number | null) => reject(new Error(`${what} exited with ${code} before serving`));
    child.once('exit', failed);
    const lines = readline.createInterface({ input: child.stdout! });
    let serving = false;
    lines.on('line', text => {
      const echo = () => process.stdout.write(`${what}: ${text}\n`);
      if (serving) {
        echo();
        return;
      }
      let parsed: any;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (typeof parsed?.url !== 'string') {
        echo();
        return;
      }
      serving = true;
      child.off('exit', failed);
      resolve({ child, line: parsed });
    });
  });
}

async function startClusterProcess(name: string, dataDir: string): Promise<ClusterProcess> {
  const token = `bench-${name}-${Math.random().toString(36).slice(2)}`;
  const { child, line } = await startServingProcess('inventoryCluster.ts', [dataDir, token], `cluster ${name}`);
  return { name, url: line.url, token, kubeconfigPath: line.kubeconfigPath, child };
}

/** @backstage/plugin-kubernetes-backend for the application's entity, in its own process. */
async function startPeerProcess(clusters: PeerCluster[], application: string): Promise<PeerProcess> {
  const { child, line } = await startServingProcess('inventoryPeerProcess.ts', [JSON.stringify({ clusters, application })], 'peer');
  return { request: line, child };
}

async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function replicaSet(index: number) {
  const app = `app-${index % APPLICATIONS}`;
  const labels = { 'backstage.io/kubernetes-id': app };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `${app}-sg${index}-v001`, labels },
    spec: {
      replicas: PODS_PER_GROUP,
      selector: { matchLabels: { sg: String(index) } },
      template: {
        metadata: { labels: { ...labels, sg: String(index) } },
        spec: { containers: [{ name: 'main', image: 'pause' }] },
      },
    },
  };
}

/** Creates this cluster's share of the server groups, a few requests at a time. */
async function populate(cluster: ClusterProcess, indexes: number[]) {
  let next = 0;
  const worker = async () => {
    while (next < indexes.length) {
      const index = indexes[next++];
      await kube(cluster, 'POST', `/apis/apps/v1/namespaces/${NAMESPACE}/replicasets`, replicaSet(index));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const expected = indexes.length * PODS_PER_GROUP;
  await waitFor(async () => {
    const list = await kube(cluster, 'GET', `/api/v1/namespaces/${NAMESPACE}/pods?limit=1`);
    return Number(list.metadata.remainingItemCount ?? 0) + list.items.length >= expected;
  }, `${expected} pods in ${cluster.name}`, 900_000, 500);
}

const instancesOf = (view: ApplicationClusters) =>
  view.accounts.flatMap(a => a.clusters.flatMap(c => c.serverGroups.flatMap(s => s.instances)));
const serverGroupsOf = (view: ApplicationClusters) => view.accounts.flatMap(a => a.clusters.flatMap(c => c.serverGroups));

function peerPods(response: PeerResponse): number {
  return response.items.reduce((n, item) => n + (item.resources.find(r => r.type === 'pods')?.resources.length ?? 0), 0);
}

/** Our clusters router as the portal reaches it: HTTP, credentials, a permission check per request. */
async function startInventoryServer(inventory: KubernetesInventory) {
  const permissions: PermissionsService = {
    authorize: async requests => requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
    authorizeConditional: async () => {
      throw new Error('not used');
    },
  };
  const applications = new StaticApplicationResolver();
  const router = createClustersRouter({
    inventory,
    applications,
    authorizer: new CdAuthorizer({ httpAuth: mockServices.httpAuth(), permissions, applications }),
  });
  const server = http.createServer(express().use('/api/cd', router));
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const request: HttpRequest = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/cd/applications/${APPLICATION}/clusters`,
    headers: { Authorization: mockCredentials.user.header() },
  };
  return {
    request,
    stop: () => new Promise<void>(resolve => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-inventory-bench-'));
  const clusters: ClusterProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  try {
    clusters.push(...(await Promise.all(ACCOUNTS.map(name => startClusterProcess(name, path.join(root, name))))));
    const started = Date.now();
    const indexes = Array.from({ length: SERVER_GROUPS }, (_, i) => i);
    await Promise.all(clusters.map((cluster, c) => populate(cluster, indexes.filter(i => i % clusters.length === c))));
    console.log(
      `clusters: ${ACCOUNTS.length} accounts (one local cluster process each), ${SERVER_GROUPS} ReplicaSets, ` +
        `${SERVER_GROUPS * PODS_PER_GROUP} pods, ${APPLICATIONS} applications; created in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const { accounts } = await loadKubernetesAccounts(new ConfigReader({
      cd: { accounts: clusters.map(c => ({ name: c.name, kubeconfig: { path: c.kubeconfigPath } })) },
    }));
    const before = memory();
    const inventory = new KubernetesInventory({ accounts });
    cleanups.push(() => inventory.stop());
    const syncStart = Date.now();
    inventory.start();
    await inventory.waitForSync(900_000);
    const view = () => inventory.applicationClusters(APPLICATION);
    const expectedInstances = serverGroupIndexesOf(APPLICATION).length * PODS_PER_GROUP;
    await waitFor(() => serverGroupsOf(view()).reduce((n, s) => n + s.health.up, 0) === expectedInstances,
      `${APPLICATION}: ${expectedInstances} instances up`, 900_000, 100);
    const syncMs = Date.now() - syncStart;
    const after = memory();
    const errors = inventory.listAccounts().filter(a => a.status !== 'ok');
    if (errors.length) throw new Error(`accounts not ok: ${JSON.stringify(errors)}`);

    const server = await startInventoryServer(inventory);
    cleanups.push(() => server.stop());
    const peerProcess = await startPeerProcess(clusters.map(c => ({ name: c.name, url: c.url, token: c.token })), APPLICATION);
    cleanups.push(() => stopProcess(peerProcess.child));
    const bench = startBenchClient();
    cleanups.push(() => bench.stop());

    // Both answer for the same objects before anything is timed.
    const ours = await bench.fetch<ApplicationClusters>(server.request);
    const theirs = await bench.fetch<PeerResponse>(peerProcess.request);
    const peerErrors = theirs.items.flatMap(i => i.errors.map(e => `${i.cluster.name}: ${e.errorType} ${e.statusCode ?? ''} ${e.resourcePath ?? e.message ?? ''}`));
    if (peerErrors.length) throw new Error(`the peer reported errors: ${[...new Set(peerErrors)].join('; ')}`);
    if (instancesOf(ours).length !== expectedInstances || peerPods(theirs) !== expectedInstances) {
      throw new Error(`views differ: inventory ${instancesOf(ours).length} instances, peer ${peerPods(theirs)} pods, expected ${expectedInstances}`);
    }

    // How busy the process is with nothing asked of it (watch traffic, timers), over two seconds.
    const idleStart = performance.eventLoopUtilization();
    await new Promise(resolve => setTimeout(resolve, 2_000));
    const idle = performance.eventLoopUtilization(idleStart).utilization;
    const load = os.loadavg()[0];
    const inMemory = await timed(VIEW_SAMPLES, view);
    const rebuilt = await timed(VIEW_SAMPLES, () => JSON.stringify(view()));
    await bench.repeat(server.request, 20);
    await bench.repeat(peerProcess.request, 3);
    // Interleaved, so both sides are measured under the same machine load.
    const perPeerCall = Math.ceil(HTTP_SAMPLES / PEER_SAMPLES);
    const pauses = gcPauses();
    const { first: peerTimes, second: ourTimes } = await bench.interleave(peerProcess.request, server.request, {
      rounds: PEER_SAMPLES,
      secondPerRound: perPeerCall,
      settleMs: SETTLE_MS,
    });
    const ourGc = pauses.stop();
    const ourHttp = summary(ourTimes);
    const peerHttp = summary(peerTimes);
    // CPU per view across every process involved (this one, the clusters, the peer, the client):
    // unlike wall time, it does not depend on how busy the machine is.
    const pids = [...clusters.map(c => c.child.pid!), peerProcess.child.pid!, bench.pid];
    const ourCpu = await cpuPerCall(pids, 200, n => bench.repeat(server.request, n));
    const peerCpu = await cpuPerCall(pids, Math.max(10, Math.ceil(PEER_SAMPLES / 5)), n => bench.repeat(peerProcess.request, n));

    // Seen where the portal reads it: through our route, whose cache each change must clear.
    const served = () => requestJson<ApplicationClusters>(server.request.url, server.request);
    const scaleDelays = await measureScale(clusters, served);
    const deleteDelays = await measureDelete(clusters, served);

    const groups = serverGroupsOf(view()).length;
    console.log(`inventory: synced in ${(syncMs / 1000).toFixed(1)} s; heap +${mb(after.heapUsed - before.heapUsed)}, RSS +${mb(after.rss - before.rss)}${global.gc ? '' : ' (run node with --expose-gc for steadier figures)'}`);
    const bytes = (value: unknown) => `${(Buffer.byteLength(JSON.stringify(value)) / 1024).toFixed(0)} KB`;
    console.log(`machine load while timing: ${load.toFixed(1)} (1-minute load average, ${os.cpus().length} cores); this process's event loop busy ${(idle * 100).toFixed(1)}% while idle`);
    console.log(`view of ${APPLICATION} (${groups} server groups, ${expectedInstances} instances in ${ACCOUNTS.length} accounts; JSON: inventory ${bytes(ours)}, peer ${bytes(theirs)}):`);
    console.log(`  inventory, in memory          p50 ${ms(inMemory.p50)} ms  p99 ${ms(inMemory.p99)} ms  (${VIEW_SAMPLES} samples; view built from the indexes)`);
    console.log(`  inventory, built + JSON       p50 ${ms(rebuilt.p50)} ms  p99 ${ms(rebuilt.p99)} ms  (${VIEW_SAMPLES} samples; a read right after the application changed)`);
    console.log(`  inventory, HTTP route         p50 ${ms(ourHttp.p50)} ms  p99 ${ms(ourHttp.p99)} ms  (${ourHttp.samples} samples; target p99 < 20 ms)`);
    console.log(`  plugin-kubernetes-backend     p50 ${ms(peerHttp.p50)} ms  p99 ${ms(peerHttp.p99)} ms  (${PEER_SAMPLES} samples; POST /api/kubernetes/services/${APPLICATION}, ${PEER_OBJECT_TYPES.length} object types)`);
    console.log(`  ratio (peer / inventory, HTTP) p50 ${(peerHttp.p50 / ourHttp.p50).toFixed(1)}×  p99 ${(peerHttp.p99 / ourHttp.p99).toFixed(1)}×  (target ≥ 20×)`);
    console.log(`  CPU per view (all processes)  inventory ${ourCpu.toFixed(2)} ms, peer ${peerCpu.toFixed(1)} ms: ratio ${(peerCpu / ourCpu).toFixed(0)}×`);
    console.log(`  GC in the inventory's process while timed: ${ourGc.count} pauses, ${ourGc.totalMs.toFixed(0)} ms in all, longest ${ourGc.maxMs.toFixed(1)} ms`);
    console.log(`change to visible in the view served over HTTP (includes the API call that makes the change):`);
    console.log(`  scale a server group (+1 replica, desired count shown)  p50 ${percentile(scaleDelays, 50)} ms  p99 ${percentile(scaleDelays, 99)} ms  (${scaleDelays.length} changes)`);
    console.log(`  pod deleted outside the product (instance gone)        p50 ${percentile(deleteDelays, 50)} ms  p99 ${percentile(deleteDelays, 99)} ms  (${deleteDelays.length} changes)`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(e => console.error(`cleanup: ${e}`));
    closeHttpClient();
    await Promise.all(clusters.map(c => stopProcess(c.child)));
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU of another process so far, from /proc (Linux), in ms. */
function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Average CPU (this process + the given ones) per call, `run(calls)` making the calls, in ms. */
async function cpuPerCall(pids: number[], calls: number, run: (calls: number) => Promise<unknown>): Promise<number> {
  const others = () => pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
  const ownBefore = process.cpuUsage();
  const othersBefore = others();
  await run(calls);
  const own = process.cpuUsage(ownBefore);
  return ((own.user + own.system) / 1000 + (others() - othersBefore)) / calls;
}

/** Records this process's garbage collection pauses until stopped. */
function gcPauses() {
  const durations: number[] = [];
  const observer = new PerformanceObserver(list => list.getEntries().forEach(e => durations.push(e.duration)));
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      // Entries are delivered asynchronously: take the ones still buffered too.
      observer.takeRecords().forEach(e => durations.push(e.duration));
      observer.disconnect();
      return { count: durations.length, totalMs: durations.reduce((a, b) => a + b, 0), maxMs: Math.max(0, ...durations) };
    },
  };
}

function serverGroupIndexesOf(application: string): number[] {
  return Array.from({ length: SERVER_GROUPS }, (_, i) => i).filter(i => `app-${i % APPLICATIONS}` === application);
}

const clusterOfAccount = (clusters: ClusterProcess[], account: string) => clusters.find(c => c.name === account)!;

async function measureScale(clusters: ClusterProcess[], view: () => Promise<ApplicationClusters>): Promise<number[]> {
  const delays: number[] = [];
  for (let i = 0; i < CHANGE_SAMPLES; i++) {
    const groups = serverGroupsOf(await view());
    const group = groups[i % groups.length];
    const replicas = group.replicas.desired + (i % 2 === 0 ? 1 : -1);
    const started = Date.now();
    await kube(clusterOfAccount(clusters, group.account), 'PATCH',
      `/apis/apps/v1/namespaces/${group.namespace}/replicasets/${group.name}/scale`,
      { spec: { replicas } }, 'application/merge-patch+json');
    await waitFor(async () => serverGroupsOf(await view()).some(s => s.uid === group.uid && s.replicas.desired === replicas), 'scale visible', 10_000, 1);
    delays.push(Date.now() - started);
  }
  return delays.sort((a, b) => a - b);
}

async function measureDelete(clusters: ClusterProcess[], view: () => Promise<ApplicationClusters>): Promise<number[]> {
  const delays: number[] = [];
  for (let i = 0; i < CHANGE_SAMPLES; i++) {
    // The previous victim's replacement is up first, so every sample starts from a settled group.
    const group = await waitFor(async () => {
      const groups = serverGroupsOf(await view());
      const g = groups[i % groups.length];
      return g.health.up === g.replicas.desired && g.instances.length === g.replicas.desired ? g : undefined;
    }, 'server group settled', 30_000, 5);
    const victim = group.instances[0];
    const started = Date.now();
    await kube(clusterOfAccount(clusters, group.account), 'DELETE', `/api/v1/namespaces/${victim.namespace}/pods/${victim.name}`);
    await waitFor(async () => !instancesOf(await view()).some(p => p.name === victim.name), 'deletion visible', 10_000, 1);
    delays.push(Date.now() - started);
  }
  return delays.sort((a, b) => a - b);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
