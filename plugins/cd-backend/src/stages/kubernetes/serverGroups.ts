import type { KubeApi } from './kubeApi';
import { ANNOTATIONS, clusterName, KubeObject, sequenceOf } from './manifests';
import type { ResourceRef } from './resources';

/** Spinnaker's dynamic target criteria. */
export const CRITERIA = ['newest', 'second_newest', 'oldest', 'largest', 'smallest'] as const;
export type Criteria = (typeof CRITERIA)[number];

/** The cluster an object belongs to: its moniker annotation, else its kind and name without the version. */
export function clusterOf(object: KubeObject): string {
  return (
    object.metadata?.annotations?.[ANNOTATIONS.cluster] ??
    clusterName(object.kind ?? '', (object.metadata?.name ?? '').replace(/-v\d{3,}$/, ''))
  );
}

const createdAt = (o: KubeObject) => Date.parse(String((o.metadata as { creationTimestamp?: string })?.creationTimestamp ?? '')) || 0;

/** Oldest first: by version when both have one, else by creation time, then name. */
export function byAge(a: KubeObject, b: KubeObject): number {
  const sa = sequenceOf(a);
  const sb = sequenceOf(b);
  if (sa !== undefined && sb !== undefined && sa !== sb) return sa - sb;
  return createdAt(a) - createdAt(b) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

/** The server groups (versions) of one cluster in a namespace, oldest first; `application` narrows by moniker. */
export async function listCluster(
  api: KubeApi,
  ref: ResourceRef,
  namespace: string,
  cluster: string,
  application?: string,
): Promise<KubeObject[]> {
  const items = await api.list(ref, namespace);
  return items
    .filter(o => !(o.metadata as { deletionTimestamp?: string })?.deletionTimestamp)
    .filter(o => clusterOf(o) === cluster)
    .filter(o => !application || (o.metadata?.annotations?.[ANNOTATIONS.application] ?? application) === application)
    .sort(byAge);
}

const replicasOf = (o: KubeObject) => Number(o.spec?.replicas ?? 0);

/** Picks one server group of a cluster (oldest first) by Spinnaker's criteria; ties go to the newer. */
export function pickByCriteria(serverGroups: KubeObject[], criteria: Criteria): KubeObject | undefined {
  const n = serverGroups.length;
  switch (criteria) {
    case 'newest':
      return serverGroups[n - 1];
    case 'second_newest':
      return serverGroups[n - 2];
    case 'oldest':
      return serverGroups[0];
    case 'largest':
      return serverGroups.reduce<KubeObject | undefined>((best, o) => (!best || replicasOf(o) >= replicasOf(best) ? o : best), undefined);
    case 'smallest':
      return serverGroups.reduce<KubeObject | undefined>((best, o) => (!best || replicasOf(o) <= replicasOf(best) ? o : best), undefined);
    default:
      return undefined;
  }
}
