import { createHash, timingSafeEqual } from 'crypto';
import { NotAllowedError } from '@backstage/errors';
import { resolveParameters, type TriggerConfig } from '@internal/plugin-cd-common';
import type { ExecutionEngine } from '../ExecutionEngine';
import type { PipelineSource } from './types';

export interface WebhookTriggerResult {
  /** Executions started, by pipeline. */
  started: Array<{ pipelineId: string; executionId: string }>;
  /** Pipelines that matched but could not start (e.g. bad parameters). */
  rejected: Array<{ pipelineId: string; reason: string }>;
}

/**
 * `POST /webhooks/:source`: authenticated by the shared secret
 * (`cd.webhooks.secret`, header `X-Cd-Webhook-Secret`, compared in constant
 * time); starts every enabled pipeline with an enabled webhook trigger for
 * this source whose `payloadConstraints` all match the payload. Constraint
 * values are regular expressions matched against the whole value at a
 * dotted path of the payload.
 */
export class WebhookTriggers {
  constructor(
    private readonly deps: { engine: ExecutionEngine; pipelines: PipelineSource; secret?: string },
  ) {}

  checkSecret(given: string | undefined) {
    const secret = this.deps.secret;
    if (!secret) throw new NotAllowedError('webhook triggers are disabled: cd.webhooks.secret is not configured');
    const a = createHash('sha256').update(given ?? '').digest();
    const b = createHash('sha256').update(secret).digest();
    if (!given || !timingSafeEqual(a, b)) throw new NotAllowedError('invalid webhook secret');
  }

  async handle(source: string, payload: unknown, secret: string | undefined): Promise<WebhookTriggerResult> {
    this.checkSecret(secret);
    const result: WebhookTriggerResult = { started: [], rejected: [] };
    for (const pipeline of await this.deps.pipelines.listAll()) {
      if (pipeline.config.disabled) continue;
      const trigger = (pipeline.config.triggers ?? []).find(t => matches(t, source, payload));
      if (!trigger) continue;
      const given = (isRecord(payload) && isRecord(payload.parameters) ? payload.parameters : {}) as Record<string, unknown>;
      const { parameters, issues } = resolveParameters(pipeline.config.parameterConfig, given);
      if (issues.length > 0) {
        result.rejected.push({ pipelineId: pipeline.id, reason: issues.map(i => `${i.path} ${i.message}`).join('; ') });
        continue;
      }
      const execution = await this.deps.engine.start(pipeline, {
        type: 'webhook',
        user: `webhook:${source}`,
        source,
        payload,
        parameters,
      });
      result.started.push({ pipelineId: pipeline.id, executionId: execution.id });
    }
    return result;
  }
}

export function matches(trigger: TriggerConfig, source: string, payload: unknown): boolean {
  if (trigger.type !== 'webhook' || trigger.enabled === false || trigger.source !== source) return false;
  return Object.entries(trigger.payloadConstraints ?? {}).every(([path, pattern]) => {
    const value = path.split('.').reduce<unknown>((v, key) => (isRecord(v) ? v[key] : undefined), payload);
    if (value === undefined || value === null || typeof value === 'object') return false;
    try {
      return new RegExp(`^(?:${pattern})$`).test(String(value));
    } catch {
      return String(value) === pattern;
    }
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
