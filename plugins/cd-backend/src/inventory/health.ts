import type { InstanceHealth } from '@internal/plugin-cd-common';
import type { KubeObject } from './objects';

const BAD_WAITING = new Set([
  'CrashLoopBackOff', 'ErrImagePull', 'ImagePullBackOff', 'InvalidImageName',
  'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError',
]);

export interface PodHealth {
  health: InstanceHealth;
  reason?: string;
  /** When this answer changes by time alone (its startup window ends), for views that cache it. */
  changesAt?: number;
}

/**
 * An instance's health from readiness and container states:
 * failing containers → down; Ready → up; not ready after a container
 * restart → down; not ready but within the startup
 * window → starting; anything else → unknown. A pod that ran to completion
 * (a Job's) is up with reason Completed: it did what it was for.
 */
export function podHealth(pod: KubeObject, now: number, startupGraceMs: number): PodHealth {
  const status = pod.status ?? {};
  if (pod.metadata.deletionTimestamp) return { health: 'down', reason: 'Terminating' };
  if (status.phase === 'Failed') return { health: 'down', reason: status.reason ?? 'Failed' };
  if (status.phase === 'Succeeded') return { health: 'up', reason: 'Completed' };
  const containers: any[] = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])];
  for (const c of containers) {
    const waiting = c.state?.waiting?.reason;
    if (waiting && BAD_WAITING.has(waiting)) return { health: 'down', reason: waiting };
    const terminated = c.state?.terminated;
    const isInit = (status.initContainerStatuses ?? []).includes(c);
    if (terminated && !(isInit && terminated.exitCode === 0)) {
      return { health: 'down', reason: terminated.reason ?? `exit code ${terminated.exitCode}` };
    }
  }
  const ready = (status.conditions ?? []).find((c: any) => c.type === 'Ready');
  if (ready?.status === 'True') return { health: 'up' };
  // Not ready after a container died (killed, crashed) and was restarted: down until ready again,
  // not "starting" — it was running and failed.
  const restarted = (status.containerStatuses ?? []).find((c: any) => c.restartCount > 0 && c.lastState?.terminated && !c.ready);
  if (restarted) {
    const last = restarted.lastState.terminated;
    return { health: 'down', reason: `Restarted after ${last.reason ?? 'exit'} (exit code ${last.exitCode})` };
  }
  const started = Date.parse(status.startTime ?? pod.metadata.creationTimestamp ?? '');
  if ((status.phase === 'Running' || status.phase === 'Pending' || !status.phase) && Number.isFinite(started) && now - started < startupGraceMs) {
    return {
      health: 'starting',
      reason: status.phase === 'Running' ? 'NotReady' : status.phase ?? 'Pending',
      changesAt: started + startupGraceMs,
    };
  }
  return { health: 'unknown', reason: ready ? `NotReady${ready.reason ? `: ${ready.reason}` : ''}` : status.phase };
}
