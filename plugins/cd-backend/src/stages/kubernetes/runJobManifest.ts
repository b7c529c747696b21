import { createHash } from 'crypto';
import type { StageDefinition, TaskContext, TaskResult } from '@internal/plugin-cd-node';
import type { StageConfig, ValidationIssue } from '@internal/plugin-cd-common';
import type { KubernetesClientFactory } from '../../kubernetes';
import { requireField } from '../validation';
import { manifestIssues } from './deployManifest';
import { KubeApi } from './kubeApi';
import { annotate, KubeObject } from './manifests';
import { sourceManifests, textManifests, usesArtifact } from './manifestSource';
import type { ResourceRef } from './resources';
import { parsePropertyFile } from './propertyFile';
import { NAMES_BY_NAMESPACE } from './waitForStable';

const JOBS: ResourceRef = { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true };
const PODS: ResourceRef = { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true };
/** Logs kept per container in the stage outputs: the end, where results usually are. */
const MAX_LOG_CHARS = 64 * 1024;

function runJobIssues(stage: StageConfig, path: string): ValidationIssue[] {
  const issues = requireField(stage, 'account', path);
  if (usesArtifact(stage)) return issues;
  if (stage.manifest !== undefined) return [...issues, ...manifestIssues(stage.manifest, `${path}.manifest`)];
  if (stage.manifests === undefined) return [...issues, { path: `${path}.manifest`, message: 'is required (a Job manifest)' }];
  return issues;
}

function jobManifest(ctx: TaskContext): KubeObject {
  const manifests = ctx.context.manifest !== undefined && !usesArtifact(ctx.context)
    ? textManifests([ctx.context.manifest])
    : sourceManifests(ctx);
  const jobs = manifests.filter(m => m.kind === 'Job');
  if (jobs.length !== 1 || manifests.length !== 1) throw new Error(`stage.manifest must be exactly one Job, got ${manifests.map(m => m.kind).join(', ') || 'nothing'}`);
  return jobs[0];
}

/** Each run gets its own Job (Spinnaker appends a suffix); a repeated run of the task finds the same one. */
const runName = (base: string, key: string) => `${base}-${createHash('sha256').update(key).digest('hex').slice(0, 5)}`;

async function runJob(clients: KubernetesClientFactory, ctx: TaskContext): Promise<TaskResult> {
  const account = String(ctx.context.account ?? '');
  let raw: KubeObject;
  try {
    raw = jobManifest(ctx);
  } catch (e) {
    return { status: 'TERMINAL', error: (e as Error).message };
  }
  const namespace = String(ctx.context.namespaceOverride || raw.metadata?.namespace || ctx.context.location || 'default');
  const application = (ctx.context.application as string) || ((ctx.context.moniker as { app?: string })?.app ?? ctx.execution.application);
  const manifest = annotate(raw, { application, namespace });
  manifest.metadata!.name = runName(raw.metadata!.name!, ctx.idempotencyKey);
  const api = KubeApi.of(clients, account, ctx.signal);
  await api.apply(JOBS, namespace, manifest);
  ctx.logger.info(`started job ${manifest.metadata!.name} in ${namespace}`);
  const names = { [namespace]: [`job ${manifest.metadata!.name}`] };
  return { status: 'SUCCEEDED', context: { jobName: manifest.metadata!.name, jobNamespace: namespace }, outputs: { [NAMES_BY_NAMESPACE]: names } };
}

const condition = (job: KubeObject, type: string) =>
  ((job.status?.conditions ?? []) as Array<{ type: string; status: string; reason?: string; message?: string }>).find(c => c.type === type && c.status === 'True');

const tail = (text: string) => (text.length > MAX_LOG_CHARS ? `…${text.slice(-MAX_LOG_CHARS)}` : text);

/** Logs of every container of the job's latest pod, by container name. */
async function jobLogs(api: KubeApi, namespace: string, job: KubeObject): Promise<Record<string, string>> {
  const uid = (job.metadata as { uid?: string }).uid;
  const pods = (await api.list(PODS, namespace))
    .filter(p => ((p.metadata as { ownerReferences?: Array<{ uid: string }> }).ownerReferences ?? []).some(r => r.uid === uid))
    .sort((a, b) => String((a.metadata as any).creationTimestamp).localeCompare(String((b.metadata as any).creationTimestamp)));
  const pod = pods[pods.length - 1];
  if (!pod) return {};
  const logs: Record<string, string> = {};
  for (const c of (pod.spec?.containers ?? []) as Array<{ name: string }>) {
    logs[c.name] = await api.logs(namespace, pod.metadata!.name!, c.name).catch(e => `(logs unavailable: ${(e as Error).message})`);
  }
  return logs;
}

async function waitForJob(clients: KubernetesClientFactory, ctx: TaskContext): Promise<TaskResult> {
  const name = String(ctx.context.jobName);
  const namespace = String(ctx.context.jobNamespace);
  const api = KubeApi.of(clients, String(ctx.context.account), ctx.signal);
  const job = await api.get(JOBS, namespace, name);
  if (!job) return { status: 'TERMINAL', error: `job ${name} disappeared from ${namespace} before it completed` };
  const complete = condition(job, 'Complete');
  const failed = condition(job, 'Failed');
  if (!complete && !failed) {
    const s = job.status ?? {};
    return { status: 'RUNNING', backoffMs: 1000, context: { jobProgress: `active ${s.active ?? 0}, succeeded ${s.succeeded ?? 0}, failed ${s.failed ?? 0}` } };
  }
  const logs = await jobLogs(api, namespace, job);
  const jobStatus = {
    name,
    namespace,
    status: complete ? 'Succeeded' : 'Failed',
    reason: failed?.reason,
    message: failed?.message,
    succeeded: job.status?.succeeded ?? 0,
    failed: job.status?.failed ?? 0,
    completionTime: job.status?.completionTime,
  };
  const outputs: Record<string, unknown> = { jobStatus, completionDetails: jobStatus, logs: Object.fromEntries(Object.entries(logs).map(([k, v]) => [k, tail(v)])) };
  if (failed) {
    const shown = Object.entries(logs).map(([c, text]) => `--- ${c} ---\n${tail(text).slice(-4000)}`).join('\n');
    return { status: 'TERMINAL', outputs, error: `job ${name} failed: ${failed.reason ?? 'Failed'}${failed.message ? `: ${failed.message}` : ''}\n${shown}` };
  }
  const container = ctx.context.propertyFile as string | undefined;
  if (container) {
    if (!(container in logs)) return { status: 'TERMINAL', outputs, error: `stage.propertyFile: job ${name} has no container '${container}' (it has ${Object.keys(logs).join(', ')})` };
    const { properties, errors } = parsePropertyFile(logs[container]);
    if (errors.length > 0) return { status: 'TERMINAL', outputs, error: `property file of ${container}: ${errors.join('; ')}` };
    Object.assign(outputs, properties, { propertyFileContents: properties });
    return { status: 'SUCCEEDED', context: { propertyFileContents: properties, ...properties }, outputs };
  }
  return { status: 'SUCCEEDED', outputs };
}

/**
 * `runJobManifest`: runs a Job, waits for it to finish, keeps its logs and
 * (with `propertyFile: <container>`) the properties that container printed.
 * A failed Job fails the stage with the reason and the end of the logs.
 */
export function runJobManifestStage(deps: { clients: KubernetesClientFactory }): StageDefinition {
  return {
    type: 'runJobManifest',
    label: 'Run Job (Manifest)',
    description: 'Runs a Kubernetes Job and captures its logs and property file as outputs.',
    validate: runJobIssues,
    tasks: [
      { name: 'runJob', run: ctx => runJob(deps.clients, ctx) },
      { name: 'waitOnJobCompletion', run: ctx => waitForJob(deps.clients, ctx) },
    ],
    async onCancel(ctx) {
      const { jobName, jobNamespace, account } = ctx.stage.context as Record<string, string>;
      if (!jobName || !account) return;
      await KubeApi.of(deps.clients, account).delete(JOBS, jobNamespace, jobName);
      ctx.logger.info(`deleted job ${jobName} in ${jobNamespace} (canceled)`);
    },
  };
}
