import * as client from '@kubernetes/client-node';

/**
 * `@kubernetes/client-node` 1.x is an ES module; it is reached through this one
 * place (Node 20.19+ loads it from CommonJS, and Jest transforms it). The
 * promise keeps callers independent of how it is loaded.
 */
export type KubernetesClientModule = typeof client;

export function loadKubernetesClient(): Promise<KubernetesClientModule> {
  return Promise.resolve(client);
}
