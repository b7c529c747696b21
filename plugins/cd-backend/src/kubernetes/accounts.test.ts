import { ConfigReader } from '@backstage/config';
import { LocalCluster, startLocalCluster } from '@internal/local-cluster';
import fs from 'fs';
import os from 'os';
import path from 'path';
import YAML from 'yaml';
import { loadKubernetesAccounts } from './accounts';
import { getJson } from './http';

jest.setTimeout(60_000);

describe('loadKubernetesAccounts', () => {
  let cluster: LocalCluster;
  let dir: string;
  let twoContexts: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-accounts-'));
    cluster = await startLocalCluster({ dataDir: dir, token: 'tkn' });
    // A kubeconfig with a second, broken context, to prove the context is honoured.
    const kubeconfig = YAML.parse(fs.readFileSync(cluster.kubeconfigPath, 'utf8'));
    kubeconfig.users.push({ name: 'nobody', user: { token: 'wrong' } });
    kubeconfig.contexts.push({ name: 'wrong-user', context: { cluster: kubeconfig.clusters[0].name, user: 'nobody' } });
    twoContexts = path.join(dir, 'two-contexts.yaml');
    fs.writeFileSync(twoContexts, YAML.stringify(kubeconfig));
  });

  afterAll(() => cluster?.stop());

  const load = (config: object) => loadKubernetesAccounts(new ConfigReader(config));
  const namespaces = (account: { kubeConfig: any }) =>
    getJson<{ items: Array<{ metadata: { name: string } }> }>(account.kubeConfig, '/api/v1/namespaces', 'list namespaces')
      .then(list => list.items.map(n => n.metadata.name));

  it('reads cd.accounts by kubeconfig and context, and by URL and token, to clusters that answer', async () => {
    const { accounts } = await load({
      cd: {
        accounts: [
          { name: 'dev', environment: 'dev', kubeconfig: { path: twoContexts, context: 'local' }, namespaces: ['a'], omitKinds: ['Secret'] },
          { name: 'prod', environment: 'prod', url: cluster.url, serviceAccountToken: 'tkn', skipTLSVerify: true, omitNamespaces: ['kube-system'] },
          { name: 'denied', kubeconfig: { path: twoContexts, context: 'wrong-user' } },
        ],
      },
    });
    expect(accounts.map(a => [a.name, a.environment, a.server])).toEqual([
      ['dev', 'dev', cluster.url],
      ['prod', 'prod', cluster.url],
      ['denied', undefined, cluster.url],
    ]);
    expect(accounts[0]).toMatchObject({ namespaces: ['a'], omitKinds: ['Secret'], omitNamespaces: [] });
    expect(accounts[1]).toMatchObject({ namespaces: undefined, omitNamespaces: ['kube-system'] });
    expect(await namespaces(accounts[0])).toContain('default');
    expect(await namespaces(accounts[1])).toContain('default');
    await expect(namespaces(accounts[2])).rejects.toThrow(/401 Unauthorized/);
  });

  it('falls back to the Kubernetes plugin clusters, skipping those without a backend identity', async () => {
    const { accounts, skipped } = await load({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'catalog' },
          {
            type: 'config',
            clusters: [
              { name: 'shared', url: cluster.url, authProvider: 'serviceAccount', serviceAccountToken: 'tkn', skipTLSVerify: true },
              { name: 'gke', url: 'https://gke.example.com', authProvider: 'google' },
            ],
          },
        ],
      },
    });
    expect(accounts.map(a => a.name)).toEqual(['shared']);
    expect(await namespaces(accounts[0])).toContain('default');
    expect(skipped).toEqual([
      { key: 'kubernetes.clusterLocatorMethods[1].clusters[1]', reason: expect.stringContaining("authProvider 'google'") },
    ]);
  });

  it('adds the demo account from cd.localCluster.kubeconfig', async () => {
    const { accounts } = await load({ cd: { localCluster: { kubeconfig: cluster.kubeconfigPath } } });
    expect(accounts.map(a => [a.name, a.environment])).toEqual([['local', 'dev']]);
    expect(await namespaces(accounts[0])).toContain('default');
  });

  it('names the config key of each mistake', async () => {
    await expect(load({ cd: { accounts: [{ name: 'a' }] } })).rejects.toThrow(
      'cd.accounts[0]: needs one of kubeconfig, url or inCluster',
    );
    await expect(load({ cd: { accounts: [{ name: 'a', url: cluster.url, kubeconfig: { path: twoContexts } }] } })).rejects.toThrow(
      'cd.accounts[0]: set only one of kubeconfig, url or inCluster (found kubeconfig, url)',
    );
    await expect(load({ cd: { accounts: [{ name: 'a', url: cluster.url }] } })).rejects.toThrow(
      'cd.accounts[0].url: a plain http:// server needs skipTLSVerify: true',
    );
    await expect(load({ cd: { accounts: [{ name: 'a', kubeconfig: { path: twoContexts, context: 'nope' } }] } })).rejects.toThrow(
      /^cd\.accounts\[0\]\.kubeconfig\.context: no context 'nope' in .* \(has: local, wrong-user\)$/,
    );
    await expect(load({ cd: { accounts: [{ name: 'a', kubeconfig: { path: '/does/not/exist' } }] } })).rejects.toThrow(
      'cd.accounts[0].kubeconfig.path: no file at /does/not/exist',
    );
    await expect(
      load({ cd: { accounts: [{ name: 'a', url: cluster.url, skipTLSVerify: true }, { name: 'a', url: cluster.url, skipTLSVerify: true }] } }),
    ).rejects.toThrow("cd.accounts[1].name: account name 'a' is already used by cd.accounts[0]");
    await expect(load({ cd: { accounts: [{ url: cluster.url }] } })).rejects.toThrow(/cd\.accounts\[0\]\.name/);
  });
});
