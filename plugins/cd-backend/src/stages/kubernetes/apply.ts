import type { TaskLogger } from '@internal/plugin-cd-node';
import type { KubeApi } from './kubeApi';
import { ANNOTATIONS, clusterName, KubeObject } from './manifests';
import { applyStrategy, PreparedManifest } from './prepare';
import { listCluster } from './serverGroups';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function waitUntilGone(api: KubeApi, p: PreparedManifest, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (await api.get(p.ref, p.namespace, p.name)) {
    if (Date.now() > deadline) throw new Error(`${p.displayName} in ${p.namespace} was still there ${timeoutMs / 1000} s after deleting it (recreate strategy)`);
    await sleep(200);
  }
}

/**
 * Applies a prepared manifest by its strategy: server-side apply, or
 * `replace` (PUT), or `recreate` (delete, wait until gone, create). A
 * repeated run of the same task does not recreate what it created.
 */
export async function applyPrepared(api: KubeApi, p: PreparedManifest, deployKey: string, logger: TaskLogger): Promise<KubeObject> {
  const strategy = applyStrategy(p.manifest);
  let manifest = p.manifest;
  if (strategy.recreate && !p.versioned) {
    manifest = structuredClone(manifest);
    manifest.metadata!.annotations![ANNOTATIONS.deployKey] = deployKey;
    const live = await api.get(p.ref, p.namespace, p.name);
    if (live && live.metadata?.annotations?.[ANNOTATIONS.deployKey] !== deployKey) {
      logger.info(`recreate: deleting ${p.displayName} in ${p.namespace} first`);
      await api.delete(p.ref, p.namespace, p.name, 'Foreground');
      await waitUntilGone(api, p);
    }
  }
  if (strategy.replace) return api.replace(p.ref, p.namespace, manifest);
  return api.apply(p.ref, p.namespace, manifest);
}

/** `max-version-history`: deletes the oldest versions of the cluster beyond the limit, never the one just deployed. */
export async function pruneVersions(api: KubeApi, p: PreparedManifest, application: string, logger: TaskLogger): Promise<string[]> {
  const { maxVersionHistory } = applyStrategy(p.manifest);
  if (!p.versioned || !maxVersionHistory) return [];
  const versions = await listCluster(api, p.ref, p.namespace, p.cluster, application);
  const excess = versions.filter(v => v.metadata?.name !== p.name).slice(0, Math.max(0, versions.length - maxVersionHistory));
  const deleted: string[] = [];
  for (const old of excess) {
    await api.delete(p.ref, p.namespace, old.metadata!.name!);
    deleted.push(clusterName(p.ref.kind, old.metadata!.name!));
  }
  if (deleted.length > 0) logger.info(`max-version-history ${maxVersionHistory}: deleted ${deleted.join(', ')}`);
  return deleted;
}
