import type { KubeConfig } from '@kubernetes/client-node';
import { describeStatus } from '../../../kubernetes';
import { getRaw } from '../../../kubernetes/http';

/** A GET of a text page of the API server (its `/metrics`), authenticated with the account's KubeConfig. */
export async function getText(kubeConfig: KubeConfig, path: string, what: string, timeoutMs = 10_000): Promise<string> {
  const { statusCode, text } = await getRaw(kubeConfig, path, what, 'text/plain', timeoutMs);
  if (statusCode === 200) return text;
  throw describeStatus(statusCode, undefined, what);
}
