import path from 'path';
import { startApiServer, ApiServer } from './api/server';
import { FaultInjector } from './api/types';
import { RuleFaultInjector } from './api/faultRules';
import { startControllers } from './controllers';
import { GarbageCollector, startGarbageCollector } from './gc';
import { writeKubeconfig } from './kubeconfig';
import type { ImageCommand } from './runtime/types';
import { MemoryStore } from './store/MemoryStore';

export interface LocalClusterOptions {
  /** 0 (default) picks a free port */
  port?: number;
  /** interface to listen on, 127.0.0.1 by default */
  host?: string;
  /** where objects persist and the kubeconfig is written */
  dataDir: string;
  /** when set, API requests need `Authorization: Bearer <token>` */
  token?: string;
  /** images that run as local processes, e.g. `{ 'demo-app': { command: 'node', args: ['app.js'] } }` */
  imageCommands?: Record<string, ImageCommand>;
  /** make chosen API requests fail (tests) */
  faults?: FaultInjector;
  /** serve `/local-cluster/faults`, through which rules making requests fail can be set at runtime */
  faultControl?: boolean;
  /** how many recent events a watch can resume from (default 5000) */
  watchWindow?: number;
  /** how often bookmark-enabled watches get a bookmark (default 5000 ms) */
  bookmarkIntervalMs?: number;
}

export interface LocalCluster {
  /** the API server's URL, e.g. http://127.0.0.1:6443 */
  readonly url: string;
  readonly port: number;
  /** kubeconfig written into dataDir, context `local` */
  readonly kubeconfigPath: string;
  readonly store: MemoryStore;
  /** the runtime fault rules, when started with `faultControl` */
  readonly faultRules?: RuleFaultInjector;
  /** cuts every open watch stream (clients must re-watch); returns how many */
  dropWatches(): number;
  /** the host port that proxies a Service port (its first port when none is given) */
  proxyPort(namespace: string, service: string, servicePort?: number): number | undefined;
  /** Prometheus text of the service proxies' request metrics, as served at /metrics */
  metricsText(): string;
  /** stops controllers, pods, the API server, and flushes the objects to disk */
  stop(): Promise<void>;
}

/** Starts a single-node Kubernetes-compatible cluster: store, garbage collector, controllers, API. */
export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const host = options.host ?? '127.0.0.1';
  const store = new MemoryStore({
    dataDir: options.dataDir,
    watchWindow: options.watchWindow,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
  });
  let gc: GarbageCollector | undefined;
  let controllers: Awaited<ReturnType<typeof startControllers>> | undefined;
  let api: ApiServer | undefined;
  const faultRules = options.faultControl ? new RuleFaultInjector() : undefined;
  try {
    gc = startGarbageCollector(store);
    controllers = await startControllers({ store, dataDir: options.dataDir, imageCommands: options.imageCommands, host });
    const running = controllers;
    api = await startApiServer({
      store,
      host,
      port: options.port ?? 0,
      token: options.token,
      faults: options.faults,
      faultControl: faultRules,
      logs: running.logs,
      metricsText: () => running.metricsText(),
    });
  } catch (e) {
    await controllers?.stop().catch(() => undefined);
    gc?.stop();
    store.close();
    throw e;
  }
  const kubeconfigPath = path.join(options.dataDir, 'kubeconfig.yaml');
  writeKubeconfig(kubeconfigPath, api.url, options.token);
  let stopping: Promise<void> | undefined;
  const server = api;
  const running = controllers;
  const collector = gc;
  return {
    url: server.url,
    port: server.port,
    kubeconfigPath,
    store,
    faultRules,
    dropWatches: () => server.dropWatches(),
    proxyPort: (namespace, service, servicePort) => running.proxyPort(namespace, service, servicePort),
    metricsText: () => running.metricsText(),
    stop: () => {
      stopping ??= (async () => {
        await server.close();
        await running.stop();
        collector.stop();
        store.close();
      })();
      return stopping;
    },
  };
}
