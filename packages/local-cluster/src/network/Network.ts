import type { KubeObject, ObjectStore } from '../store/types';
import type { Kinds } from '../controllers/kinds';
import {
  keyOf,
  objectKey,
  setCondition,
  splitKey,
  stableStringify,
  writeObject,
  writeStatus,
} from '../controllers/objects';
import { WorkQueue } from '../controllers/WorkQueue';
import { watchKind } from '../controllers/informer';
import { RequestMetrics } from './metrics';
import { Endpoint, ProxyServer, ProxyState } from './ProxyServer';
import { routeParents, WeightedPicker } from './routing';

/** Annotation with the host port that proxies the Service's first port. */
export const PROXY_PORT_ANNOTATION = 'local-cluster.dev/proxy-port';
/** Annotation with every proxied port: JSON `{ "<service port>": <host port> }`. */
export const PROXY_PORTS_ANNOTATION = 'local-cluster.dev/proxy-ports';
const CONTROLLER_NAME = 'local-cluster.dev/proxy';

interface ProxySet {
  /** the ports this set was built for, to notice spec changes */
  signature: string;
  servers: Map<number, { server: ProxyServer; hostPort: number }>;
}

/**
 * The cluster network: a real HTTP proxy on the host for every Service port and Gateway listener,
 * routing by HTTPRoutes to ready endpoints, with per-backend metrics.
 */
export class Network implements ProxyState {
  readonly metrics = new RequestMetrics();
  readonly picker = new WeightedPicker();
  private readonly services = new Map<string, KubeObject>();
  private readonly endpoints = new Map<string, KubeObject>();
  private readonly routes = new Map<string, KubeObject>();
  private readonly proxies = new Map<string, ProxySet>();
  private readonly queue: WorkQueue;
  private readonly routeStatusQueue: WorkQueue;
  private stops: Array<() => void> = [];
  private stopped = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly kinds: Kinds,
    private readonly host: string,
  ) {
    this.queue = new WorkQueue('network', key => this.syncProxy(key));
    this.routeStatusQueue = new WorkQueue('httproute-status', key =>
      this.writeRouteStatus(key),
    );
  }

  start(): void {
    const { store, kinds } = this;
    this.stops.push(
      watchKind(store, kinds.services, (type, svc) => {
        const key = `Service|${keyOf(svc)}`;
        if (type === 'DELETED') this.services.delete(keyOf(svc));
        else this.services.set(keyOf(svc), svc);
        this.queue.add(key);
      }),
      watchKind(store, kinds.endpoints, (type, ep) => {
        if (type === 'DELETED') this.endpoints.delete(keyOf(ep));
        else this.endpoints.set(keyOf(ep), ep);
      }),
    );
    if (kinds.httpRoutes) {
      this.stops.push(
        watchKind(store, kinds.httpRoutes, (type, route) => {
          if (type === 'DELETED') this.routes.delete(keyOf(route));
          else this.routes.set(keyOf(route), route);
          if (type !== 'DELETED') this.routeStatusQueue.add(keyOf(route));
        }),
      );
    }
    if (kinds.gateways) {
      this.stops.push(
        watchKind(store, kinds.gateways, (_type, gw) =>
          this.queue.add(`Gateway|${keyOf(gw)}`),
        ),
      );
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stops.forEach(s => s());
    this.queue.stop();
    this.routeStatusQueue.stop();
    await Promise.all(
      [...this.proxies.values()].flatMap(p =>
        [...p.servers.values()].map(s => s.server.close()),
      ),
    );
    this.proxies.clear();
  }

  metricsText(): string {
    return this.metrics.text();
  }

  // ------------------------------------------------------------------ ProxyState

  routesFor(
    kind: 'Service' | 'Gateway',
    namespace: string,
    name: string,
    port: number,
    sectionName?: string,
  ): KubeObject[] {
    const out: KubeObject[] = [];
    for (const route of this.routes.values()) {
      const attached = routeParents(route).some(
        p =>
          p.kind === kind &&
          p.namespace === namespace &&
          p.name === name &&
          (p.port === undefined || p.port === port) &&
          (!p.sectionName || !sectionName || p.sectionName === sectionName),
      );
      if (attached) out.push(route);
    }
    return out;
  }

  readyEndpoints(
    namespace: string,
    service: string,
    servicePort: number | undefined,
  ): Endpoint[] {
    const svc = this.services.get(objectKey(namespace, service));
    const ep = this.endpoints.get(objectKey(namespace, service));
    if (!svc || !ep) return [];
    const ports: any[] = svc.spec?.ports ?? [];
    const port =
      servicePort === undefined
        ? ports[0]
        : ports.find(p => p.port === servicePort);
    if (!port) return [];
    const out: Endpoint[] = [];
    for (const subset of ep.subsets ?? []) {
      const subsetPorts: any[] = subset.ports ?? [];
      const target =
        subsetPorts.find(p => (p.name ?? '') === (port.name ?? '')) ??
        (subsetPorts.length === 1 ? subsetPorts[0] : undefined);
      if (!target) continue;
      for (const address of subset.addresses ?? []) {
        out.push({
          ip: address.ip,
          port: target.port,
          pod: address.targetRef?.name ?? address.ip,
        });
      }
    }
    return out;
  }

  /** `<NAME>_SERVICE_HOST` / `<NAME>_SERVICE_PORT[_<PORT NAME>]` for the namespace's proxied Services. */
  serviceLinks(namespace: string): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [key, svc] of this.services) {
      if (svc.metadata.namespace !== namespace) continue;
      const set = this.proxies.get(`Service|${key}`);
      if (!set || set.servers.size === 0) continue;
      const prefix = svc.metadata.name!.toUpperCase().replace(/-/g, '_');
      env[`${prefix}_SERVICE_HOST`] = this.host;
      (svc.spec?.ports ?? []).forEach((p: any, i: number) => {
        const hostPort = set.servers.get(p.port)?.hostPort;
        if (hostPort === undefined) return;
        if (i === 0) env[`${prefix}_SERVICE_PORT`] = String(hostPort);
        if (p.name)
          env[
            `${prefix}_SERVICE_PORT_${String(p.name)
              .toUpperCase()
              .replace(/-/g, '_')}`
          ] = String(hostPort);
      });
    }
    return env;
  }

  /** The host port proxying a Service port (tests, the cluster's own tooling). */
  proxyPort(
    namespace: string,
    service: string,
    servicePort?: number,
  ): number | undefined {
    const set = this.proxies.get(`Service|${objectKey(namespace, service)}`);
    if (!set) return undefined;
    if (servicePort !== undefined)
      return set.servers.get(servicePort)?.hostPort;
    return set.servers.values().next().value?.hostPort;
  }

  // ------------------------------------------------------------------ proxies

  private async syncProxy(queueKey: string): Promise<void> {
    if (this.stopped) return;
    const [kind, key] = [
      queueKey.slice(0, queueKey.indexOf('|')),
      queueKey.slice(queueKey.indexOf('|') + 1),
    ] as ['Service' | 'Gateway', string];
    const { namespace, name } = splitKey(key);
    const obj =
      kind === 'Service'
        ? this.store.get(this.kinds.services, namespace, name)
        : this.store.get(this.kinds.gateways!, namespace, name);
    const wanted =
      obj && !obj.metadata.deletionTimestamp ? wantedPorts(kind, obj) : [];
    const signature = stableStringify(wanted);
    const existing = this.proxies.get(queueKey);
    if (existing?.signature === signature) return;
    if (existing) {
      this.proxies.delete(queueKey);
      await Promise.all(
        [...existing.servers.values()].map(s => s.server.close()),
      );
    }
    if (!obj || wanted.length === 0) {
      if (kind === 'Service' && !obj)
        this.metrics.forgetService(namespace ?? 'default', name);
      return;
    }
    const previous = parsePorts(
      obj.metadata.annotations?.[PROXY_PORTS_ANNOTATION],
    );
    const set: ProxySet = { signature, servers: new Map() };
    for (const p of wanted) {
      const server = new ProxyServer(this, {
        kind,
        namespace: namespace ?? 'default',
        name,
        port: p.port,
        sectionName: p.sectionName,
      });
      const hostPort = await server.listen(this.host, [
        previous[String(p.port)] ?? 0,
        p.nodePort ?? 0,
      ]);
      set.servers.set(p.port, { server, hostPort });
    }
    if (this.stopped) {
      await Promise.all([...set.servers.values()].map(s => s.server.close()));
      return;
    }
    this.proxies.set(queueKey, set);
    this.publish(kind, namespace, name, set);
  }

  /** Records the host ports on the object (annotations, status) so that clients can find them. */
  private publish(
    kind: 'Service' | 'Gateway',
    namespace: string | undefined,
    name: string,
    set: ProxySet,
  ): void {
    const ports = Object.fromEntries(
      [...set.servers].map(([port, s]) => [String(port), s.hostPort]),
    );
    const first = set.servers.values().next().value?.hostPort;
    const type =
      kind === 'Service' ? this.kinds.services : this.kinds.gateways!;
    writeObject(this.store, type, namespace, name, obj => {
      const annotations = obj.metadata.annotations ?? {};
      if (
        annotations[PROXY_PORT_ANNOTATION] === String(first) &&
        annotations[PROXY_PORTS_ANNOTATION] === JSON.stringify(ports)
      )
        return false;
      obj.metadata.annotations = {
        ...annotations,
        [PROXY_PORT_ANNOTATION]: String(first),
        [PROXY_PORTS_ANNOTATION]: JSON.stringify(ports),
      };
      return true;
    });
    writeStatus(this.store, type, namespace, name, obj => {
      const before = stableStringify(obj.status ?? {});
      if (kind === 'Service') {
        if (obj.spec?.type !== 'LoadBalancer') return false;
        obj.status = {
          ...(obj.status ?? {}),
          loadBalancer: {
            ingress: [
              {
                ip: this.host,
                ipMode: 'VIP',
                ports: Object.values(ports).map(p => ({
                  port: p,
                  protocol: 'TCP',
                })),
              },
            ],
          },
        };
      } else {
        const status: any = {
          ...(obj.status ?? {}),
          addresses: [{ type: 'IPAddress', value: this.host }],
        };
        setCondition(status, {
          type: 'Accepted',
          status: 'True',
          reason: 'Accepted',
          message: '',
        });
        setCondition(status, {
          type: 'Programmed',
          status: 'True',
          reason: 'Programmed',
          message: `listening on ${this.host}`,
        });
        status.listeners = (obj.spec?.listeners ?? []).map((l: any) => ({
          name: l.name,
          attachedRoutes: this.routesFor(
            'Gateway',
            namespace ?? 'default',
            name,
            l.port,
            l.name,
          ).length,
          supportedKinds: [
            { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' },
          ],
          conditions: [
            {
              type: 'Programmed',
              status: 'True',
              reason: 'Programmed',
              message: '',
              lastTransitionTime: new Date()
                .toISOString()
                .replace(/\.\d{3}Z$/, 'Z'),
            },
          ],
        }));
        obj.status = status;
      }
      return stableStringify(obj.status) !== before;
    });
  }

  /** HTTPRoute status: one entry per parent, Accepted when the parent exists, ResolvedRefs when the backends do. */
  private writeRouteStatus(key: string): void {
    if (!this.kinds.httpRoutes) return;
    const { namespace, name } = splitKey(key);
    writeStatus(this.store, this.kinds.httpRoutes, namespace, name, route => {
      const before = stableStringify(route.status ?? {});
      const generation = route.metadata.generation;
      const backendsResolve = (route.spec?.rules ?? []).every((rule: any) =>
        (rule.backendRefs ?? []).every((b: any) =>
          this.services.has(objectKey(b.namespace ?? namespace, b.name)),
        ),
      );
      const parents = (route.spec?.parentRefs ?? []).map(
        (ref: any, i: number) => {
          const parent = routeParents(route)[i];
          const exists =
            parent.kind === 'Service'
              ? this.services.has(objectKey(parent.namespace, parent.name))
              : !!this.kinds.gateways &&
                !!this.store.get(
                  this.kinds.gateways,
                  parent.namespace,
                  parent.name,
                );
          const previous = (route.status?.parents ?? []).find(
            (p: any) => stableStringify(p.parentRef) === stableStringify(ref),
          );
          const status: any = {
            conditions: previous?.conditions
              ? JSON.parse(JSON.stringify(previous.conditions))
              : [],
          };
          setCondition(
            status,
            exists
              ? {
                  type: 'Accepted',
                  status: 'True',
                  reason: 'Accepted',
                  message: 'Route is accepted',
                }
              : {
                  type: 'Accepted',
                  status: 'False',
                  reason: 'NoMatchingParent',
                  message: `${parent.kind} ${parent.namespace}/${parent.name} not found`,
                },
          );
          setCondition(
            status,
            backendsResolve
              ? {
                  type: 'ResolvedRefs',
                  status: 'True',
                  reason: 'ResolvedRefs',
                  message: 'Resolved all the Object references for the Route',
                }
              : {
                  type: 'ResolvedRefs',
                  status: 'False',
                  reason: 'BackendNotFound',
                  message: 'a backendRef names a Service that does not exist',
                },
          );
          for (const c of status.conditions) c.observedGeneration = generation;
          return {
            parentRef: ref,
            controllerName: CONTROLLER_NAME,
            conditions: status.conditions,
          };
        },
      );
      route.status = { ...(route.status ?? {}), parents };
      return stableStringify(route.status) !== before;
    });
  }
}

interface WantedPort {
  port: number;
  nodePort?: number;
  sectionName?: string;
}

function wantedPorts(
  kind: 'Service' | 'Gateway',
  obj: KubeObject,
): WantedPort[] {
  if (kind === 'Gateway') {
    return (obj.spec?.listeners ?? [])
      .filter((l: any) => (l.protocol ?? 'HTTP') === 'HTTP')
      .map((l: any) => ({ port: l.port, sectionName: l.name }));
  }
  const type = obj.spec?.type ?? 'ClusterIP';
  if (type === 'ExternalName' || obj.spec?.clusterIP === 'None') return [];
  return (obj.spec?.ports ?? [])
    .filter((p: any) => (p.protocol ?? 'TCP') === 'TCP')
    .map((p: any) => ({
      port: p.port,
      ...(type !== 'ClusterIP' && p.nodePort ? { nodePort: p.nodePort } : {}),
    }));
}

function parsePorts(annotation: string | undefined): Record<string, number> {
  if (!annotation) return {};
  try {
    const parsed = JSON.parse(annotation);
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}
