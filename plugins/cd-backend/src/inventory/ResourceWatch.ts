import type { KubeConfig } from '@kubernetes/client-node';
import { describeError, describeStatus, getJson, KubernetesRequestError, loadKubernetesClient } from '../kubernetes';
import { collectionPath, KindSpec } from './kinds';
import type { KubeObject } from './objects';

export type WatchState = 'syncing' | 'ok' | 'error' | 'absent';

export interface WatchStatus {
  state: WatchState;
  message?: string;
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export interface ResourceWatchOptions {
  kubeConfig: KubeConfig;
  server: string;
  spec: KindSpec;
  /** Only this namespace; all namespaces when undefined. */
  namespace?: string;
  /** The full state after a (re)list. */
  onList(items: KubeObject[]): void;
  onEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject): void;
  onStatus(status: WatchStatus): void;
  onError?(error: unknown): void;
  backoff?: BackoffOptions;
  /** Server-side watch timeout; the watch then resumes from the last resourceVersion. */
  watchTimeoutSeconds?: number;
  pageSize?: number;
}

type WatchOutcome = 'closed' | 'expired';

/**
 * An informer for one kind (in one namespace): list, then watch from the
 * list's resourceVersion; on 410 Gone relist; on failures retry with
 * exponential backoff (capped), keeping the last resourceVersion so a short
 * outage costs a watch, not a relist.
 */
export class ResourceWatch {
  private stopped = false;
  private resourceVersion?: string;
  private controller?: AbortController;
  private sleeper?: { timer: NodeJS.Timeout; resolve: () => void };
  private running?: Promise<void>;
  readonly stats = { lists: 0, watches: 0, expired: 0, failures: 0 };
  status: WatchStatus = { state: 'syncing' };

  constructor(private readonly options: ResourceWatchOptions) {}

  get description(): string {
    return `${this.options.spec.plural}${this.options.namespace ? ` in namespace ${this.options.namespace}` : ''}`;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.controller?.abort();
    if (this.sleeper) {
      clearTimeout(this.sleeper.timer);
      this.sleeper.resolve();
    }
    await this.running;
  }

  private setStatus(status: WatchStatus) {
    if (status.state === this.status.state && status.message === this.status.message) return;
    this.status = status;
    this.options.onStatus(status);
  }

  private async loop(): Promise<void> {
    const backoff = this.options.backoff ?? { initialMs: 500, maxMs: 30_000 };
    let failures = 0;
    while (!this.stopped) {
      const startedAt = Date.now();
      try {
        if (this.resourceVersion === undefined) await this.list();
        this.setStatus({ state: 'ok' });
        const outcome = await this.watchOnce();
        if (outcome === 'expired') {
          this.stats.expired++;
          this.resourceVersion = undefined;
        }
        failures = 0;
        // A server closing watches at once must not turn this into a busy loop.
        if (outcome === 'closed' && Date.now() - startedAt < 1_000) await this.sleep(backoff.initialMs);
      } catch (e) {
        if (this.stopped) return;
        const error = describeError(e, this.options.server, `watch ${this.description}`);
        if (error.statusCode === 410) {
          this.stats.expired++;
          this.resourceVersion = undefined;
          continue;
        }
        if (error.statusCode === 404 && this.options.spec.optional) {
          this.setStatus({ state: 'absent', message: `${this.options.spec.kind} is not served by this cluster` });
          await this.sleep(backoff.maxMs);
          continue;
        }
        failures++;
        this.stats.failures++;
        this.options.onError?.(error);
        this.setStatus({ state: 'error', message: error.message });
        const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (failures - 1));
        await this.sleep(delay * (0.8 + Math.random() * 0.4));
      }
    }
  }

  private async list(): Promise<void> {
    const items: KubeObject[] = [];
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    const path = collectionPath(this.options.spec, this.options.namespace);
    do {
      const query = new URLSearchParams({ limit: String(this.options.pageSize ?? 500) });
      if (continueToken) query.set('continue', continueToken);
      const page = await getJson<{ items?: KubeObject[]; metadata?: { resourceVersion?: string; continue?: string } }>(
        this.options.kubeConfig,
        `${path}?${query}`,
        `list ${this.description}`,
      );
      if (this.stopped) return;
      items.push(...(page.items ?? []));
      resourceVersion ??= page.metadata?.resourceVersion;
      continueToken = page.metadata?.continue || undefined;
    } while (continueToken);
    this.stats.lists++;
    this.options.onList(items);
    this.resourceVersion = resourceVersion ?? '0';
  }

  private async watchOnce(): Promise<WatchOutcome> {
    const { Watch } = await loadKubernetesClient();
    if (this.stopped) return 'closed';
    this.stats.watches++;
    const timeoutSeconds = this.options.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
    return new Promise<WatchOutcome>((resolve, reject) => {
      let expired = false;
      let failure: KubernetesRequestError | undefined;
      new Watch(this.options.kubeConfig)
        .watch(
          collectionPath(this.options.spec, this.options.namespace),
          { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
          (type: string, obj: any) => {
            if (type === 'ERROR') {
              if (obj?.code === 410) expired = true;
              else failure = describeStatus(obj?.code ?? 500, obj, `watch ${this.description}`);
              return;
            }
            const version = obj?.metadata?.resourceVersion;
            if (version) this.resourceVersion = version;
            if (type === 'BOOKMARK') return;
            // The client's Watch swallows callback exceptions: report them here.
            try {
              this.options.onEvent(type as 'ADDED' | 'MODIFIED' | 'DELETED', obj);
            } catch (e) {
              this.options.onError?.(e);
            }
          },
          (err: unknown) => {
            this.controller = undefined;
            if (this.stopped) resolve('closed');
            else if (err && (err as Error).name !== 'AbortError') reject(err);
            else if (failure) reject(failure);
            else resolve(expired ? 'expired' : 'closed');
          },
        )
        .then(controller => {
          this.controller = controller;
          if (this.stopped) controller.abort();
        }, reject);
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.sleeper = undefined;
        resolve();
      }, ms);
      this.sleeper = { timer, resolve };
    });
  }
}
