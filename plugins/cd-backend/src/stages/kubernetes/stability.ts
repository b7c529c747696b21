import type { KubeObject } from './manifests';

/**
 * Whether a live workload has finished rolling out, with `kubectl rollout
 * status` semantics; `reason` says what is still missing.
 */
export function stability(object: KubeObject): { stable: boolean; reason?: string } {
  const spec = object.spec ?? {};
  const status = object.status ?? {};
  const generation = object.metadata?.generation ?? 0;
  const observed = status.observedGeneration ?? 0;
  const desired: number = spec.replicas ?? 1;
  switch (object.kind) {
    case 'Deployment': {
      if (observed < generation) return { stable: false, reason: 'waiting for the rollout to be observed' };
      const updated = status.updatedReplicas ?? 0;
      const available = status.availableReplicas ?? 0;
      const total = status.replicas ?? 0;
      if (updated < desired) return { stable: false, reason: `${updated}/${desired} updated` };
      if (total > updated) return { stable: false, reason: `${total - updated} old replicas pending termination` };
      if (available < desired) return { stable: false, reason: `${available}/${desired} available` };
      return { stable: true };
    }
    case 'ReplicaSet':
    case 'StatefulSet': {
      if (observed < generation) return { stable: false, reason: 'waiting for the spec to be observed' };
      const ready = status.readyReplicas ?? 0;
      if (ready < desired) return { stable: false, reason: `${ready}/${desired} ready` };
      if ((status.replicas ?? 0) > desired) return { stable: false, reason: `${status.replicas - desired} extra replicas terminating` };
      return { stable: true };
    }
    case 'DaemonSet': {
      if (observed < generation) return { stable: false, reason: 'waiting for the spec to be observed' };
      const scheduled = status.desiredNumberScheduled ?? 0;
      const ready = status.numberReady ?? 0;
      return ready < scheduled ? { stable: false, reason: `${ready}/${scheduled} ready` } : { stable: true };
    }
    default:
      return { stable: true };
  }
}
