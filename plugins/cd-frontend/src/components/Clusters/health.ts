import type {
  InstanceHealth,
  ServerGroupSummary,
} from '@internal/plugin-cd-common';

/** Deck's instance colours: up green, down red, starting blue, unknown grey. */
export const HEALTH_COLORS: Record<InstanceHealth, string> = {
  up: '#4caf50',
  down: '#f44336',
  starting: '#2196f3',
  unknown: '#9e9e9e',
};

/** Every instance up and as many ready as desired. */
export function isHealthy(serverGroup: ServerGroupSummary): boolean {
  const { health, replicas } = serverGroup;
  return (
    health.down === 0 &&
    health.starting === 0 &&
    health.unknown === 0 &&
    replicas.ready >= replicas.desired
  );
}
