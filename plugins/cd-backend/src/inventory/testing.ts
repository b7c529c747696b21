/*
 * Test helpers: raw calls to a cluster (setup happens "outside the product",
 * as kubectl would), and polling for a condition.
 */

export interface ClusterCaller {
  url: string;
  token?: string;
}

export async function kube(
  cluster: ClusterCaller,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<any> {
  const response = await fetch(`${cluster.url}${path}`, {
    method,
    headers: {
      'Content-Type': contentType,
      ...(cluster.token ? { Authorization: `Bearer ${cluster.token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export const mergePatch = (cluster: ClusterCaller, path: string, body: unknown) =>
  kube(cluster, 'PATCH', path, body, 'application/merge-patch+json');

export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 15_000,
  intervalMs = 10,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

export function deployment(name: string, options: {
  replicas?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  image?: string;
} = {}) {
  const podLabels = { app: name, ...(options.labels ?? {}) };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, annotations: options.annotations ?? {} },
    spec: {
      replicas: options.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: podLabels },
        spec: { containers: [{ name: 'main', image: options.image ?? 'pause' }] },
      },
    },
  };
}
