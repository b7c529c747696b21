import type { KubeConfig } from '@kubernetes/client-node';
import { getJson } from '../../../kubernetes';
import { getText } from './getText';
import { parsePrometheusText } from './prometheusText';

/** What the service proxies counted for one pod, since the cluster started. */
export interface PodCounters {
  requests: number;
  /** Answers with a 5xx status. */
  errors: number;
  durationSeconds: number;
  durations: number;
}

interface Snapshot {
  at: number;
  /** `namespace/pod` → counters */
  pods: Map<string, PodCounters>;
}

interface AccountState {
  snapshots: Snapshot[];
  /** `namespace/pod` → the names it belongs to: itself, its ReplicaSet, the ReplicaSet's Deployment… */
  owners: Map<string, Set<string>>;
  namespaces: Set<string>;
  trackedUntil: number;
  timer?: NodeJS.Timeout;
  sampling?: Promise<void>;
  lastError?: string;
}

interface ObjectList {
  items: Array<{ metadata: { name: string; ownerReferences?: Array<{ kind: string; name: string }> } }>;
}

export interface ProxyMetricsSamplerOptions {
  kubeConfig(account: string): KubeConfig;
  /** How often `/metrics` is read while an analysis runs (default 1 s). */
  sampleIntervalMs?: number;
  /** How long samples are kept (default 6 h). */
  retentionMs?: number;
  /** Sampling goes on this long after the tracked end, so the last interval is covered (default 30 s). */
  graceMs?: number;
  onError?(account: string, error: Error): void;
}

/**
 * Samples the local cluster's proxy metrics (`/metrics` of its API server:
 * per-pod request counters and latency sums, instant values) while analyses
 * run, and turns the differences between samples into per-step series per
 * server group. Pods are matched to server groups through their owners, read
 * at each sample, so a pod that is gone still counts for its server group.
 */
export class ProxyMetricsSampler {
  private readonly accounts = new Map<string, AccountState>();
  private readonly sampleIntervalMs: number;
  private readonly retentionMs: number;
  private readonly graceMs: number;

  constructor(private readonly options: ProxyMetricsSamplerOptions) {
    this.sampleIntervalMs = options.sampleIntervalMs ?? 1000;
    this.retentionMs = options.retentionMs ?? 6 * 3600_000;
    this.graceMs = options.graceMs ?? 30_000;
  }

  /** Samples `account` (pods of `namespaces`) from now until `untilMillis` (plus the grace). */
  track(account: string, namespaces: string[], untilMillis: number): void {
    let state = this.accounts.get(account);
    if (!state) {
      state = { snapshots: [], owners: new Map(), namespaces: new Set(), trackedUntil: 0 };
      this.accounts.set(account, state);
    }
    namespaces.forEach(n => state!.namespaces.add(n));
    state.trackedUntil = Math.max(state.trackedUntil, untilMillis + this.graceMs);
    if (!state.timer) {
      const s = state;
      const tick = () => {
        if (Date.now() > s.trackedUntil) {
          clearInterval(s.timer);
          s.timer = undefined;
          return;
        }
        s.sampling ??= this.sample(account, s).finally(() => {
          s.sampling = undefined;
        });
      };
      state.timer = setInterval(tick, this.sampleIntervalMs);
      state.timer.unref?.();
      tick();
    }
  }

  /** The last sampling error of an account, for messages. */
  lastError(account: string): string | undefined {
    return this.accounts.get(account)?.lastError;
  }

  /**
   * Counter increases of a server group's pods over consecutive windows of
   * `stepMillis` from `startTimeMillis`; undefined for a window without a
   * sample at both ends.
   */
  increases(
    account: string,
    namespace: string,
    serverGroup: string,
    startTimeMillis: number,
    endTimeMillis: number,
    stepMillis: number,
  ): Array<PodCounters | undefined> {
    const state = this.accounts.get(account);
    const windows = stepMillis > 0 ? Math.floor((endTimeMillis - startTimeMillis) / stepMillis) : 0;
    const out: Array<PodCounters | undefined> = [];
    for (let k = 0; k < windows; k++) {
      const from = startTimeMillis + k * stepMillis;
      const before = state && latestAtOrBefore(state.snapshots, from);
      const after = state && latestAtOrBefore(state.snapshots, from + stepMillis);
      if (!state || !before || !after || after === before || before.at < from - stepMillis) {
        out.push(undefined);
        continue;
      }
      out.push(increase(state, before, after, namespace, serverGroup));
    }
    return out;
  }

  stop(): void {
    for (const state of this.accounts.values()) {
      clearInterval(state.timer);
      state.timer = undefined;
    }
  }

  private async sample(account: string, state: AccountState): Promise<void> {
    try {
      const kubeConfig = this.options.kubeConfig(account);
      const at = Date.now();
      const [text] = await Promise.all([
        getText(kubeConfig, '/metrics', `proxy metrics of ${account}`),
        ...[...state.namespaces].map(namespace => this.readOwners(kubeConfig, namespace, state)),
      ]);
      state.snapshots.push({ at, pods: podCounters(text, state.namespaces) });
      const horizon = at - this.retentionMs;
      while (state.snapshots.length > 0 && state.snapshots[0].at < horizon) state.snapshots.shift();
      state.lastError = undefined;
    } catch (e) {
      state.lastError = (e as Error).message;
      this.options.onError?.(account, e as Error);
    }
  }

  private async readOwners(kubeConfig: KubeConfig, namespace: string, state: AccountState): Promise<void> {
    const ns = encodeURIComponent(namespace);
    const [pods, replicaSets] = await Promise.all([
      getJson<ObjectList>(kubeConfig, `/api/v1/namespaces/${ns}/pods`, `pods of ${namespace}`),
      getJson<ObjectList>(kubeConfig, `/apis/apps/v1/namespaces/${ns}/replicasets`, `replicaSets of ${namespace}`),
    ]);
    const replicaSetOwners = new Map(
      replicaSets.items.map(rs => [rs.metadata.name, (rs.metadata.ownerReferences ?? []).map(o => o.name)]),
    );
    for (const pod of pods.items) {
      const key = `${namespace}/${pod.metadata.name}`;
      const names = state.owners.get(key) ?? new Set<string>([pod.metadata.name]);
      for (const owner of pod.metadata.ownerReferences ?? []) {
        names.add(owner.name);
        if (owner.kind === 'ReplicaSet') replicaSetOwners.get(owner.name)?.forEach(n => names.add(n));
      }
      state.owners.set(key, names);
    }
  }
}

function latestAtOrBefore(snapshots: Snapshot[], time: number): Snapshot | undefined {
  let lo = 0;
  let hi = snapshots.length - 1;
  let found: Snapshot | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (snapshots[mid].at <= time) {
      found = snapshots[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function increase(state: AccountState, before: Snapshot, after: Snapshot, namespace: string, serverGroup: string): PodCounters {
  const total: PodCounters = { requests: 0, errors: 0, durationSeconds: 0, durations: 0 };
  for (const [key, end] of after.pods) {
    if (!key.startsWith(`${namespace}/`) || !state.owners.get(key)?.has(serverGroup)) continue;
    const start = before.pods.get(key);
    for (const field of ['requests', 'errors', 'durationSeconds', 'durations'] as const) {
      const delta = end[field] - (start?.[field] ?? 0);
      // A counter that went down was reset (the cluster restarted): count from zero.
      total[field] += delta >= 0 ? delta : end[field];
    }
  }
  return total;
}

/** Sums the proxies' series per pod (over entry Services and status codes). */
function podCounters(text: string, namespaces: Set<string>): Map<string, PodCounters> {
  const pods = new Map<string, PodCounters>();
  for (const sample of parsePrometheusText(text)) {
    const { namespace, pod } = sample.labels;
    if (!pod || !namespaces.has(namespace)) continue;
    const key = `${namespace}/${pod}`;
    let counters = pods.get(key);
    if (!counters) {
      counters = { requests: 0, errors: 0, durationSeconds: 0, durations: 0 };
      pods.set(key, counters);
    }
    if (sample.name === 'local_cluster_requests_total') {
      counters.requests += sample.value;
      if (Number(sample.labels.code) >= 500) counters.errors += sample.value;
    } else if (sample.name === 'local_cluster_request_duration_seconds_sum') {
      counters.durationSeconds += sample.value;
    } else if (sample.name === 'local_cluster_request_duration_seconds_count') {
      counters.durations += sample.value;
    }
  }
  return pods;
}
