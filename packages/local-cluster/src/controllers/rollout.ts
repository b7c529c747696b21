/*
 * The arithmetic of a Deployment rollout, as pkg/controller/deployment does it: pure functions.
 */

/** Resolves an int-or-percent against a total; surge rounds up, unavailable rounds down. */
export function resolveIntOrPercent(
  value: number | string | undefined,
  total: number,
  roundUp: boolean,
  fieldPath: string,
): number {
  if (value === undefined || value === null) return -1;
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (!match) {
    if (/^\d+$/.test(value)) return Number(value);
    throw new Error(
      `${fieldPath}: invalid value "${value}": must be an integer or a percentage`,
    );
  }
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** maxSurge and maxUnavailable of a RollingUpdate strategy (defaults 25% / 25%, never both zero). */
export function surgeAndUnavailable(
  replicas: number,
  rollingUpdate:
    | { maxSurge?: number | string; maxUnavailable?: number | string }
    | undefined,
): { maxSurge: number; maxUnavailable: number } {
  const surge = resolveIntOrPercent(
    rollingUpdate?.maxSurge ?? '25%',
    replicas,
    true,
    'spec.strategy.rollingUpdate.maxSurge',
  );
  let unavailable = resolveIntOrPercent(
    rollingUpdate?.maxUnavailable ?? '25%',
    replicas,
    false,
    'spec.strategy.rollingUpdate.maxUnavailable',
  );
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { maxSurge: surge, maxUnavailable: Math.min(unavailable, replicas) };
}

export interface RsCounts {
  name: string;
  /** spec.replicas */
  replicas: number;
  /** status.availableReplicas */
  available: number;
  /** status.replicas (pods that exist) */
  actual: number;
}

/** The new ReplicaSet's next replica count during a rolling update. */
export function newReplicaSetTarget(
  desired: number,
  maxSurge: number,
  newRs: RsCounts,
  all: RsCounts[],
): number {
  if (newRs.replicas === desired) return desired;
  if (newRs.replicas > desired) return desired;
  const maxTotal = desired + maxSurge;
  const current = all.reduce((sum, rs) => sum + rs.replicas, 0);
  if (current >= maxTotal) return newRs.replicas;
  const scaleUp = Math.min(maxTotal - current, desired - newRs.replicas);
  return newRs.replicas + scaleUp;
}

/**
 * New replica counts for the old ReplicaSets (ordered oldest first): first drop their unavailable pods,
 * then scale down available ones while at least `desired - maxUnavailable` pods stay available.
 */
export function oldReplicaSetTargets(
  desired: number,
  maxUnavailable: number,
  newRs: RsCounts,
  old: RsCounts[],
): Map<string, number> {
  const targets = new Map<string, number>(
    old.map(rs => [rs.name, rs.replicas]),
  );
  const oldTotal = old.reduce((sum, rs) => sum + rs.replicas, 0);
  if (oldTotal === 0) return targets;
  const all = [newRs, ...old];
  const allTotal = all.reduce((sum, rs) => sum + rs.replicas, 0);
  const minAvailable = desired - maxUnavailable;
  const newUnavailable = Math.max(0, newRs.replicas - newRs.available);
  let budget = allTotal - minAvailable - newUnavailable;
  if (budget <= 0) return targets;
  // 1. unhealthy replicas of old sets cost no availability
  for (const rs of old) {
    if (budget <= 0) break;
    const current = targets.get(rs.name)!;
    const unhealthy = Math.max(0, current - rs.available);
    const cut = Math.min(unhealthy, budget);
    if (cut > 0) {
      targets.set(rs.name, current - cut);
      budget -= cut;
    }
  }
  // 2. available replicas, as long as enough stay available
  const availableTotal = all.reduce((sum, rs) => sum + rs.available, 0);
  let scaleDown = availableTotal - minAvailable;
  for (const rs of old) {
    if (scaleDown <= 0) break;
    const current = targets.get(rs.name)!;
    const cut = Math.min(current, scaleDown);
    targets.set(rs.name, current - cut);
    scaleDown -= cut;
  }
  return targets;
}
