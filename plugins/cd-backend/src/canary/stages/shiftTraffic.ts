import type { StageConfig, ValidationIssue } from '@internal/plugin-cd-common';
import type { StageDefinition, TaskContext, TaskResult } from '@internal/plugin-cd-node';
import { z } from 'zod';
import type { KubernetesClientFactory } from '../../kubernetes';
import { formatPath } from '../judge';
import { CanaryKube } from './kube';
import { cidrRegex, trafficRules, type UserGroup } from './trafficRules';

const port = z.number().int().min(1).max(65535);
const backendRefSchema = z.object({ name: z.string().min(1), port: port.optional(), weight: z.number().int().min(0).max(1_000_000) }).strict();
const cidr = z.string().refine(c => {
  try {
    cidrRegex(c);
    return true;
  } catch {
    return false;
  }
}, 'must be an IPv4 CIDR such as 10.1.0.0/16');
const regex = z.string().min(1).refine(p => {
  try {
    return RegExp(p) instanceof RegExp;
  } catch {
    return false;
  }
}, 'must be a valid regular expression');

const userGroupSchema = z
  .object({
    name: z.string().min(1),
    backend: z.object({ name: z.string().min(1), port: port.optional() }).strict(),
    match: z.discriminatedUnion('type', [
      z.object({ type: z.literal('ipRanges'), cidrs: z.array(cidr).min(1), header: z.string().min(1).optional() }).strict(),
      z.object({ type: z.literal('userAgent'), pattern: regex }).strict(),
      z.object({ type: z.literal('percentage'), percent: z.number().int().min(0).max(100), cookie: z.string().regex(/^[\w-]+$/).optional() }).strict(),
      z.object({ type: z.literal('header'), name: z.string().min(1), value: z.string().min(1), regex: z.boolean().optional() }).strict(),
    ]),
  })
  .strict();

const shiftTrafficSchema = z
  .object({
    account: z.string().min(1),
    location: z.string().min(1).optional(),
    namespace: z.string().min(1).optional(),
    httpRoute: z.string().min(1),
    /** Used only when the route does not exist yet (Gateway API parentRefs). */
    parentRefs: z.array(z.record(z.unknown())).min(1).optional(),
    hostnames: z.array(z.string().min(1)).optional(),
    pathPrefix: z.string().startsWith('/').optional(),
    backendRefs: z
      .array(backendRefSchema)
      .min(1)
      .refine(b => b.some(ref => ref.weight > 0), 'at least one backend needs a weight above 0'),
    userGroups: z.array(userGroupSchema).optional(),
  })
  .passthrough()
  .refine(s => s.location || s.namespace, { message: 'location (the namespace) is required', path: ['location'] });

export type ShiftTrafficSettings = z.infer<typeof shiftTrafficSchema>;

/**
 * `shiftTraffic`: sets an HTTPRoute's split: the weights of its backendRefs
 * (stable / baseline / canary Services) and rules sending groups of users
 * (office IP ranges, devices, a sticky random percentage) to one backend.
 * A pipeline shifts step by step with one stage per step. Only standard
 * Gateway API fields are written, so it works on any Gateway API
 * implementation as on the local cluster.
 */
export function shiftTrafficStage(deps: { clients: KubernetesClientFactory }): StageDefinition {
  return {
    type: 'shiftTraffic',
    label: 'Shift Traffic',
    description: "Sets the weights and user-group matches of an HTTPRoute's backends.",
    validate: validateStage,
    tasks: [{ name: 'shiftTraffic', run: ctx => shift(deps, ctx) }],
  };
}

function validateStage(stage: StageConfig, path: string): ValidationIssue[] {
  if (JSON.stringify(stage).includes('${')) return [];
  const parsed = shiftTrafficSchema.safeParse(stage);
  return parsed.success ? [] : parsed.error.issues.map(i => ({ path: `${path}.${formatPath(i.path)}`, message: i.message }));
}

async function shift(deps: { clients: KubernetesClientFactory }, ctx: TaskContext): Promise<TaskResult> {
  const parsed = shiftTrafficSchema.safeParse(ctx.context);
  if (!parsed.success) {
    return { status: 'TERMINAL', error: `invalid shiftTraffic stage: ${parsed.error.issues.map(i => `${formatPath(i.path)}: ${i.message}`).join('; ')}` };
  }
  const s = parsed.data;
  const namespace = (s.location ?? s.namespace)!;
  const kube = new CanaryKube(deps.clients.kubeConfig(s.account), ctx.signal);
  const groups = (s.userGroups ?? []) as UserGroup[];

  const services = new Set([...s.backendRefs.map(b => b.name), ...groups.map(g => g.backend.name)]);
  for (const name of services) {
    if (!(await kube.get('Service', namespace, name))) {
      return { status: 'TERMINAL', error: `Service ${name} does not exist in ${s.account}/${namespace}: a route cannot send traffic to it` };
    }
  }
  const rules = trafficRules(s.backendRefs, groups, s.pathPrefix);
  const existing = await kube.get('HTTPRoute', namespace, s.httpRoute);
  if (existing) {
    await kube.mergePatch('HTTPRoute', namespace, s.httpRoute, { spec: { rules, ...(s.hostnames ? { hostnames: s.hostnames } : {}) } });
  } else if (s.parentRefs) {
    await kube.apply('HTTPRoute', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: s.httpRoute, namespace },
      spec: { parentRefs: s.parentRefs, ...(s.hostnames ? { hostnames: s.hostnames } : {}), rules },
    });
  } else {
    return {
      status: 'TERMINAL',
      error: `HTTPRoute ${s.httpRoute} does not exist in ${s.account}/${namespace}; give parentRefs to create it`,
    };
  }
  const total = s.backendRefs.reduce((sum, b) => sum + b.weight, 0);
  const split = s.backendRefs.map(b => `${b.name} ${Math.round((b.weight / total) * 1000) / 10}%`).join(', ');
  ctx.logger.info(`HTTPRoute ${namespace}/${s.httpRoute}: ${split}${groups.length ? `; groups: ${groups.map(g => `${g.name} → ${g.backend.name}`).join(', ')}` : ''}`);
  return {
    status: 'SUCCEEDED',
    outputs: {
      trafficSplit: {
        account: s.account,
        namespace,
        httpRoute: s.httpRoute,
        backendRefs: s.backendRefs.map(b => ({ ...b, percent: (b.weight / total) * 100 })),
        userGroups: groups.map(g => ({ name: g.name, backend: g.backend.name, match: g.match.type })),
      },
    },
  };
}
