import type { StageDefinition, TaskContext, TaskResult } from '@internal/plugin-cd-node';
import type { KubernetesClientFactory } from '../../kubernetes';
import { requireField } from '../validation';
import { annotate, clusterName, isVersioned, KubeObject, nextVersion } from './manifests';
import { kubeRequest } from './request';
import { resolveResource, resourcePath } from './resources';
import { NAMES_BY_NAMESPACE, waitForManifestStableTask } from './waitForStable';

const FIELD_MANAGER = 'backstage-cd';

function validateManifests(manifests: unknown, path: string) {
  if (manifests === undefined || manifests === null) return [{ path: `${path}.manifests`, message: 'is required' }];
  if (typeof manifests === 'string' && manifests.includes('${')) return [];
  if (!Array.isArray(manifests) || manifests.length === 0) {
    return [{ path: `${path}.manifests`, message: 'must be a non-empty array of manifests' }];
  }
  return manifests.flatMap((m, i) => {
    const at = `${path}.manifests[${i}]`;
    if (typeof m !== 'object' || m === null || Array.isArray(m)) return [{ path: at, message: 'must be an object' }];
    const issues = [];
    for (const field of ['apiVersion', 'kind'] as const) {
      if (typeof (m as KubeObject)[field] !== 'string') issues.push({ path: `${at}.${field}`, message: 'is required' });
    }
    if (typeof (m as KubeObject).metadata?.name !== 'string') issues.push({ path: `${at}.metadata.name`, message: 'is required' });
    return issues;
  });
}

async function deploy(clients: KubernetesClientFactory, ctx: TaskContext): Promise<TaskResult> {
  const account = String(ctx.context.account ?? '');
  const issues = [
    ...(account ? [] : [{ path: 'stage.account', message: 'is required' }]),
    ...validateManifests(ctx.context.manifests, 'stage'),
  ];
  if (issues.length > 0) return { status: 'TERMINAL', error: issues.map(i => `${i.path} ${i.message}`).join('; ') };
  const kubeConfig = clients.kubeConfig(account);
  const moniker = (ctx.context.moniker ?? {}) as { app?: string };
  const application = moniker.app ?? ctx.execution.application;
  const namespaceOverride = ctx.context.namespaceOverride as string | undefined;
  const artifact = ctx.context.artifact as Record<string, string> | undefined;

  const applied: KubeObject[] = [];
  const namesByNamespace: Record<string, string[]> = {};
  for (const raw of ctx.context.manifests as KubeObject[]) {
    const namespace = namespaceOverride || raw.metadata?.namespace || 'default';
    let manifest = annotate(raw, { application, namespace, artifact });
    const ref = await resolveResource(kubeConfig, manifest.apiVersion!, manifest.kind!);
    if (isVersioned(manifest)) {
      const list = await kubeRequest<{ items: KubeObject[] }>(kubeConfig, {
        method: 'GET',
        path: resourcePath(ref, namespace),
        what: `list ${ref.plural} in ${namespace}`,
        signal: ctx.signal,
      });
      manifest = nextVersion(manifest, list?.items ?? [], ctx.idempotencyKey);
    }
    const name = manifest.metadata!.name!;
    const displayName = clusterName(manifest.kind!, name);
    // Server-side apply: repeating the same apply after a crash changes nothing.
    const live = await kubeRequest<KubeObject>(kubeConfig, {
      method: 'PATCH',
      path: resourcePath(ref, namespace, name),
      query: { fieldManager: FIELD_MANAGER, force: 'true' },
      body: manifest,
      contentType: 'application/apply-patch+yaml',
      what: `apply ${displayName} in ${namespace}`,
      signal: ctx.signal,
    });
    ctx.logger.info(`applied ${displayName} in ${namespace} (account ${account})`);
    applied.push(live ?? manifest);
    (namesByNamespace[namespace] ??= []).push(displayName);
  }
  const results = {
    'outputs.manifests': applied,
    [NAMES_BY_NAMESPACE]: namesByNamespace,
    'deploy.server.groups': namesByNamespace,
  };
  return { status: 'SUCCEEDED', context: results, outputs: results };
}

/** `deployManifest`: annotates, versions and server-side-applies manifests, then waits until they are stable. */
export function deployManifestStage(deps: { clients: KubernetesClientFactory }): StageDefinition {
  return {
    type: 'deployManifest',
    label: 'Deploy (Manifest)',
    description: 'Applies Kubernetes manifests to an account and waits until they are stable.',
    validate: (stage, path) => [...requireField(stage, 'account', path), ...validateManifests(stage.manifests, path)],
    tasks: [
      { name: 'deployManifest', run: ctx => deploy(deps.clients, ctx) },
      waitForManifestStableTask(deps.clients),
    ],
  };
}
