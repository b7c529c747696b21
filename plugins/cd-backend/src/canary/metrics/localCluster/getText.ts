import type { KubeConfig } from '@kubernetes/client-node';
import http from 'http';
import https from 'https';
import { describeError, describeStatus } from '../../../kubernetes';

/** A GET of a text page of the API server (its `/metrics`), authenticated with the account's KubeConfig. */
export async function getText(kubeConfig: KubeConfig, path: string, what: string, timeoutMs = 10_000): Promise<string> {
  const server = kubeConfig.getCurrentCluster()?.server ?? '';
  const options: https.RequestOptions = {};
  try {
    await kubeConfig.applyToHTTPSOptions(options);
  } catch (e) {
    throw describeError(e, server, what);
  }
  const url = new URL(server.replace(/\/$/, '') + path);
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise<string>((resolve, reject) => {
    const request = transport.request(
      url,
      { ...options, method: 'GET', headers: { ...options.headers, Accept: 'text/plain' }, timeout: timeoutMs },
      response => {
        const chunks: Buffer[] = [];
        response.on('data', chunk => chunks.push(chunk));
        response.on('error', e => reject(describeError(e, server, what)));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode === 200) resolve(text);
          else reject(describeStatus(response.statusCode ?? 0, undefined, what));
        });
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    request.on('error', e => reject(describeError(e, server, what)));
    request.end();
  });
}
