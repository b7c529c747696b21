import fs from 'fs';
import path from 'path';
import YAML from 'yaml';

/**
 * Writes a kubeconfig with one cluster, one user and the context `local`.
 * The server speaks plain HTTP; `insecure-skip-tls-verify` is set because @kubernetes/client-node 1.x
 * refuses `http:` servers without it (kubectl does not mind).
 */
export function writeKubeconfig(file: string, server: string, token?: string): void {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'local', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'local', user: token ? { token } : {} }],
    contexts: [{ name: 'local', context: { cluster: 'local', user: 'local', namespace: 'default' } }],
    'current-context': 'local',
    preferences: {},
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, YAML.stringify(config), { mode: 0o600 });
}
