import type { StageDefinition, TaskContext } from '@internal/plugin-cd-node';
import type { ValidationIssue } from '@internal/plugin-cd-common';

/** One precondition as configured: `{ type, context, failPipeline? }`. */
export interface PreconditionConfig {
  type: string;
  context?: Record<string, unknown>;
  failPipeline?: boolean;
}

/** A kind of precondition: expression here; clusterSize from the Kubernetes stages (kubernetes/clusterSizePrecondition.ts). */
export interface PreconditionType {
  type: string;
  validate?(precondition: PreconditionConfig, path: string): ValidationIssue[];
  check(precondition: PreconditionConfig, ctx: TaskContext): Promise<{ ok: boolean; message: string }>;
}

/** `{type: expression, context: {expression}}`: true passes. */
export const expressionPrecondition: PreconditionType = {
  type: 'expression',
  validate(p, path) {
    const expr = p.context?.expression;
    if (expr === undefined || expr === '') return [{ path: `${path}.context.expression`, message: 'is required' }];
    return [];
  },
  async check(p, ctx) {
    let value = p.context?.expression;
    // Evaluated when the stage started; a bare expression (no ${}) is evaluated now.
    if (typeof value === 'string' && value.trim() !== 'true' && value.trim() !== 'false') {
      const r = ctx.evaluate(value.includes('${') ? value : `\${${value}}`);
      if (r.failed) return { ok: false, message: `expression failed: ${r.errors.join('; ')}` };
      value = r.value;
    }
    const ok = value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
    return { ok, message: ok ? 'expression is true' : `expression ${JSON.stringify(p.context?.expression)} is false` };
  },
};

/** A precondition that cannot be checked (an unreachable cluster) fails with the reason. */
async function checkOne(type: PreconditionType, p: PreconditionConfig, ctx: TaskContext) {
  try {
    return await type.check(p, ctx);
  } catch (e) {
    return { ok: false, message: `${p.type}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * `checkPreconditions`: every precondition must pass; a failing one makes
 * the stage TERMINAL (then the stage's failure options apply), or is only
 * reported when that precondition says `failPipeline: false`.
 */
export function checkPreconditionsStage(types: PreconditionType[] = [expressionPrecondition]): StageDefinition {
  const byType = new Map(types.map(t => [t.type, t]));
  const preconditionsOf = (v: unknown) => (Array.isArray(v) ? (v as PreconditionConfig[]) : []);
  return {
    type: 'checkPreconditions',
    label: 'Check Preconditions',
    description: 'Checks that conditions hold before the pipeline continues.',
    // Expressions in preconditions are evaluated by the check, so a failure is reported per precondition.
    deferredExpressionFields: ['preconditions'],
    validate(stage, path) {
      if (!Array.isArray(stage.preconditions)) {
        return [{ path: `${path}.preconditions`, message: 'must be a list' }];
      }
      return preconditionsOf(stage.preconditions).flatMap((p, i) => {
        const at = `${path}.preconditions[${i}]`;
        const type = byType.get(p?.type);
        if (!type) return [{ path: `${at}.type`, message: `unknown precondition type ${JSON.stringify(p?.type)}; known: ${[...byType.keys()].join(', ')}` }];
        return type.validate?.(p, at) ?? [];
      });
    },
    tasks: [
      {
        name: 'checkPreconditions',
        async run(ctx) {
          const results = [];
          for (const p of preconditionsOf(ctx.context.preconditions)) {
            const type = byType.get(p.type);
            const r = type ? await checkOne(type, p, ctx) : { ok: false, message: `unknown precondition type ${p.type}` };
            results.push({ type: p.type, ...r, failPipeline: p.failPipeline !== false });
          }
          const failed = results.filter(r => !r.ok && r.failPipeline);
          if (failed.length > 0) {
            return {
              status: 'TERMINAL',
              context: { preconditionResults: results },
              error: `Precondition failed: ${failed.map(f => f.message).join('; ')}`,
            };
          }
          return { status: 'SUCCEEDED', context: { preconditionResults: results } };
        },
      },
    ],
  };
}
