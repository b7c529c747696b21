import type { ApiType, KubeConfig } from '@kubernetes/client-node';
import { NotFoundError } from '@backstage/errors';
import type { KubernetesAccount } from './accounts';
import { loadKubernetesClient } from './client';

/** Hands out API clients per account name; the one place credentials are turned into clients. */
export class KubernetesClientFactory {
  private readonly byName: Map<string, KubernetesAccount>;

  constructor(accounts: KubernetesAccount[]) {
    this.byName = new Map(accounts.map(a => [a.name, a]));
  }

  accountNames(): string[] {
    return [...this.byName.keys()];
  }

  account(name: string): KubernetesAccount {
    const account = this.byName.get(name);
    if (!account) throw new NotFoundError(`no Kubernetes account '${name}'`);
    return account;
  }

  kubeConfig(name: string): KubeConfig {
    return this.account(name).kubeConfig;
  }

  /** e.g. `await factory.api('prod', k8s => k8s.CoreV1Api)` */
  async api<T extends ApiType>(
    name: string,
    pick: (client: Awaited<ReturnType<typeof loadKubernetesClient>>) => new (config: any) => T,
  ): Promise<T> {
    const client = await loadKubernetesClient();
    return this.kubeConfig(name).makeApiClient(pick(client));
  }
}
