import type { Config } from '@backstage/config';
import type { KubeConfig } from '@kubernetes/client-node';
import fs from 'fs';
import { loadKubernetesClient } from './client';

/**
 * A Kubernetes account (one cluster). The KubeConfig holds credentials: it
 * stays in the backend and is never serialised.
 */
export interface KubernetesAccount {
  name: string;
  environment?: string;
  /** The API server's URL, for messages. */
  server: string;
  /** Only these namespaces (undefined: all). */
  namespaces?: string[];
  omitNamespaces: string[];
  omitKinds: string[];
  kubeConfig: KubeConfig;
}

/** Where the account's settings came from, for logs. */
export interface AccountsLoadResult {
  accounts: KubernetesAccount[];
  /** Clusters of the Backstage kubernetes config that cannot be used here, with why. */
  skipped: Array<{ key: string; reason: string }>;
}

export class AccountConfigError extends Error {
  constructor(readonly key: string, problem: string) {
    super(`${key}: ${problem}`);
    this.name = 'AccountConfigError';
  }
}

interface RawAccount {
  key: string;
  name: string;
  environment?: string;
  kubeconfig?: { path: string; context?: string };
  url?: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify?: boolean;
  inCluster?: boolean;
  namespaces?: string[];
  omitNamespaces?: string[];
  omitKinds?: string[];
}

/**
 * Reads `cd.accounts`, or else the `config`-type cluster locators of the
 * Kubernetes plugin, plus the demo's `cd.localCluster.kubeconfig`.
 */
export async function loadKubernetesAccounts(config: Config): Promise<AccountsLoadResult> {
  const skipped: AccountsLoadResult['skipped'] = [];
  const raw = config.has('cd.accounts') ? cdAccounts(config) : backstageClusters(config, skipped);
  const local = config.getOptionalString('cd.localCluster.kubeconfig');
  if (local) {
    raw.push({ key: 'cd.localCluster', name: 'local', environment: 'dev', kubeconfig: { path: local } });
  }
  const seen = new Map<string, string>();
  for (const r of raw) {
    const other = seen.get(r.name);
    if (other) throw new AccountConfigError(`${r.key}.name`, `account name '${r.name}' is already used by ${other}`);
    seen.set(r.name, r.key);
  }
  const accounts: KubernetesAccount[] = [];
  for (const r of raw) accounts.push(await buildAccount(r));
  return { accounts, skipped };
}

function cdAccounts(config: Config): RawAccount[] {
  return config.getConfigArray('cd.accounts').map((c, i) => {
    const key = `cd.accounts[${i}]`;
    const kubeconfig = c.getOptionalConfig('kubeconfig');
    return {
      key,
      name: c.getString('name'),
      environment: c.getOptionalString('environment'),
      kubeconfig: kubeconfig
        ? { path: kubeconfig.getString('path'), context: kubeconfig.getOptionalString('context') }
        : undefined,
      url: c.getOptionalString('url'),
      serviceAccountToken: c.getOptionalString('serviceAccountToken'),
      caData: c.getOptionalString('caData'),
      skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
      inCluster: c.getOptionalBoolean('inCluster'),
      namespaces: c.getOptionalStringArray('namespaces'),
      omitNamespaces: c.getOptionalStringArray('omitNamespaces'),
      omitKinds: c.getOptionalStringArray('omitKinds'),
    };
  });
}

/** `kubernetes.clusterLocatorMethods[type=config].clusters[]`, so clusters are configured once. */
function backstageClusters(config: Config, skipped: AccountsLoadResult['skipped']): RawAccount[] {
  const methods = config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const result: RawAccount[] = [];
  methods.forEach((method, m) => {
    if (method.getString('type') !== 'config') return;
    (method.getOptionalConfigArray('clusters') ?? []).forEach((cluster, c) => {
      const key = `kubernetes.clusterLocatorMethods[${m}].clusters[${c}]`;
      const authProvider = cluster.getOptionalString('authProvider') ?? 'serviceAccount';
      const token = cluster.getOptionalString('serviceAccountToken');
      if (authProvider !== 'serviceAccount') {
        // Other providers authenticate as the signed-in user; a watch-driven inventory needs its own identity.
        skipped.push({ key, reason: `authProvider '${authProvider}' has no backend identity; add it under cd.accounts` });
        return;
      }
      if (!token) {
        skipped.push({ key, reason: 'no serviceAccountToken; add it, or configure the cluster under cd.accounts with inCluster: true' });
        return;
      }
      result.push({
        key,
        name: cluster.getString('name'),
        url: cluster.getString('url'),
        serviceAccountToken: token,
        caData: cluster.getOptionalString('caData'),
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify'),
      });
    });
  });
  return result;
}

async function buildAccount(r: RawAccount): Promise<KubernetesAccount> {
  const { KubeConfig } = await loadKubernetesClient();
  const sources = [r.kubeconfig && 'kubeconfig', r.url && 'url', r.inCluster && 'inCluster'].filter(Boolean);
  if (sources.length !== 1) {
    throw new AccountConfigError(
      r.key,
      sources.length === 0
        ? 'needs one of kubeconfig, url or inCluster'
        : `set only one of kubeconfig, url or inCluster (found ${sources.join(', ')})`,
    );
  }
  const kc = new KubeConfig();
  if (r.kubeconfig) {
    const path = r.kubeconfig.path;
    if (!fs.existsSync(path)) throw new AccountConfigError(`${r.key}.kubeconfig.path`, `no file at ${path}`);
    try {
      kc.loadFromFile(path);
    } catch (e) {
      throw new AccountConfigError(`${r.key}.kubeconfig.path`, `cannot read kubeconfig ${path}: ${(e as Error).message}`);
    }
    if (r.kubeconfig.context) {
      if (!kc.getContextObject(r.kubeconfig.context)) {
        const known = kc.getContexts().map(c => c.name).join(', ');
        throw new AccountConfigError(`${r.key}.kubeconfig.context`, `no context '${r.kubeconfig.context}' in ${path} (has: ${known})`);
      }
      kc.setCurrentContext(r.kubeconfig.context);
    }
  } else if (r.url) {
    let url: URL;
    try {
      url = new URL(r.url);
    } catch {
      throw new AccountConfigError(`${r.key}.url`, `not a URL: ${r.url}`);
    }
    if (url.protocol === 'http:' && !r.skipTLSVerify) {
      throw new AccountConfigError(`${r.key}.url`, 'a plain http:// server needs skipTLSVerify: true');
    }
    kc.loadFromOptions({
      clusters: [{ name: r.name, server: r.url.replace(/\/$/, ''), caData: r.caData, skipTLSVerify: r.skipTLSVerify ?? false }],
      users: [{ name: r.name, token: r.serviceAccountToken }],
      contexts: [{ name: r.name, cluster: r.name, user: r.name }],
      currentContext: r.name,
    });
  } else {
    try {
      kc.loadFromCluster();
    } catch (e) {
      throw new AccountConfigError(`${r.key}.inCluster`, `not running in a cluster: ${(e as Error).message}`);
    }
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new AccountConfigError(r.key, 'the kubeconfig has no current cluster');
  return {
    name: r.name,
    environment: r.environment,
    server: cluster.server,
    namespaces: r.namespaces && r.namespaces.length > 0 ? r.namespaces : undefined,
    omitNamespaces: r.omitNamespaces ?? [],
    omitKinds: r.omitKinds ?? [],
    kubeConfig: kc,
  };
}
