import type { AuthService, BackstageCredentials, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/**
 * Calls the cd backend's REST API on behalf of the user who runs the
 * template, so that user's permissions apply (not the scaffolder's).
 */
export class CdApiClient {
  constructor(private readonly deps: { discovery: DiscoveryService; auth: AuthService }) {}

  baseUrl(): Promise<string> {
    return this.deps.discovery.getBaseUrl('cd');
  }

  async post<T>(path: string, body: unknown, onBehalfOf: BackstageCredentials): Promise<T> {
    const { token } = await this.deps.auth.getPluginRequestToken({ onBehalfOf, targetPluginId: 'cd' });
    const response = await fetch(`${await this.baseUrl()}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw await describeFailure(response);
    return (await response.json()) as T;
  }
}

/** The cd API's error with its field issues spelled out (`stages[1].type: unknown stage type`). */
async function describeFailure(response: Response): Promise<Error> {
  const error = await ResponseError.fromResponse(response);
  const issues = (error.body as { issues?: Array<{ path: string; message: string }> } | undefined)?.issues;
  if (Array.isArray(issues) && issues.length > 0) {
    error.message = `${error.message}; ${issues.map(i => `${i.path || '(document)'}: ${i.message}`).join('; ')}`;
  }
  return error;
}
