import type { StageConfig, ValidationIssue } from '@internal/plugin-cd-common';
import type { StageCancelContext, StageDefinition, TaskContext, TaskResult } from '@internal/plugin-cd-node';
import { z } from 'zod';
import type { KubernetesClientFactory } from '../../kubernetes';
import { formatPath } from '../judge';
import {
  CREATED_BY_ANNOTATION,
  rulesBackToStable,
  stableRoute,
  trackDeployment,
  trackName,
  trackService,
  type Track,
} from './canaryManifests';
import { CanaryKube, type KubeObject } from './kube';

const TRACKS: Track[] = ['baseline', 'canary'];
const STABLE_TIMEOUT_MS = 10 * 60_000;

const settingsSchema = z
  .object({
    account: z.string().min(1),
    location: z.string().min(1),
    /** The stable Service: the load balancer both tracks sit behind. */
    service: z.string().min(1),
    /** The HTTPRoute that splits the Service's traffic (default: the Service's name). */
    httpRoute: z.string().min(1).optional(),
    image: z.string().min(1).optional(),
    container: z.string().min(1).optional(),
    replicas: z.number().int().min(1).max(100).default(1),
  })
  .passthrough();
type Settings = z.infer<typeof settingsSchema>;

type Deps = { clients: KubernetesClientFactory };

/** What deployCanary reports (`outputs.canaryDeployment`), for later stages' expressions. */
export interface CanaryDeploymentOutput {
  deployed: boolean;
  reason?: string;
  account: string;
  location: string;
  httpRoute: string;
  stable: { service: string; serverGroup?: string };
  baseline: { serverGroup: string; service: string };
  canary: { serverGroup: string; service: string; image?: string };
}

/**
 * `deployCanary`: the canary deployment pattern. Next to the stable version
 * behind `service`, deploys a baseline (a fresh copy of the stable server
 * group) and a canary (the new `image`), the same size, each with its own
 * Service, and makes sure an HTTPRoute splits the Service's traffic (created
 * with all traffic to stable when there is none). Later `shiftTraffic` stages
 * set the weights, `kayentaCanary` compares canary with baseline, and
 * `cleanupCanary` removes both. If the execution fails or is canceled after
 * this stage started, all traffic goes back to stable and both are removed.
 *
 * With no stable version yet (a first deployment) there is nothing to
 * compare with: the stage succeeds with `canaryDeployment.deployed: false`,
 * which later stages can test in `stageEnabled`.
 */
export function deployCanaryStage(deps: Deps): StageDefinition {
  return {
    type: 'deployCanary',
    label: 'Deploy Canary',
    description: 'Deploys a baseline and a canary next to the stable version, behind the same load balancer.',
    validate: validator(settingsSchema.extend({ image: z.string().min(1) })),
    tasks: [
      { name: 'deployBaselineAndCanary', run: ctx => deploy(deps, ctx) },
      { name: 'waitForBaselineAndCanary', run: ctx => waitForTracks(deps, ctx) },
    ],
    onExecutionFailure: ctx => rollbackHook(deps, ctx),
  };
}

/** `cleanupCanary`: all traffic to the stable Service, then baseline and canary removed (after a promotion, or to abort). */
export function cleanupCanaryStage(deps: Deps): StageDefinition {
  return {
    type: 'cleanupCanary',
    label: 'Clean Up Canary',
    description: 'Sends all traffic to the stable version and removes the baseline and the canary.',
    validate: validator(settingsSchema),
    tasks: [
      {
        name: 'cleanupCanary',
        async run(ctx) {
          const parsed = parseSettings(ctx.context);
          if (parsed.error !== undefined) return { status: 'TERMINAL', error: `invalid cleanupCanary stage: ${parsed.error}` };
          const s = parsed.settings;
          const kube = new CanaryKube(deps.clients.kubeConfig(s.account), ctx.signal);
          const done = await removeCanary(kube, s, ctx.execution.id);
          ctx.logger.info(`canary of ${s.service} cleaned up: ${done.traffic}; removed ${done.removed.join(', ') || 'nothing'}`);
          return { status: 'SUCCEEDED', outputs: { canaryCleanup: done } };
        },
      },
    ],
  };
}

function validator(schema: z.ZodTypeAny) {
  return (stage: StageConfig, path: string): ValidationIssue[] => {
    if (JSON.stringify(stage).includes('${')) return [];
    const parsed = schema.safeParse(stage);
    return parsed.success ? [] : parsed.error.issues.map(i => ({ path: `${path}.${formatPath(i.path)}`, message: i.message }));
  };
}

function parseSettings(context: unknown): { settings: Settings; error?: undefined } | { error: string } {
  const parsed = settingsSchema.safeParse(context);
  if (parsed.success) return { settings: parsed.data };
  return { error: parsed.error.issues.map(i => `${formatPath(i.path)}: ${i.message}`).join('; ') };
}

async function deploy(deps: Deps, ctx: TaskContext): Promise<TaskResult> {
  const parsed = parseSettings(ctx.context);
  if (parsed.error !== undefined) return { status: 'TERMINAL', error: `invalid deployCanary stage: ${parsed.error}` };
  const s = parsed.settings;
  if (!s.image) return { status: 'TERMINAL', error: 'invalid deployCanary stage: image: the canary image is required' };
  const kube = new CanaryKube(deps.clients.kubeConfig(s.account), ctx.signal);
  const routeName = s.httpRoute ?? s.service;
  const output: CanaryDeploymentOutput = {
    deployed: false,
    account: s.account,
    location: s.location,
    httpRoute: routeName,
    stable: { service: s.service },
    baseline: { serverGroup: trackName(s.service, 'baseline'), service: trackName(s.service, 'baseline') },
    canary: { serverGroup: trackName(s.service, 'canary'), service: trackName(s.service, 'canary'), image: s.image },
  };

  const service = await kube.get('Service', s.location, s.service);
  const stable = service && (await stableServerGroup(kube, s.location, service));
  if (!service || !stable) {
    const reason = service
      ? `Service ${s.service} selects no ready pods: a first deployment, there is no stable version to compare with`
      : `Service ${s.service} does not exist in ${s.account}/${s.location}: a first deployment, there is no stable version to compare with`;
    ctx.logger.info(reason);
    return { status: 'SUCCEEDED', context: { canaryDeployment: { ...output, reason } }, outputs: { canaryDeployment: { ...output, reason } } };
  }
  output.stable.serverGroup = stable.metadata.name;

  for (const track of TRACKS) {
    await kube.apply('Service', trackService(service, s.location, track));
    await kube.apply(
      'Deployment',
      trackDeployment({
        application: ctx.execution.application,
        namespace: s.location,
        service,
        template: stable.spec.template,
        stableSelector: stable.spec.selector?.matchLabels,
        track,
        replicas: s.replicas,
        image: s.image,
        container: s.container,
      }),
    );
  }
  if (!(await kube.get('HTTPRoute', s.location, routeName))) {
    await kube.apply('HTTPRoute', stableRoute(service, s.location, routeName, ctx.execution.id));
  }
  output.deployed = true;
  ctx.logger.info(`baseline (copy of ${stable.metadata.name}) and canary (${s.image}) deployed next to ${s.service}`);
  return { status: 'SUCCEEDED', context: { canaryDeployment: output }, outputs: { canaryDeployment: output } };
}

/** The server group with the most ready pods behind the Service (its pod template is the baseline's). */
async function stableServerGroup(kube: CanaryKube, namespace: string, service: KubeObject): Promise<KubeObject | undefined> {
  const selector = Object.entries(service.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  if (!selector) return undefined;
  const pods = await kube.list('Pod', namespace, selector);
  const counts = new Map<string, { kind: string; count: number }>();
  for (const pod of pods) {
    const ready = (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
    const owner = pod.metadata.ownerReferences?.[0];
    if (!ready || !owner) continue;
    const entry = counts.get(owner.name) ?? { kind: owner.kind, count: 0 };
    entry.count++;
    counts.set(owner.name, entry);
  }
  const best = [...counts.entries()].sort((a, b) => b[1].count - a[1].count)[0];
  if (!best) return undefined;
  const kind = best[1].kind === 'StatefulSet' ? 'StatefulSet' : 'ReplicaSet';
  return kube.get(kind, namespace, best[0]);
}

async function waitForTracks(deps: Deps, ctx: TaskContext): Promise<TaskResult> {
  const output = ctx.context.canaryDeployment as CanaryDeploymentOutput | undefined;
  if (!output?.deployed) return { status: 'SUCCEEDED' };
  const kube = new CanaryKube(deps.clients.kubeConfig(output.account), ctx.signal);
  const waiting: string[] = [];
  for (const name of [output.baseline.serverGroup, output.canary.serverGroup]) {
    const d = await kube.get('Deployment', output.location, name);
    const want = d?.spec?.replicas ?? 1;
    const status = d?.status ?? {};
    const ready =
      d && (status.observedGeneration ?? 0) >= (d.metadata.generation as number ?? 0) &&
      (status.updatedReplicas ?? 0) >= want && (status.availableReplicas ?? 0) >= want;
    if (!ready) waiting.push(`${name} (${status.availableReplicas ?? 0}/${want} available)`);
  }
  if (waiting.length === 0) return { status: 'SUCCEEDED' };
  if (ctx.elapsedMs > STABLE_TIMEOUT_MS) {
    return { status: 'TERMINAL', error: `baseline and canary not available after ${STABLE_TIMEOUT_MS / 60_000} min: ${waiting.join(', ')}` };
  }
  return { status: 'RUNNING', backoffMs: 1000, context: { waitingFor: waiting } };
}

async function rollbackHook(deps: Deps, ctx: StageCancelContext): Promise<Record<string, unknown>> {
  const parsed = parseSettings(ctx.stage.context);
  if (parsed.error !== undefined) return { rollback: { skipped: `invalid stage: ${parsed.error}` } };
  const s = parsed.settings;
  const kube = new CanaryKube(deps.clients.kubeConfig(s.account));
  const done = await removeCanary(kube, s, ctx.execution.id);
  ctx.logger.info(`execution ${ctx.execution.id} failed: canary of ${s.service} rolled back: ${done.traffic}; removed ${done.removed.join(', ') || 'nothing'}`);
  return { rollback: done };
}

/**
 * All traffic back to the stable Service first (so no request meets a
 * disappearing pod), then the tracks' Deployments and Services removed. A
 * route this execution created is deleted, an existing one keeps its rules
 * with stable as the only backend. Idempotent.
 */
export async function removeCanary(
  kube: CanaryKube,
  s: Pick<Settings, 'location' | 'service' | 'httpRoute'>,
  executionId: string,
): Promise<{ traffic: string; removed: string[] }> {
  const routeName = s.httpRoute ?? s.service;
  const tracks = TRACKS.map(t => trackName(s.service, t));
  let traffic = `no HTTPRoute ${routeName}: all traffic goes to ${s.service}`;
  const route = await kube.get('HTTPRoute', s.location, routeName);
  if (route && route.metadata.annotations?.[CREATED_BY_ANNOTATION] === executionId) {
    await kube.mergePatch('HTTPRoute', s.location, routeName, { spec: { rules: rulesBackToStable(route.spec?.rules ?? [], s.service, tracks) } });
    await kube.delete('HTTPRoute', s.location, routeName);
    traffic = `all traffic to ${s.service} (HTTPRoute ${routeName} removed)`;
  } else if (route) {
    await kube.mergePatch('HTTPRoute', s.location, routeName, { spec: { rules: rulesBackToStable(route.spec?.rules ?? [], s.service, tracks) } });
    traffic = `all traffic to ${s.service} (HTTPRoute ${routeName})`;
  }
  const removed: string[] = [];
  for (const name of tracks) {
    if (await kube.delete('Deployment', s.location, name)) removed.push(`deployment ${name}`);
    if (await kube.delete('Service', s.location, name)) removed.push(`service ${name}`);
  }
  return { traffic, removed };
}
