import type { TaskDefinition } from '@internal/plugin-cd-node';
import type { StageConfig, ValidationIssue } from '@internal/plugin-cd-common';
import type { KubernetesClientFactory } from '../../kubernetes';
import { KubeApi } from './kubeApi';
import { clusterName } from './manifests';
import { resolveResource } from './resources';
import { listCluster } from './serverGroups';
import { setTraffic, TrafficService } from './traffic';

export const STRATEGIES = ['redblack', 'bluegreen', 'highlander', 'none'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** `trafficManagement: { enabled, options: { enableTraffic, namespace, services, strategy } }`, with defaults. */
export interface TrafficManagement {
  enabled: boolean;
  enableTraffic: boolean;
  services: string[];
  strategy: Strategy;
}

export function trafficManagementOf(context: Readonly<Record<string, unknown>>): TrafficManagement {
  const tm = (context.trafficManagement ?? {}) as { enabled?: boolean; options?: Record<string, unknown> };
  const options = tm.options ?? {};
  if (!tm.enabled) return { enabled: false, enableTraffic: true, services: [], strategy: 'none' };
  return {
    enabled: true,
    enableTraffic: options.enableTraffic !== false,
    services: Array.isArray(options.services) ? (options.services as string[]) : [],
    strategy: STRATEGIES.includes(options.strategy as Strategy) ? (options.strategy as Strategy) : 'none',
  };
}

export function trafficManagementIssues(stage: StageConfig, path: string): ValidationIssue[] {
  const tm = stage.trafficManagement as { enabled?: unknown; options?: Record<string, unknown> } | undefined;
  if (tm === undefined || tm === null) return [];
  const at = `${path}.trafficManagement`;
  if (typeof tm !== 'object') return [{ path: at, message: 'must be an object' }];
  if (!tm.enabled) return [];
  const options = tm.options ?? {};
  const issues: ValidationIssue[] = [];
  const services = options.services;
  if (!Array.isArray(services) || services.length === 0) {
    issues.push({ path: `${at}.options.services`, message: 'must list at least one load balancer ("service my-svc")' });
  } else {
    services.forEach((s, i) => {
      if (typeof s !== 'string' || !/^service\s+\S+$/i.test(s.trim())) {
        issues.push({ path: `${at}.options.services[${i}]`, message: 'must be "service <name>"' });
      }
    });
  }
  const strategy = options.strategy ?? 'none';
  if (!STRATEGIES.includes(strategy as Strategy)) {
    issues.push({ path: `${at}.options.strategy`, message: `must be one of ${STRATEGIES.join(', ')}` });
  } else if (strategy !== 'none' && options.enableTraffic === false) {
    issues.push({ path: `${at}.options.enableTraffic`, message: `must be true with the ${strategy} strategy (the new version takes the traffic)` });
  }
  return issues;
}

/** A workload the deploy put behind load balancers: what the strategy works from. */
export interface TrafficTarget {
  namespace: string;
  apiVersion: string;
  kind: string;
  name: string;
  cluster: string;
  application: string;
  services: TrafficService[];
}

export const TRAFFIC_TARGETS = 'trafficTargets';

/**
 * After the new versions are stable: red/black (blue/green) disables every
 * other version of each cluster, leaving it running; highlander disables and
 * then deletes them. Both are safe to repeat.
 */
export function trafficStrategyTask(clients: KubernetesClientFactory): TaskDefinition {
  return {
    name: 'applyTrafficStrategy',
    async run(ctx) {
      const tm = trafficManagementOf(ctx.context);
      if (tm.strategy === 'none') return { status: 'SUCCEEDED' };
      const api = KubeApi.of(clients, String(ctx.context.account), ctx.signal);
      const disabled: string[] = [];
      const deleted: string[] = [];
      for (const target of (ctx.context[TRAFFIC_TARGETS] ?? []) as TrafficTarget[]) {
        const ref = await resolveResource(api.kubeConfig, target.apiVersion, target.kind);
        const versions = await listCluster(api, ref, target.namespace, target.cluster, target.application);
        for (const old of versions.filter(v => v.metadata?.name !== target.name)) {
          const name = clusterName(ref.kind, old.metadata!.name!);
          await setTraffic(api, ref, target.namespace, old, target.services, false);
          disabled.push(name);
          if (tm.strategy === 'highlander') {
            await api.delete(ref, target.namespace, old.metadata!.name!);
            deleted.push(name);
          }
        }
      }
      if (disabled.length > 0) ctx.logger.info(`${tm.strategy}: disabled ${disabled.join(', ')}${deleted.length ? `; deleted ${deleted.join(', ')}` : ''}`);
      const results = { 'outputs.disabledServerGroups': disabled, 'outputs.deletedServerGroups': deleted };
      return { status: 'SUCCEEDED', context: results, outputs: results };
    },
  };
}
