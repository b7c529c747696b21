import type { ValidationIssue } from '@internal/plugin-cd-common';
import type { KubernetesClientFactory } from '../../kubernetes';
import type { PreconditionType } from '../checkPreconditions';
import { isExpression } from '../validation';
import { KubeApi } from './kubeApi';
import { clusterName } from './manifests';
import { parseManifestName } from './resources';
import { listCluster } from './serverGroups';
import { loadBalancersOf, readServices } from './traffic';

const COMPARISONS = ['==', '<', '<=', '>', '>='] as const;
type Comparison = (typeof COMPARISONS)[number];

const compare = (actual: number, comparison: Comparison, expected: number) =>
  ({ '==': actual === expected, '<': actual < expected, '<=': actual <= expected, '>': actual > expected, '>=': actual >= expected })[comparison];

interface ClusterSizeContext {
  credentials?: string;
  account?: string;
  cluster?: string;
  namespace?: string;
  location?: string;
  comparison?: string;
  expected?: unknown;
  onlyEnabledServerGroups?: boolean;
}

function issues(context: ClusterSizeContext, at: string): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (!context.credentials && !context.account) out.push({ path: `${at}.credentials`, message: 'is required (the account)' });
  if (!context.cluster) out.push({ path: `${at}.cluster`, message: 'is required ("replicaSet my-app")' });
  if (context.comparison !== undefined && !COMPARISONS.includes(context.comparison as Comparison)) {
    out.push({ path: `${at}.comparison`, message: `must be one of ${COMPARISONS.join(' ')}` });
  }
  const expected = context.expected;
  if (expected === undefined || expected === '') out.push({ path: `${at}.expected`, message: 'is required' });
  else if (!isExpression(expected) && !(Number.isInteger(Number(expected)) && Number(expected) >= 0)) {
    out.push({ path: `${at}.expected`, message: 'must be a whole number of at least 0' });
  }
  return out;
}

/** Whether a server group's pod template carries all its load balancers' selector labels. */
async function isEnabled(api: KubeApi, namespace: string, serverGroup: Parameters<typeof loadBalancersOf>[0]): Promise<boolean> {
  const loadBalancers = loadBalancersOf(serverGroup);
  if (loadBalancers.length === 0) return true;
  const labels = (serverGroup.spec?.template?.metadata?.labels ?? {}) as Record<string, string>;
  const services = await readServices(api, namespace, loadBalancers);
  return services.every(s => Object.entries(s.selector).every(([k, v]) => labels[k] === v));
}

/**
 * `{ type: clusterSize, context: { credentials, cluster, namespace, comparison, expected } }`:
 * the number of server groups (versions) of a cluster, compared with `expected`
 * (Orca's cluster size precondition); `onlyEnabledServerGroups` counts those taking traffic.
 */
export function clusterSizePrecondition(deps: { clients: KubernetesClientFactory }): PreconditionType {
  return {
    type: 'clusterSize',
    validate: (p, path) => issues((p.context ?? {}) as ClusterSizeContext, `${path}.context`),
    async check(p, ctx) {
      const evaluated = ctx.evaluate((p.context ?? {}) as ClusterSizeContext);
      if (evaluated.failed && evaluated.errors.length > 0) return { ok: false, message: `clusterSize: ${evaluated.errors.join('; ')}` };
      const c = evaluated.value;
      const problems = issues(c, 'context');
      if (problems.length > 0) return { ok: false, message: `clusterSize: ${problems.map(i => `${i.path} ${i.message}`).join('; ')}` };
      const account = String(c.credentials ?? c.account);
      const namespace = String(c.namespace ?? c.location ?? 'default');
      const comparison = (c.comparison ?? '==') as Comparison;
      const expected = Number(c.expected);
      const cluster = String(c.cluster).includes(' ') ? String(c.cluster) : `replicaSet ${c.cluster}`;
      let parsed;
      try {
        parsed = parseManifestName(cluster);
      } catch (e) {
        return { ok: false, message: `clusterSize: context.cluster ${(e as Error).message}` };
      }
      if (!parsed.ref) return { ok: false, message: `clusterSize: unsupported kind '${parsed.kind}' in cluster ${cluster}` };
      const name = clusterName(parsed.ref.kind, parsed.name);
      let api: KubeApi;
      try {
        api = KubeApi.of(deps.clients, account, ctx.signal);
      } catch (e) {
        return { ok: false, message: `clusterSize: ${(e as Error).message}` };
      }
      let serverGroups = await listCluster(api, parsed.ref, namespace, name);
      if (c.onlyEnabledServerGroups) {
        const enabled = await Promise.all(serverGroups.map(sg => isEnabled(api, namespace, sg)));
        serverGroups = serverGroups.filter((_, i) => enabled[i]);
      }
      const actual = serverGroups.length;
      const ok = compare(actual, comparison, expected);
      const what = `cluster ${name} in ${namespace} (account ${account}) has ${actual} ${c.onlyEnabledServerGroups ? 'enabled ' : ''}server group${actual === 1 ? '' : 's'}`;
      return { ok, message: ok ? `${what} (${comparison} ${expected})` : `${what}; expected ${comparison} ${expected}` };
    },
  };
}
