import type { ObjectStore } from '../store/types';
import { Network } from '../network/Network';
import { PodRuntime } from '../runtime/PodRuntime';
import type { ImageCommand, PodLogSource } from '../runtime/types';
import { startCronJobController } from './cronjob';
import { startDaemonSetController } from './daemonset';
import { startDeploymentController } from './deployment';
import { startEndpointsController } from './endpoints';
import { createEventRecorder } from './events';
import { startJobController } from './job';
import { lookupKinds } from './kinds';
import { startNodeHeartbeat } from './node';
import { startReplicaSetController } from './replicaset';
import { startStatefulSetController } from './statefulset';

export interface ControllerDeps {
  store: ObjectStore;
  /** where container logs are kept */
  dataDir: string;
  /** images that run as local commands, by image name without tag (`demo-app`) or full name */
  imageCommands?: Record<string, ImageCommand>;
  /** the host address service proxies listen on and pods report as hostIP, e.g. 127.0.0.1 */
  host: string;
}

export interface RunningControllers {
  logs: PodLogSource;
  /** per-backend request metrics of the service proxies, Prometheus text format */
  metricsText(): string;
  /** the host port proxying a Service port (first port when none given) */
  proxyPort(
    namespace: string,
    service: string,
    servicePort?: number,
  ): number | undefined;
  /** stops controllers and proxies and kills every pod process */
  stop(): Promise<void>;
}

/** Starts the controllers, the pod runtime and the service network against an object store. */
export async function startControllers(
  deps: ControllerDeps,
): Promise<RunningControllers> {
  const kinds = lookupKinds(deps.store);
  const events = createEventRecorder(deps.store, kinds.events);
  const network = new Network(deps.store, kinds, deps.host);
  const runtime = new PodRuntime({
    store: deps.store,
    kinds,
    events,
    dataDir: deps.dataDir,
    host: deps.host,
    imageCommands: deps.imageCommands ?? {},
    serviceLinks: ns => network.serviceLinks(ns),
  });
  // the network first, so that pods started at once get their service links
  network.start();
  runtime.start();
  const stops = [
    startNodeHeartbeat(deps.store, kinds, deps.host),
    startEndpointsController(deps.store, kinds),
    startReplicaSetController(deps.store, kinds, events),
    startDeploymentController(deps.store, kinds, events),
    startStatefulSetController(deps.store, kinds, events),
    startDaemonSetController(deps.store, kinds, events),
    startJobController(deps.store, kinds, events),
    startCronJobController(deps.store, kinds, events),
  ];
  let stopping: Promise<void> | undefined;
  return {
    logs: runtime,
    metricsText: () => network.metricsText(),
    proxyPort: (ns, svc, port) => network.proxyPort(ns, svc, port),
    stop() {
      stopping ??= (async () => {
        stops.forEach(s => s());
        await Promise.all([runtime.stop(), network.stop()]);
      })();
      return stopping;
    },
  };
}
