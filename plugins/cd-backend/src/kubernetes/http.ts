import type { KubeConfig } from '@kubernetes/client-node';
import http from 'http';
import https from 'https';
import { describeError, describeStatus } from './errors';

/**
 * A GET returning the raw JSON body. Lists go through here instead of the
 * typed clients so objects keep the API server's shape (the typed clients
 * turn timestamps into Dates and drop unknown fields), and so a failed call
 * carries the server's Status message ("pods is forbidden in namespace x").
 * Authentication and TLS come from the client's KubeConfig.
 */
export async function getJson<T>(kubeConfig: KubeConfig, path: string, what: string, timeoutMs = 60_000): Promise<T> {
  const server = kubeConfig.getCurrentCluster()?.server ?? '';
  const options: https.RequestOptions = {};
  try {
    await kubeConfig.applyToHTTPSOptions(options);
  } catch (e) {
    throw describeError(e, server, what);
  }
  const url = new URL(server.replace(/\/$/, '') + path);
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise<T>((resolve, reject) => {
    const request = transport.request(
      url,
      { ...options, method: 'GET', headers: { ...options.headers, Accept: 'application/json' }, timeout: timeoutMs },
      response => {
        const chunks: Buffer[] = [];
        response.on('data', chunk => chunks.push(chunk));
        response.on('error', e => reject(describeError(e, server, what)));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          if (response.statusCode === 200) resolve(body as T);
          else reject(describeStatus(response.statusCode ?? 0, body, what));
        });
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    request.on('error', e => reject(describeError(e, server, what)));
    request.end();
  });
}
