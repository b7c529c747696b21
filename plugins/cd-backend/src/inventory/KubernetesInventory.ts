import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type {
  AccountSummary,
  ApplicationClusters,
  ServerGroupDetails,
} from '@internal/plugin-cd-common';
import { describeError, KubernetesAccount, loadKubernetesClient } from '../kubernetes';
import { AccountCache } from './AccountCache';
import { INVENTORY_KINDS, KindSpec } from './kinds';
import { buildAccountClusters, eventSummary, serverGroupSummary } from './model';
import { KubeObject, ownerOf, slim } from './objects';
import { BackoffOptions, ResourceWatch } from './ResourceWatch';
import { BuiltView, SerializedView, ViewCache } from './ViewCache';

export interface KubernetesInventoryOptions {
  accounts: KubernetesAccount[];
  logger?: LoggerService;
  backoff?: BackoffOptions;
  /** Server-side watch timeout (default 5–10 minutes, like client-go). */
  watchTimeoutSeconds?: number;
  /** Change notifications per application are coalesced over this window (default 20 ms). */
  debounceMs?: number;
  /** A pod not ready for less than this is `starting`, after it `unknown` (default 5 minutes). */
  startupGraceMs?: number;
  /** Recent events kept per account (default 2000). */
  maxEventsPerAccount?: number;
  /** Serialized application views kept for reuse until they change (default 256). */
  maxCachedViews?: number;
}

const SERVER_GROUP_KINDS = new Set(['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

class AccountInventory {
  readonly cache: AccountCache;
  readonly watches: ResourceWatch[] = [];

  constructor(readonly account: KubernetesAccount, maxEvents: number) {
    this.cache = new AccountCache(maxEvents);
  }

  /** Every watch has listed, failed or found its kind absent. */
  settled(): boolean {
    return this.watches.every(w => w.status.state !== 'syncing');
  }

  summary(): AccountSummary {
    const base = { name: this.account.name, ...(this.account.environment ? { environment: this.account.environment } : {}) };
    const errors = this.watches.filter(w => w.status.state === 'error');
    if (errors.length > 0) {
      const messages = [...new Set(errors.map(w => w.status.message))];
      return { ...base, status: 'error', message: messages.slice(0, 3).join('; ') + (messages.length > 3 ? ` (+${messages.length - 3} more)` : '') };
    }
    if (this.watches.some(w => w.status.state === 'syncing')) return { ...base, status: 'syncing' };
    return { ...base, status: 'ok' };
  }
}

/**
 * The live inventory: informers per account and kind feeding in-memory
 * indexes, so every read is answered from memory in time proportional to
 * the answer. Each account fails on its own; the others keep working.
 */
export class KubernetesInventory {
  private readonly accounts = new Map<string, AccountInventory>();
  private readonly listeners = new Set<(application: string) => void>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly statusListeners = new Set<() => void>();
  private readonly views: ViewCache;
  private started = false;

  constructor(private readonly options: KubernetesInventoryOptions) {
    this.views = new ViewCache(options.maxCachedViews);
    for (const account of options.accounts) {
      this.accounts.set(account.name, new AccountInventory(account, options.maxEventsPerAccount ?? 2_000));
    }
  }

  /** Starts the watches; returns at once (see waitForSync). */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const inventory of this.accounts.values()) {
      const { account } = inventory;
      const omitted = new Set(account.omitKinds.map(k => k.toLowerCase()));
      const kinds = INVENTORY_KINDS.filter(k => !omitted.has(k.kind.toLowerCase()));
      const namespaces = account.namespaces ?? [undefined];
      for (const spec of kinds) {
        for (const namespace of namespaces) {
          const watch = this.createWatch(inventory, spec, namespace);
          inventory.watches.push(watch);
          watch.start();
        }
      }
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.accounts.values()].flatMap(a => a.watches.map(w => w.stop())));
    this.pending.forEach(timer => clearTimeout(timer));
    this.pending.clear();
  }

  /** Resolves once every watch of every account has listed or failed (then its account shows the error). */
  waitForSync(timeoutMs = 30_000): Promise<void> {
    const settled = () => [...this.accounts.values()].every(a => a.settled());
    if (settled()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      let check: () => void = () => {};
      const timer = setTimeout(() => {
        this.statusListeners.delete(check);
        reject(new Error(`inventory not synced after ${timeoutMs} ms: ${JSON.stringify(this.listAccounts())}`));
      }, timeoutMs);
      check = () => {
        if (!settled()) return;
        clearTimeout(timer);
        this.statusListeners.delete(check);
        resolve();
      };
      this.statusListeners.add(check);
    });
  }

  /** Called with an application's name shortly after anything of it changed. */
  onChange(listener: (application: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listAccounts(): AccountSummary[] {
    return [...this.accounts.values()].map(a => a.summary());
  }

  /** Watch counters per account, for diagnostics and tests. */
  watchStats(account: string) {
    const inventory = this.accountOrThrow(account);
    return inventory.watches.map(w => ({ watch: w.description, status: w.status, ...w.stats }));
  }

  applicationClusters(application: string): ApplicationClusters {
    return this.buildView(application, Date.now()).view;
  }

  /**
   * The same view as JSON, for the API: reused until anything of the application
   * changes, an account's status changes, or an instance's startup window ends.
   */
  applicationClustersJson(application: string): SerializedView {
    const now = Date.now();
    return this.views.get(application, now, () => this.buildView(application, now));
  }

  private buildView(application: string, now: number): BuiltView & { view: ApplicationClusters } {
    const startupGraceMs = this.options.startupGraceMs ?? 300_000;
    const expiry = { at: Infinity };
    const view = {
      application,
      accounts: [...this.accounts.values()].map(a =>
        buildAccountClusters(a.cache, a.summary(), application, { account: a.account.name, now, startupGraceMs, expiry }),
      ),
    };
    return { view, expiresAt: expiry.at };
  }

  serverGroup(application: string, account: string, namespace: string, kind: string, name: string): ServerGroupDetails {
    const inventory = this.accountOrThrow(account);
    const canonical = [...SERVER_GROUP_KINDS].find(k => k.toLowerCase() === kind.toLowerCase());
    if (!canonical) throw new InputError(`kind must be one of ${[...SERVER_GROUP_KINDS].join(', ')}; got '${kind}'`);
    const entry = inventory.cache.get(canonical, namespace, name);
    if (!entry || entry.app !== application) {
      throw new NotFoundError(`no ${canonical} ${namespace}/${name} of application ${application} in account ${account}`);
    }
    const summary = serverGroupSummary(inventory.cache, entry, {
      account,
      now: Date.now(),
      startupGraceMs: this.options.startupGraceMs ?? 300_000,
    });
    const uids = [entry.obj.metadata.uid, ...summary.instances.map(i => inventory.cache.get('Pod', i.namespace, i.name)?.obj.metadata.uid)];
    const events = uids
      .flatMap(uid => (uid ? inventory.cache.eventsFor(uid) : []))
      .map(eventSummary)
      .sort((a, b) => (b.lastTimestamp ?? '').localeCompare(a.lastTimestamp ?? ''))
      .slice(0, 100);
    return { ...summary, manifest: { ...entry.obj } as Record<string, unknown>, events };
  }

  /** A pod's log, read live from its cluster: the one read that reaches the API server. */
  async instanceLogs(
    application: string,
    account: string,
    namespace: string,
    pod: string,
    options: { container?: string; tailLines?: number } = {},
  ): Promise<string> {
    const inventory = this.accountOrThrow(account);
    const entry = inventory.cache.get('Pod', namespace, pod);
    if (!entry || entry.app !== application) {
      throw new NotFoundError(`no instance ${namespace}/${pod} of application ${application} in account ${account}`);
    }
    const { CoreV1Api } = await loadKubernetesClient();
    const core = inventory.account.kubeConfig.makeApiClient(CoreV1Api);
    try {
      return await core.readNamespacedPodLog({ name: pod, namespace, container: options.container, tailLines: options.tailLines });
    } catch (e) {
      const code = (e as { code?: number }).code;
      const body = (e as { body?: unknown }).body;
      const message = typeof body === 'string' ? safeMessage(body) : (body as { message?: string })?.message;
      if (code === 400) throw new InputError(message ?? 'bad log request');
      if (code === 404) throw new NotFoundError(message ?? `pod ${namespace}/${pod} not found`);
      throw describeError(e, inventory.account.server, `logs of pod ${namespace}/${pod}`);
    }
  }

  private accountOrThrow(name: string): AccountInventory {
    const inventory = this.accounts.get(name);
    if (!inventory) throw new NotFoundError(`no Kubernetes account '${name}'`);
    return inventory;
  }

  private createWatch(inventory: AccountInventory, spec: KindSpec, namespace: string | undefined): ResourceWatch {
    const { account, cache } = inventory;
    const omit = new Set(account.omitNamespaces);
    const keep = (obj: KubeObject) => !omit.has(obj.metadata.namespace ?? '');
    return new ResourceWatch({
      kubeConfig: account.kubeConfig,
      server: account.server,
      spec,
      namespace,
      backoff: this.options.backoff,
      watchTimeoutSeconds: this.options.watchTimeoutSeconds,
      onList: items => {
        const affected = new Set<string>();
        cache.replace(spec.kind, namespace, items.filter(keep).map(i => slim(spec.kind, i)), affected);
        this.changed(affected);
      },
      onEvent: (type, obj) => {
        if (!keep(obj)) return;
        const affected = new Set<string>();
        if (type === 'DELETED') cache.remove(spec.kind, obj, affected);
        else cache.upsert(spec.kind, slim(spec.kind, obj), affected);
        // A pod that arrives before its owner still tells which application moved.
        if (spec.kind === 'Pod' && affected.size === 0) {
          const owner = ownerOf(obj);
          const app = owner ? cache.byUidOf(owner.uid)?.app : undefined;
          if (app) affected.add(app);
        }
        this.changed(affected);
      },
      onStatus: status => {
        // Every view shows every account's status.
        this.views.clear();
        if (status.state === 'error') {
          this.options.logger?.warn(`cd inventory: account ${account.name}: ${status.message}`);
        }
        this.statusListeners.forEach(l => l());
      },
      onError: error => this.options.logger?.debug?.(`cd inventory: account ${account.name}: ${error}`),
    });
  }

  private changed(applications: Set<string>) {
    // At once, not debounced: a read right after the change must see it.
    this.views.invalidate(applications);
    if (this.listeners.size === 0) return;
    const delay = this.options.debounceMs ?? 20;
    for (const application of applications) {
      if (this.pending.has(application)) continue;
      this.pending.set(
        application,
        setTimeout(() => {
          this.pending.delete(application);
          for (const listener of this.listeners) {
            try {
              listener(application);
            } catch (e) {
              this.options.logger?.warn(`cd inventory change listener failed: ${e}`);
            }
          }
        }, delay),
      );
    }
  }
}

function safeMessage(body: string): string | undefined {
  try {
    return JSON.parse(body).message;
  } catch {
    return body || undefined;
  }
}
