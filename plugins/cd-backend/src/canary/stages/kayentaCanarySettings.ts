import type { CanaryScope, ScoreThresholds } from '@internal/plugin-cd-common';
import { z } from 'zod';
import { formatPath } from '../judge';
import { minutesToMillis, parseIsoDuration } from './durations';

/** Numbers as Spinnaker writes them: 30 or "30". */
const numberish = z.union([z.number(), z.string().regex(/^\s*\d+(\.\d+)?\s*$/, 'must be a number')]).transform(Number);

const scopeSchema = z
  .object({
    scopeName: z.string().min(1).default('default'),
    controlScope: z.string().min(1),
    controlLocation: z.string().min(1),
    experimentScope: z.string().min(1),
    experimentLocation: z.string().min(1),
    /** Extension: the Kubernetes account of each side (templates' `${account}`). */
    controlAccount: z.string().min(1).optional(),
    experimentAccount: z.string().min(1).optional(),
    extendedScopeParams: z.record(z.string()).optional(),
    /** Seconds between samples. */
    step: numberish.refine(n => n > 0, 'must be positive').optional(),
  })
  .passthrough();

const canaryConfigSchema = z
  .object({
    canaryConfigId: z.string().min(1).optional(),
    canaryConfigName: z.string().min(1).optional(),
    metricsAccountName: z.string().min(1).optional(),
    storageAccountName: z.string().optional(),
    scopes: z.array(scopeSchema).min(1, 'at least one scope is required'),
    scoreThresholds: z
      .object({ pass: numberish, marginal: numberish })
      .refine(t => t.marginal <= t.pass, { message: 'marginal must not be above pass', path: ['marginal'] })
      .optional(),
    lifetimeDuration: z.string().optional(),
    lifetimeHours: numberish.optional(),
    beginCanaryAnalysisAfterMins: numberish.optional(),
    canaryAnalysisIntervalMins: numberish.optional(),
    lookbackMins: numberish.optional(),
  })
  .passthrough()
  .superRefine((c, ctx) => {
    if (!c.canaryConfigId && !c.canaryConfigName) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['canaryConfigId'], message: 'canaryConfigId or canaryConfigName is required' });
    }
    if (c.lifetimeDuration !== undefined && parseIsoDuration(c.lifetimeDuration) === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['lifetimeDuration'], message: 'must be an ISO-8601 duration such as PT30M' });
    }
    if (c.lifetimeDuration === undefined && c.lifetimeHours === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['lifetimeDuration'], message: 'lifetimeDuration or lifetimeHours is required' });
    }
  });

const stageSchema = z.object({ canaryConfig: canaryConfigSchema }).passthrough();

/** One scope of the analysis, as the metric sources see each side. */
export interface AnalysisScope {
  scopeName: string;
  control: CanaryScope;
  experiment: CanaryScope;
  stepMillis?: number;
}

/** What a kayentaCanary stage asks for, with Spinnaker's defaults applied. */
export interface KayentaCanarySettings {
  canaryConfigId?: string;
  canaryConfigName?: string;
  metricsAccountName?: string;
  scopes: AnalysisScope[];
  scoreThresholds?: ScoreThresholds;
  lifetimeMs: number;
  warmupMs: number;
  intervalMs: number;
  /** 0: each interval's window grows from the end of the warmup. */
  lookbackMs: number;
  /** ⌊lifetime / interval⌋, at least 1. */
  intervals: number;
}

export type SettingsResult = { settings: KayentaCanarySettings } | { issues: Array<{ path: string; message: string }> };

/** Reads a kayentaCanary stage's context; issues name the field (`canaryConfig.scopes[0].controlScope`). */
export function parseKayentaCanarySettings(context: unknown): SettingsResult {
  const parsed = stageSchema.safeParse(context);
  if (!parsed.success) {
    return { issues: parsed.error.issues.map(i => ({ path: formatPath(i.path), message: i.message })) };
  }
  const c = parsed.data.canaryConfig;
  const lifetimeMs =
    c.lifetimeDuration !== undefined ? parseIsoDuration(c.lifetimeDuration)! : (c.lifetimeHours ?? 0) * 3_600_000;
  if (!(lifetimeMs > 0)) return { issues: [{ path: 'canaryConfig.lifetimeDuration', message: 'must be longer than 0' }] };
  const intervalMs = minutesToMillis(c.canaryAnalysisIntervalMins) || lifetimeMs;
  if (intervalMs > lifetimeMs) {
    return { issues: [{ path: 'canaryConfig.canaryAnalysisIntervalMins', message: 'must not be longer than the lifetime' }] };
  }
  return {
    settings: {
      canaryConfigId: c.canaryConfigId,
      canaryConfigName: c.canaryConfigName,
      metricsAccountName: c.metricsAccountName,
      scoreThresholds: c.scoreThresholds,
      lifetimeMs,
      warmupMs: minutesToMillis(c.beginCanaryAnalysisAfterMins) ?? 0,
      intervalMs,
      lookbackMs: minutesToMillis(c.lookbackMins) ?? 0,
      intervals: Math.max(1, Math.floor(lifetimeMs / intervalMs + 1e-9)),
      scopes: c.scopes.map(s => ({
        scopeName: s.scopeName,
        control: scope(s.controlScope, s.controlLocation, s.controlAccount, s.extendedScopeParams),
        experiment: scope(s.experimentScope, s.experimentLocation, s.experimentAccount, s.extendedScopeParams),
        stepMillis: s.step !== undefined ? s.step * 1000 : undefined,
      })),
    },
  };
}

function scope(serverGroup: string, location: string, account?: string, extendedScopeParams?: Record<string, string>): CanaryScope {
  return {
    serverGroup,
    location,
    ...(account ? { account } : {}),
    ...(extendedScopeParams ? { extendedScopeParams } : {}),
  };
}

/** The time window judged by interval `index` (1-based) of an analysis that started at `startTimeMillis`. */
export function intervalWindow(
  settings: Pick<KayentaCanarySettings, 'warmupMs' | 'intervalMs' | 'lookbackMs'>,
  startTimeMillis: number,
  index: number,
): { start: number; end: number } {
  const analysisStart = startTimeMillis + settings.warmupMs;
  const end = analysisStart + index * settings.intervalMs;
  const start = settings.lookbackMs > 0 ? Math.max(analysisStart, end - settings.lookbackMs) : analysisStart;
  return { start, end };
}

/** Spinnaker's default step is 60 s; a short window gets at least 10 steps (and a step of at least 1 s). */
export function defaultStepMillis(windowMillis: number): number {
  return Math.max(1000, Math.min(60_000, Math.floor(windowMillis / 10 / 1000) * 1000));
}
