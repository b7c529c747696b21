import type { KubeConfig } from '@kubernetes/client-node';
import http from 'http';
import https from 'https';
import { describeError, describeStatus, withKubernetesRetry } from '../../kubernetes';

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
  /** For messages: "apply replicaSet demo-v001 in shop". */
  what: string;
  signal?: AbortSignal;
  /** Resolve the body as text instead of JSON (pod logs). */
  text?: boolean;
}

/**
 * A raw call to the API server, retried with backoff on 429 (honouring
 * Retry-After), 5xx, network errors and conflicts, then failing with how long
 * it tried. Resolves `undefined` on 404.
 */
export function kubeRequest<T>(kubeConfig: KubeConfig, req: KubeRequest): Promise<T | undefined> {
  return withKubernetesRetry(() => kubeRequestOnce<T>(kubeConfig, req), { method: req.method, signal: req.signal });
}

/**
 * One raw call to the API server, with authentication and TLS from the
 * account's KubeConfig. Raw so objects keep the server's JSON shape and so
 * server-side apply can send its own content type. Resolves `undefined` on 404.
 */
async function kubeRequestOnce<T>(kubeConfig: KubeConfig, req: KubeRequest): Promise<T | undefined> {
  const server = kubeConfig.getCurrentCluster()?.server ?? '';
  const options: https.RequestOptions = {};
  try {
    await kubeConfig.applyToHTTPSOptions(options);
  } catch (e) {
    throw describeError(e, server, req.what);
  }
  const url = new URL(server.replace(/\/$/, '') + req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
  const transport = url.protocol === 'http:' ? http : https;
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  const headers: Record<string, string> = {
    ...(options.headers as Record<string, string>),
    Accept: req.text ? 'text/plain, application/json' : 'application/json',
  };
  if (payload !== undefined) headers['Content-Type'] = req.contentType ?? 'application/json';
  return new Promise<T | undefined>((resolve, reject) => {
    const request = transport.request(
      url,
      { ...options, method: req.method, headers, timeout: 60_000, signal: req.signal },
      response => {
        const chunks: Buffer[] = [];
        response.on('data', chunk => chunks.push(chunk));
        response.on('error', e => reject(describeError(e, server, req.what)));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          const code = response.statusCode ?? 0;
          if (code >= 200 && code < 300) resolve((req.text ? text : body) as T);
          else if (code === 404) resolve(undefined);
          else reject(describeStatus(code, body, req.what));
        });
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    request.on('error', e => reject(describeError(e, server, req.what)));
    request.end(payload);
  });
}
