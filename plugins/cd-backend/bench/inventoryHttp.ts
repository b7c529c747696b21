/*
 * A lean HTTP client for the inventory benchmark: Node's http with keep-alive
 * (undici's fetch adds about a millisecond per call, which would blur both
 * sides' figures). Parses the JSON answer, as the browser does.
 */
import http from 'http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** A request as the benchmark's client makes it (and as the processes that serve hand it over). */
export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export function send<T>(request: HttpRequest): Promise<T> {
  return requestJson<T>(request.url, request);
}

export function requestJson<T>(url: string, options: Omit<HttpRequest, 'url'> = {}): Promise<T> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        agent,
        method: options.method ?? 'GET',
        headers: { ...(body ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } : {}), ...options.headers },
      },
      response => {
        const chunks: Buffer[] = [];
        response.on('data', chunk => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((response.statusCode ?? 500) >= 400) reject(new Error(`${options.method ?? 'GET'} ${url}: ${response.statusCode} ${text.slice(0, 500)}`));
          else resolve(JSON.parse(text));
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export const closeHttpClient = () => agent.destroy();
