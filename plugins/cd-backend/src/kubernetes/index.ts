export { loadKubernetesAccounts, AccountConfigError } from './accounts';
export type { KubernetesAccount, AccountsLoadResult } from './accounts';
export { KubernetesClientFactory } from './KubernetesClientFactory';
export { loadKubernetesClient } from './client';
export type { KubernetesClientModule } from './client';
export { KubernetesRequestError, describeError, describeStatus } from './errors';
export { getJson } from './http';
export { withKubernetesRetry, isRetryableKubernetesError, kubernetesBackoffMs } from './retry';
export type { KubernetesRetryOptions } from './retry';
