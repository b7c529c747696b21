import { ConfigReader } from '@backstage/config';
import { LocalCluster, startLocalCluster } from '@internal/local-cluster';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { loadKubernetesAccounts } from './accounts';
import { KubernetesRequestError } from './errors';
import { getJson } from './http';
import {
  isRetryableKubernetesError,
  kubernetesBackoffMs,
  withKubernetesRetry,
} from './retry';
import type { KubeConfig } from '@kubernetes/client-node';

jest.setTimeout(60_000);

const NAMESPACES = '/api/v1/namespaces';

describe('withKubernetesRetry against a local cluster with injected faults', () => {
  let cluster: LocalCluster;
  let kubeConfig: KubeConfig;

  beforeAll(async () => {
    cluster = await startLocalCluster({
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cd-k8s-retry-')),
      faultControl: true,
    });
    const { accounts } = await loadKubernetesAccounts(
      new ConfigReader({
        cd: {
          accounts: [
            { name: 'dev', kubeconfig: { path: cluster.kubeconfigPath } },
          ],
        },
      }),
    );
    kubeConfig = accounts[0].kubeConfig;
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  let since = 0;
  beforeEach(() => {
    since = Date.now();
  });
  afterEach(() => cluster.faultRules!.clear());

  const list = () =>
    getJson<{ items: unknown[] }>(kubeConfig, NAMESPACES, 'list namespaces');

  it('gets past 500s, 503s, gateway timeouts and dropped connections with growing waits', async () => {
    cluster.faultRules!.set([
      { code: 500, count: 1 },
      { code: 504, count: 1 },
      { drop: true, count: 1 },
      { code: 503, count: 1 },
    ]);
    const waits: number[] = [];
    const result = await withKubernetesRetry(list, {
      baseMs: 20,
      random: () => 0.5,
      onRetry: r => waits.push(r.delayMs),
    });
    expect(result.items.length).toBeGreaterThan(0);
    expect(waits).toEqual([20, 40, 80, 160]);
    expect(cluster.faultRules!.hits(since).map(h => h.code ?? 'drop')).toEqual([
      500,
      504,
      'drop',
      503,
    ]);
  });

  it('waits at least as long as a 429 Retry-After asks', async () => {
    cluster.faultRules!.set([{ code: 429, retryAfterSeconds: 1, count: 1 }]);
    const started = Date.now();
    const waits: number[] = [];
    await withKubernetesRetry(list, {
      baseMs: 10,
      onRetry: r => waits.push(r.delayMs),
    });
    expect(waits).toEqual([1000]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('gives up after its attempts with a message saying how long it tried', async () => {
    cluster.faultRules!.set([{ code: 500, message: 'etcd is down' }]);
    const error = await withKubernetesRetry(list, {
      attempts: 3,
      baseMs: 10,
    }).catch(e => e);
    expect(error).toBeInstanceOf(KubernetesRequestError);
    expect(error.message).toMatch(
      /^500 InternalError: etcd is down \(list namespaces\); gave up after 3 attempts over [\d.]+ s$/,
    );
    expect(cluster.faultRules!.hits(since)).toHaveLength(3);
  });

  it('does not repeat a call the cluster refused for good', async () => {
    cluster.faultRules!.set([
      { code: 403, message: 'namespaces is forbidden' },
    ]);
    await expect(withKubernetesRetry(list, { baseMs: 10 })).rejects.toThrow(
      '403 Forbidden: namespaces is forbidden',
    );
    expect(cluster.faultRules!.hits(since)).toHaveLength(1);
  });

  it('stops waiting when its signal aborts', async () => {
    cluster.faultRules!.set([{ code: 503 }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('canceled')), 100);
    await expect(
      withKubernetesRetry(list, { baseMs: 5000, signal: controller.signal }),
    ).rejects.toThrow('canceled');
  });
});

describe('which failures are retried', () => {
  const error = (code?: number, reason?: string, network?: string) =>
    new KubernetesRequestError('x', code, reason, network);

  it('retries throttling, server errors, network failures and update conflicts only', () => {
    for (const code of [429, 500, 502, 503, 504])
      expect(isRetryableKubernetesError(error(code))).toBe(true);
    for (const code of [400, 401, 403, 404, 410, 422])
      expect(isRetryableKubernetesError(error(code))).toBe(false);
    expect(
      isRetryableKubernetesError(error(undefined, undefined, 'ECONNRESET')),
    ).toBe(true);
    expect(
      isRetryableKubernetesError(error(undefined, undefined, 'ENOTFOUND')),
    ).toBe(false);
    expect(isRetryableKubernetesError(error())).toBe(false);
    expect(isRetryableKubernetesError(error(409, 'Conflict'), 'PATCH')).toBe(
      true,
    );
    expect(isRetryableKubernetesError(error(409, 'Conflict'), 'POST')).toBe(
      false,
    );
    expect(isRetryableKubernetesError(error(409, 'AlreadyExists'), 'PUT')).toBe(
      false,
    );
    expect(isRetryableKubernetesError(new Error('500'))).toBe(false);
  });

  it('caps the exponential wait and the honoured Retry-After', () => {
    const options = {
      baseMs: 500,
      maxMs: 8000,
      maxRetryAfterMs: 30_000,
      random: () => 0.5,
    };
    expect(
      [1, 2, 3, 4, 5, 6, 7].map(n =>
        kubernetesBackoffMs(error(500), n, options),
      ),
    ).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    const throttled = new KubernetesRequestError(
      'x',
      429,
      'TooManyRequests',
      undefined,
      3600,
    );
    expect(kubernetesBackoffMs(throttled, 1, options)).toBe(30_000);
  });
});
