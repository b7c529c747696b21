/*
 * Validation of canary configurations in Kayenta's JSON format. Unknown keys
 * are kept (Kayenta configs carry metadata such as timestamps and templates);
 * the fields the judge reads are checked, and every problem is reported with
 * the path of the field, e.g. metrics[2].analysisConfigurations.canary.direction.
 */
import { z } from 'zod';
import type { CanaryConfig } from './types';

const finiteNumber = z.number().finite();
const effectValue = finiteNumber.nonnegative();

const effectSizeSchema = z
  .object({
    measure: z.enum(['meanRatio', 'cles']).optional(),
    allowedIncrease: effectValue.optional(),
    allowedDecrease: effectValue.optional(),
    criticalIncrease: effectValue.optional(),
    criticalDecrease: effectValue.optional(),
  })
  .passthrough()
  .superRefine((effect, ctx) => {
    if (effect.measure !== 'cles') return;
    // CLES is a probability.
    for (const key of ['allowedIncrease', 'allowedDecrease', 'criticalIncrease', 'criticalDecrease'] as const) {
      const value = effect[key];
      if (value !== undefined && value > 1) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [key],
          message: `must be between 0 and 1 when measure is cles, got ${value}`,
        });
      }
    }
  });

const outliersSchema = z
  .object({
    strategy: z.enum(['remove', 'keep']).optional(),
    outlierFactor: finiteNumber.positive().optional(),
    method: z.enum(['iqr', 'kSigma']).optional(),
  })
  .passthrough();

const canaryAnalysisSchema = z
  .object({
    direction: z.enum(['increase', 'decrease', 'either']).optional(),
    nanStrategy: z.enum(['remove', 'replace']).optional(),
    critical: z.boolean().optional(),
    mustHaveData: z.boolean().optional(),
    muted: z.boolean().optional(),
    effectSize: effectSizeSchema.optional(),
    outliers: outliersSchema.optional(),
  })
  .passthrough();

const metricSchema = z
  .object({
    name: z.string().min(1),
    query: z.object({ type: z.string().min(1) }).passthrough(),
    groups: z.array(z.string().min(1)).min(1, 'a metric must belong to at least one group'),
    analysisConfigurations: z
      .object({ canary: canaryAnalysisSchema.optional() })
      .passthrough()
      .default({}),
    scopeName: z.string().min(1).optional(),
  })
  .passthrough();

const scoreThresholdsSchema = z
  .object({
    pass: finiteNumber.min(0).max(100),
    marginal: finiteNumber.min(0).max(100),
  })
  .passthrough()
  .refine(t => t.marginal <= t.pass, {
    message: 'marginal must not be above pass',
    path: ['marginal'],
  });

const classifierSchema = z
  .object({
    groupWeights: z.record(finiteNumber.nonnegative()),
    scoreThresholds: scoreThresholdsSchema.optional(),
  })
  .passthrough()
  .refine(c => Object.values(c.groupWeights).reduce((s, w) => s + w, 0) <= 100 + 1e-9, {
    message: 'group weights must not add up to more than 100',
    path: ['groupWeights'],
  });

const canaryConfigSchema = z
  .object({
    id: z.string().optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    configVersion: z.union([z.string(), z.number()]).optional(),
    applications: z.array(z.string()).optional(),
    judge: z
      .object({
        name: z.string().min(1),
        judgeConfigurations: z.record(z.unknown()).default({}),
      })
      .passthrough()
      .optional(),
    metrics: z.array(metricSchema).min(1, 'a canary config needs at least one metric'),
    templates: z.record(z.string()).optional(),
    classifier: classifierSchema,
  })
  .passthrough()
  .superRefine((config, ctx) => {
    // The judge finds a metric's settings by name, so names must be unique.
    const seen = new Set<string>();
    config.metrics.forEach((metric, index) => {
      if (seen.has(metric.name)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['metrics', index, 'name'],
          message: `duplicate metric name "${metric.name}"`,
        });
      }
      seen.add(metric.name);
    });
  });

export interface ConfigError {
  /** Path of the offending field, e.g. "metrics[0].groups"; "" for the whole document. */
  path: string;
  message: string;
}

export type ParseCanaryConfigResult =
  | { success: true; config: CanaryConfig }
  | { success: false; errors: ConfigError[] };

/** "metrics", 0, "name" → "metrics[0].name". */
export function formatPath(path: ReadonlyArray<string | number>): string {
  return path
    .map((part, i) => {
      if (typeof part === 'number') return `[${part}]`;
      return i === 0 ? part : `.${part}`;
    })
    .join('');
}

/** Validates a Kayenta canary configuration, given as parsed JSON or as JSON text. */
export function parseKayentaCanaryConfig(input: unknown): ParseCanaryConfigResult {
  let document = input;
  if (typeof input === 'string') {
    try {
      document = JSON.parse(input);
    } catch (error) {
      return {
        success: false,
        errors: [{ path: '', message: `not valid JSON: ${(error as Error).message}` }],
      };
    }
  }
  const parsed = canaryConfigSchema.safeParse(document);
  if (!parsed.success) {
    return {
      success: false,
      errors: parsed.error.issues.map(issue => ({
        path: formatPath(issue.path),
        message: issue.message,
      })),
    };
  }
  return { success: true, config: parsed.data as CanaryConfig };
}
