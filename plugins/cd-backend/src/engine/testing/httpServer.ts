import http from 'http';
import type { AddressInfo } from 'net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

/**
 * A real local HTTP server for webhook tests: answers each path from a
 * programmable queue of replies (the last one repeats) and records requests.
 * Like a well-behaved API it performs a side effect once per Idempotency-Key.
 */
export async function startTestServer() {
  const requests: ReceivedRequest[] = [];
  const replies = new Map<string, Reply[]>();
  const effects = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      const key = req.headers['idempotency-key'];
      if (typeof key === 'string' && req.method !== 'GET') effects.set(key, 1); // dedupe: one effect per key
      const queue = replies.get(path) ?? [{ status: 404 }];
      const reply = queue.length > 1 ? queue.shift()! : queue[0];
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    effects,
    on(path: string, ...r: Reply[]) {
      replies.set(path, r);
    },
    requestsTo(path: string) {
      return requests.filter(r => r.path === path);
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;
