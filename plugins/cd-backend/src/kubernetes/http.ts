import type { KubeConfig } from '@kubernetes/client-node';
import http from 'http';
import https from 'https';
import { describeError, describeStatus } from './errors';

/** A response of the API server: its status and body, whatever the status. */
export type RawResponse = { statusCode: number; text: string };

/**
 * A GET of `path` on the API server, authenticated and with TLS from the
 * KubeConfig. Only a failure to reach the server rejects (described with
 * `what`); the caller judges the status.
 */
export async function getRaw(
  kubeConfig: KubeConfig,
  path: string,
  what: string,
  accept: string,
  timeoutMs: number,
): Promise<RawResponse> {
  const server = kubeConfig.getCurrentCluster()?.server ?? '';
  const options: https.RequestOptions = {};
  try {
    await kubeConfig.applyToHTTPSOptions(options);
  } catch (e) {
    throw describeError(e, server, what);
  }
  const url = new URL(server.replace(/\/$/, '') + path);
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise<RawResponse>((resolve, reject) => {
    const request = transport.request(
      url,
      { ...options, method: 'GET', headers: { ...options.headers, Accept: accept }, timeout: timeoutMs },
      response => {
        const chunks: Buffer[] = [];
        response.on('data', chunk => chunks.push(chunk));
        response.on('error', e => reject(describeError(e, server, what)));
        response.on('end', () =>
          resolve({ statusCode: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    request.on('error', e => reject(describeError(e, server, what)));
    request.end();
  });
}

/**
 * A GET returning the raw JSON body. Lists go through here instead of the
 * typed clients so objects keep the API server's shape (the typed clients
 * turn timestamps into Dates and drop unknown fields), and so a failed call
 * carries the server's Status message ("pods is forbidden in namespace x").
 * Authentication and TLS come from the client's KubeConfig.
 */
export async function getJson<T>(kubeConfig: KubeConfig, path: string, what: string, timeoutMs = 60_000): Promise<T> {
  const { statusCode, text } = await getRaw(kubeConfig, path, what, 'application/json', timeoutMs);
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (statusCode === 200) return body as T;
  throw describeStatus(statusCode, body, what);
}
