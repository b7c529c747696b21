import type { KubeConfig } from '@kubernetes/client-node';
import type { KubernetesClientFactory } from '../../kubernetes';
import type { KubeObject } from './manifests';
import { kubeRequest } from './request';
import { resolveResource, resourcePath, ResourceRef } from './resources';

export const FIELD_MANAGER = 'backstage-cd';

/** Merge patch, strategic merge patch, JSON patch: the content types of PATCH. */
export const PATCH_TYPES = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
} as const;

/**
 * The object operations the manifest stages need, on one account, over raw
 * HTTP (see request.ts). Every call names what it does for error messages.
 */
export class KubeApi {
  constructor(
    readonly account: string,
    readonly kubeConfig: KubeConfig,
    private readonly signal?: AbortSignal,
  ) {}

  static of(clients: KubernetesClientFactory, account: string, signal?: AbortSignal): KubeApi {
    return new KubeApi(account, clients.kubeConfig(account), signal);
  }

  resource(apiVersion: string, kind: string): Promise<ResourceRef> {
    return resolveResource(this.kubeConfig, apiVersion, kind);
  }

  get(ref: ResourceRef, namespace: string, name: string): Promise<KubeObject | undefined> {
    return this.call({ method: 'GET', path: resourcePath(ref, namespace, name), what: `read ${ref.kind} ${name} in ${namespace}` });
  }

  async list(ref: ResourceRef, namespace: string, labelSelector?: string): Promise<KubeObject[]> {
    const list = await this.call<{ items: KubeObject[] }>({
      method: 'GET',
      path: resourcePath(ref, namespace),
      query: labelSelector ? { labelSelector } : undefined,
      what: `list ${ref.plural} in ${namespace}`,
    });
    return (list?.items ?? []).map(item => ({ apiVersion: ref.apiVersion, kind: ref.kind, ...item }));
  }

  /** Server-side apply: repeating the same apply changes nothing. */
  async apply(ref: ResourceRef, namespace: string, manifest: KubeObject, options: { dryRun?: boolean } = {}): Promise<KubeObject> {
    const name = manifest.metadata!.name!;
    const applied = await this.call<KubeObject>({
      method: 'PATCH',
      path: resourcePath(ref, namespace, name),
      query: { fieldManager: FIELD_MANAGER, force: 'true', ...(options.dryRun ? { dryRun: 'All' } : {}) },
      body: manifest,
      contentType: 'application/apply-patch+yaml',
      what: `${options.dryRun ? 'dry-run apply' : 'apply'} ${ref.kind} ${name} in ${namespace}`,
    });
    return applied ?? manifest;
  }

  /** `kubectl replace`: the whole object, created when it does not exist yet. */
  async replace(ref: ResourceRef, namespace: string, manifest: KubeObject): Promise<KubeObject> {
    const name = manifest.metadata!.name!;
    const query = { fieldManager: FIELD_MANAGER };
    const replaced = await this.call<KubeObject>({
      method: 'PUT', path: resourcePath(ref, namespace, name), query, body: manifest, what: `replace ${ref.kind} ${name} in ${namespace}`,
    });
    if (replaced) return replaced;
    const created = await this.call<KubeObject>({
      method: 'POST', path: resourcePath(ref, namespace), query, body: manifest, what: `create ${ref.kind} ${name} in ${namespace}`,
    });
    return created ?? manifest;
  }

  patch(ref: ResourceRef, namespace: string, name: string, body: unknown, contentType: string, subresource = ''): Promise<KubeObject | undefined> {
    return this.call({
      method: 'PATCH',
      path: `${resourcePath(ref, namespace, name)}${subresource ? `/${subresource}` : ''}`,
      query: { fieldManager: FIELD_MANAGER },
      body,
      contentType,
      what: `patch ${ref.kind} ${name} in ${namespace}`,
    });
  }

  /** Resolves false when the object was already gone. */
  async delete(ref: ResourceRef, namespace: string, name: string, propagationPolicy: 'Background' | 'Foreground' | 'Orphan' = 'Background'): Promise<boolean> {
    const deleted = await this.call({
      method: 'DELETE',
      path: resourcePath(ref, namespace, name),
      query: { propagationPolicy },
      what: `delete ${ref.kind} ${name} in ${namespace}`,
    });
    return deleted !== undefined;
  }

  async logs(namespace: string, pod: string, container: string): Promise<string> {
    const text = await this.call<string>({
      method: 'GET',
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`,
      query: { container },
      text: true,
      what: `read the logs of ${pod}/${container} in ${namespace}`,
    });
    return text ?? '';
  }

  private call<T>(req: Parameters<typeof kubeRequest>[1]): Promise<T | undefined> {
    return kubeRequest<T>(this.kubeConfig, { ...req, signal: this.signal });
  }
}
