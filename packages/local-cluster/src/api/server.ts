import http from 'http';
import { AddressInfo } from 'net';
import { ApiHandler, ApiHandlerOptions } from './handler';

export interface ApiServerOptions extends ApiHandlerOptions {
  /** 0 picks a free port */
  port?: number;
  host?: string;
}

export interface ApiServer {
  readonly url: string;
  readonly port: number;
  readonly server: http.Server;
  /** cuts every open watch stream; returns how many */
  dropWatches(): number;
  close(): Promise<void>;
}

/** Starts the Kubernetes-compatible HTTP API over a store. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  let address = '';
  const handler = new ApiHandler(options, () => address);
  const server = http.createServer(handler.handle);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  address = `${host}:${port}`;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    server,
    dropWatches: () => handler.dropWatches(),
    close: () =>
      new Promise<void>(resolve => {
        handler.closeStreams();
        server.close(() => resolve());
        // drop idle keep-alive connections too (Node 18.2+)
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
