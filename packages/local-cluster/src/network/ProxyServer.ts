import http from 'http';
import type { AddressInfo } from 'net';
import type { KubeObject } from '../store/types';
import type { RequestMetrics } from './metrics';
import {
  matchRoute,
  RequestInfo,
  WeightedPicker,
  type BackendRef,
} from './routing';

/** A ready endpoint of a Service port. */
export interface Endpoint {
  ip: string;
  port: number;
  pod: string;
}

/** What a proxy needs from the cluster's network state. */
export interface ProxyState {
  /** HTTPRoutes attached to a parent, for a given port of it */
  routesFor(
    kind: 'Service' | 'Gateway',
    namespace: string,
    name: string,
    port: number,
    sectionName?: string,
  ): KubeObject[];
  readyEndpoints(
    namespace: string,
    service: string,
    servicePort: number | undefined,
  ): Endpoint[];
  readonly metrics: RequestMetrics;
  readonly picker: WeightedPicker;
}

/** Headers that concern one connection only and must not be forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-authorization',
  'proxy-authenticate',
];

/**
 * An HTTP proxy for one port of a Service (or one listener of a Gateway): applies the HTTPRoutes
 * attached to it, balances over ready endpoints, and records every request.
 */
export class ProxyServer {
  private readonly server: http.Server;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private roundRobin = 0;

  constructor(
    private readonly state: ProxyState,
    readonly parent: {
      kind: 'Service' | 'Gateway';
      namespace: string;
      name: string;
      port: number;
      sectionName?: string;
      hostnames?: string[];
    },
  ) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 5000;
  }

  /** Listens on `preferredPorts` in order (the port of a previous run, a nodePort), else any free port. */
  async listen(host: string, preferredPorts: number[]): Promise<number> {
    for (const port of [...preferredPorts.filter(p => p > 0), 0]) {
      try {
        await new Promise<void>((resolve, reject) => {
          const onError = (error: Error) => reject(error);
          this.server.once('error', onError);
          this.server.listen(port, host, () => {
            this.server.removeListener('error', onError);
            resolve();
          });
        });
        return (this.server.address() as AddressInfo).port;
      } catch (error) {
        if (
          (error as NodeJS.ErrnoException).code !== 'EADDRINUSE' &&
          (error as NodeJS.ErrnoException).code !== 'EACCES'
        )
          throw error;
      }
    }
    throw new Error('unreachable: port 0 always binds');
  }

  close(): Promise<void> {
    this.agent.destroy();
    return new Promise(resolve => {
      this.server.close(() => resolve());
      // (the workspace's @types/node predates closeAllConnections, Node 18.2)
      (
        this.server as unknown as { closeAllConnections?: () => void }
      ).closeAllConnections?.();
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://proxy');
    const info: RequestInfo = {
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: req.headers,
      query: url.searchParams,
    };
    const { parent } = this;

    const routes = this.state
      .routesFor(
        parent.kind,
        parent.namespace,
        parent.name,
        parent.port,
        parent.sectionName,
      )
      .filter(
        r =>
          parent.kind === 'Service' ||
          hostnameMatches(r.spec?.hostnames, req.headers.host),
      );
    let backend: BackendRef | undefined;
    let filters: any[] = [];
    if (routes.length > 0) {
      const decision = matchRoute(routes, info);
      if (decision) {
        filters = decision.filters;
        backend = this.state.picker.pick(
          `${decision.route.metadata.uid}#${decision.ruleIndex}`,
          decision.backends,
        );
        if (!backend) {
          this.reply(
            res,
            500,
            'no backend: the matching HTTPRoute rule has no backendRefs with weight > 0',
            started,
            parent.name,
          );
          return;
        }
      }
    }
    if (!backend) {
      if (parent.kind === 'Gateway') {
        this.reply(
          res,
          404,
          'no HTTPRoute matches the request',
          started,
          parent.name,
        );
        return;
      }
      // a mesh (GAMMA) route that does not match leaves the request to the Service itself
      backend = {
        name: parent.name,
        namespace: parent.namespace,
        port: parent.port,
        weight: 1,
      };
    }
    const endpoints = this.state.readyEndpoints(
      backend.namespace,
      backend.name,
      backend.port ?? (parent.kind === 'Service' ? parent.port : undefined),
    );
    if (endpoints.length === 0) {
      this.reply(res, 503, 'no healthy upstream', started, backend.name);
      return;
    }
    const endpoint = endpoints[this.roundRobin++ % endpoints.length];
    if (this.roundRobin > 1e9) this.roundRobin = 0;

    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    for (const h of HOP_BY_HOP) delete headers[h];
    headers['x-forwarded-for'] = [
      req.headers['x-forwarded-for'],
      req.socket.remoteAddress,
    ]
      .filter(Boolean)
      .join(', ');
    applyRequestHeaderFilters(filters, headers);

    const upstream = http.request(
      {
        host: endpoint.ip,
        port: endpoint.port,
        method: req.method,
        path: req.url,
        headers,
        agent: this.agent,
      },
      upstreamRes => {
        const responseHeaders = { ...upstreamRes.headers };
        for (const h of HOP_BY_HOP) delete responseHeaders[h];
        res.writeHead(upstreamRes.statusCode ?? 502, responseHeaders);
        upstreamRes.pipe(res);
        upstreamRes.on('end', () =>
          this.record(
            backend!.name,
            endpoint.pod,
            upstreamRes.statusCode ?? 502,
            started,
          ),
        );
        upstreamRes.on('error', () => res.destroy());
      },
    );
    upstream.on('error', error => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      this.reply(
        res,
        502,
        `upstream ${endpoint.pod} (${endpoint.ip}:${endpoint.port}): ${error.message}`,
        started,
        backend!.name,
        endpoint.pod,
      );
    });
    req.pipe(upstream);
  }

  private reply(
    res: http.ServerResponse,
    code: number,
    message: string,
    started: bigint,
    backend: string,
    pod = '',
  ): void {
    res.writeHead(code, { 'content-type': 'text/plain' });
    res.end(`${message}\n`);
    this.record(backend, pod, code, started);
  }

  private record(
    backend: string,
    pod: string,
    code: number,
    started: bigint,
  ): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.state.metrics.observe(
      {
        namespace: this.parent.namespace,
        service: this.parent.name,
        backend,
        pod,
      },
      code,
      seconds,
    );
  }
}

function applyRequestHeaderFilters(
  filters: any[],
  headers: http.OutgoingHttpHeaders,
): void {
  for (const filter of filters) {
    if (filter.type !== 'RequestHeaderModifier') continue;
    const mod = filter.requestHeaderModifier ?? {};
    for (const h of mod.set ?? [])
      headers[String(h.name).toLowerCase()] = h.value;
    for (const h of mod.add ?? []) {
      const key = String(h.name).toLowerCase();
      headers[key] =
        headers[key] !== undefined ? `${headers[key]},${h.value}` : h.value;
    }
    for (const name of mod.remove ?? [])
      delete headers[String(name).toLowerCase()];
  }
}

/** A Gateway route's `hostnames` against the Host header; no hostnames accepts every host. */
function hostnameMatches(
  hostnames: string[] | undefined,
  hostHeader: string | undefined,
): boolean {
  if (!hostnames || hostnames.length === 0) return true;
  const host = (hostHeader ?? '').replace(/:\d+$/, '').toLowerCase();
  return hostnames.some(h => {
    const pattern = h.toLowerCase();
    return pattern.startsWith('*.')
      ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1
      : host === pattern;
  });
}
