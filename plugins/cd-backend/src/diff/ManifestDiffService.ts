import {
  resolveParameters,
  type ManifestDiff,
  type PipelineDiff,
  type StageConfig,
  type StoredPipeline,
} from '@internal/plugin-cd-common';
import type { ExpressionEngine } from '../engine';
import type { KubernetesClientFactory } from '../kubernetes';
import { PipelineValidationError } from '../pipelines';
import { deployOrder, KubeApi, prepareManifest, textManifests, trafficManagementOf, usesArtifact } from '../stages/kubernetes';
import type { KubeObject } from '../stages/kubernetes/manifests';
import { spinnakerKind } from '../stages/kubernetes/resources';
import { manifestDiff } from './yamlDiff';

/** The fields of a deployManifest stage a deploy reads before it runs. */
const DEPLOY_FIELDS = ['account', 'manifests', 'namespaceOverride', 'moniker', 'trafficManagement', 'skipExpressionEvaluation'] as const;

export interface ManifestDiffServiceOptions {
  clients: KubernetesClientFactory;
  expressions: ExpressionEngine;
}

const actionOf = (exists: boolean, changed: boolean): ManifestDiff['action'] => {
  if (!exists) return 'create';
  return changed ? 'update' : 'unchanged';
};

type Evaluated = { fields: Record<string, unknown> } | { skipped: string };

/**
 * What a pipeline's deploys would change, before it runs: each manifest of
 * each deployManifest stage, prepared exactly as the stage would (names with
 * the next -vNNN, annotations, traffic labels), then server-side applied
 * with dryRun=All and compared with the live object.
 */
export class ManifestDiffService {
  constructor(private readonly options: ManifestDiffServiceOptions) {}

  async diff(pipeline: StoredPipeline, given: Record<string, unknown> = {}): Promise<PipelineDiff> {
    const { parameters, issues } = resolveParameters(pipeline.config.parameterConfig, given);
    if (issues.length > 0) throw new PipelineValidationError(issues, 'invalid parameters');
    const result: PipelineDiff = { pipelineId: pipeline.id, manifests: [], skipped: [] };
    for (const stage of pipeline.config.stages.filter(s => s.type === 'deployManifest')) {
      if (usesArtifact(stage)) {
        result.skipped.push({ stageRefId: stage.refId, reason: 'its manifests come from an artifact produced when the pipeline runs' });
        continue;
      }
      const evaluated = this.evaluate(pipeline, stage, parameters);
      if ('skipped' in evaluated) {
        result.skipped.push({ stageRefId: stage.refId, reason: evaluated.skipped });
        continue;
      }
      try {
        result.manifests.push(...(await this.diffStage(pipeline, stage, evaluated.fields)));
      } catch (e) {
        result.skipped.push({ stageRefId: stage.refId, reason: (e as Error).message });
      }
    }
    return result;
  }

  /** The stage's deploy fields with `${…}` evaluated from the parameters alone; anything else needs a run. */
  private evaluate(pipeline: StoredPipeline, stage: StageConfig, parameters: Record<string, unknown>): Evaluated {
    const fields = Object.fromEntries(DEPLOY_FIELDS.filter(f => stage[f] !== undefined).map(f => [f, stage[f]]));
    const trigger = { type: 'manual', parameters };
    const context = {
      execution: { id: 'diff', application: pipeline.application, name: pipeline.name, stages: [], trigger },
      trigger,
      parameters,
    };
    const r = this.options.expressions.evaluateAll(fields, context);
    if (r.failed) {
      const reasons = Object.entries(r.summary).map(([expr, entries]) => `${expr}: ${entries.map(e => e.description).join(', ')}`);
      return { skipped: `needs values only a run has (earlier stages' outputs): ${reasons.join('; ')}` };
    }
    return { fields: r.value };
  }

  private async diffStage(pipeline: StoredPipeline, stage: StageConfig, fields: Record<string, unknown>): Promise<ManifestDiff[]> {
    const account = String(fields.account ?? '');
    if (!account) throw new Error('the stage has no account');
    const api = KubeApi.of(this.options.clients, account);
    const manifests = textManifests(fields.manifests);
    const tm = trafficManagementOf(fields);
    const application = (fields.moniker as { app?: string } | undefined)?.app ?? pipeline.application;
    const configs = new Map<string, string>();
    const out: ManifestDiff[] = [];
    for (const raw of deployOrder(manifests)) {
      const base = {
        stageRefId: stage.refId,
        stageName: stage.name ?? stage.refId,
        account,
        namespace: String(fields.namespaceOverride || raw.metadata?.namespace || 'default'),
        kind: String(raw.kind ?? ''),
        name: String(raw.metadata?.name ?? ''),
      };
      try {
        const prepared = await prepareManifest(api, raw, {
          application,
          namespaceOverride: fields.namespaceOverride as string | undefined,
          // Never a real task's key: a version is reused only for identical content.
          deployKey: `diff:${pipeline.id}:${Date.now()}`,
          loadBalancers: tm.services,
          enableTraffic: tm.enableTraffic,
          configs,
          images: [],
        });
        if (prepared.versioned && ['ConfigMap', 'Secret'].includes(prepared.ref.kind)) {
          configs.set(`${spinnakerKind(prepared.ref.kind)} ${raw.metadata!.name}`, prepared.name);
        }
        const live = await api.get(prepared.ref, prepared.namespace, prepared.name);
        const dryRun = await api.apply(prepared.ref, prepared.namespace, prepared.manifest, { dryRun: true });
        const { changed, diff } = manifestDiff(`${prepared.ref.kind}/${prepared.name}`, live as KubeObject | undefined, dryRun);
        out.push({
          ...base,
          namespace: prepared.namespace,
          kind: prepared.ref.kind,
          name: prepared.name,
          action: actionOf(Boolean(live), changed),
          diff,
        });
      } catch (e) {
        out.push({ ...base, action: 'error', diff: '', error: (e as Error).message });
      }
    }
    return out;
  }
}
