import type { Moniker } from '@internal/plugin-cd-common';
import type { KubeObject } from './objects';

export const MONIKER = 'moniker.spinnaker.io';
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
export const APP_NAME_LABEL = 'app.kubernetes.io/name';

const VERSION_SUFFIX = /^(.*)-v(\d{3,})$/;

/** `web-v012` → { base: 'web', sequence: 12 } */
export function parseVersionedName(name: string): { base: string; sequence?: number } {
  const m = VERSION_SUFFIX.exec(name);
  return m ? { base: m[1], sequence: Number(m[2]) } : { base: name };
}

export function formatVersion(n: number): string {
  return `v${String(n).padStart(3, '0')}`;
}

/** Spinnaker's cluster names: `replicaSet web`, `deployment web`. */
export function defaultClusterName(kind: string, name: string): string {
  return `${kind.charAt(0).toLowerCase()}${kind.slice(1)} ${parseVersionedName(name).base}`;
}

/**
 * The moniker an object declares itself. The application comes from the
 * moniker annotation, else the Kubernetes plugin's `backstage.io/kubernetes-id`
 * label (how Backstage already ties objects to entities), else `app.kubernetes.io/name`.
 */
export function declaredMoniker(kind: string, obj: KubeObject): Partial<Moniker> & { explicitApp: boolean } {
  const annotations = obj.metadata.annotations ?? {};
  const labels = obj.metadata.labels ?? {};
  const explicit = annotations[`${MONIKER}/application`];
  const sequenceText = annotations[`${MONIKER}/sequence`];
  const sequence = sequenceText !== undefined && /^\d+$/.test(sequenceText)
    ? Number(sequenceText)
    : parseVersionedName(obj.metadata.name).sequence;
  return {
    app: explicit ?? labels[KUBERNETES_ID_LABEL] ?? labels[APP_NAME_LABEL],
    explicitApp: explicit !== undefined,
    cluster: annotations[`${MONIKER}/cluster`] ?? defaultClusterName(kind, obj.metadata.name),
    stack: annotations[`${MONIKER}/stack`],
    detail: annotations[`${MONIKER}/detail`],
    sequence,
  };
}

/**
 * The moniker of an object owned by a server group manager (a Deployment's
 * ReplicaSet, a CronJob's Job): it belongs to its owner's cluster and, unless it
 * names one itself, to its owner's application.
 */
export function monikerWithOwner(
  kind: string,
  obj: KubeObject,
  owner: { kind: string; name: string; obj?: KubeObject } | undefined,
): Moniker | undefined {
  const own = declaredMoniker(kind, obj);
  if (!owner) return own.app ? { ...strip(own), app: own.app, cluster: own.cluster! } : undefined;
  // The owner may not have arrived yet (watches of different kinds race): its name still gives the cluster.
  const parent = owner.obj
    ? declaredMoniker(owner.kind, owner.obj)
    : { app: undefined, cluster: defaultClusterName(owner.kind, owner.name) };
  const app = own.explicitApp ? own.app : parent.app ?? own.app;
  if (!app) return undefined;
  const clusterAnnotation = obj.metadata.annotations?.[`${MONIKER}/cluster`];
  return { ...strip(own), app, cluster: clusterAnnotation ?? parent.cluster! };
}

function strip(m: Partial<Moniker> & { explicitApp: boolean }): Omit<Moniker, 'app' | 'cluster'> {
  const result: Omit<Moniker, 'app' | 'cluster'> = {};
  if (m.stack !== undefined) result.stack = m.stack;
  if (m.detail !== undefined) result.detail = m.detail;
  if (m.sequence !== undefined) result.sequence = m.sequence;
  return result;
}
