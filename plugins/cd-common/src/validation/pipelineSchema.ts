import { z } from 'zod';
import type { ValidationIssue } from '../pipeline';
import { formatPath } from './paths';

/*
 * The shape of a Spinnaker pipeline document (Front50's). Every object is
 * `.passthrough()`: each stage type reads its own fields and an imported
 * document may carry fields we do not interpret, which must survive a save.
 * Rules that span several fields (refIds, options, cron) live in their own
 * modules; this schema only checks types and required fields.
 */

const nonEmpty = z.string().min(1);

export const stageEnabledSchema = z
  .object({ type: z.literal('expression'), expression: z.string() })
  .passthrough();

export const notificationSchema = z
  .object({
    type: nonEmpty,
    address: z.string().optional(),
    level: z.enum(['pipeline', 'stage']).optional(),
    when: z.array(nonEmpty),
    message: z.record(z.object({ text: z.string() }).passthrough()).optional(),
  })
  .passthrough();

export const stageSchema = z
  .object({
    refId: nonEmpty,
    requisiteStageRefIds: z.array(nonEmpty).optional(),
    type: nonEmpty,
    name: z.string().optional(),
    failPipeline: z.boolean().optional(),
    continuePipeline: z.boolean().optional(),
    completeOtherBranchesThenFail: z.boolean().optional(),
    stageEnabled: stageEnabledSchema.optional(),
    stageTimeoutMs: z.number().int().positive().optional(),
    failOnFailedExpressions: z.boolean().optional(),
    notifications: z.array(notificationSchema).optional(),
    sendNotifications: z.boolean().optional(),
  })
  .passthrough();

export const parameterSchema = z
  .object({
    name: nonEmpty,
    label: z.string().optional(),
    description: z.string().optional(),
    default: z.string().optional(),
    required: z.boolean().optional(),
    hasOptions: z.boolean().optional(),
    options: z.array(z.object({ value: z.string() }).passthrough()).optional(),
    pinned: z.boolean().optional(),
  })
  .passthrough();

export const triggerSchema = z
  .object({
    type: nonEmpty,
    enabled: z.boolean().optional(),
    source: z.string().optional(),
    payloadConstraints: z.record(z.string()).optional(),
    cronExpression: z.string().optional(),
    application: z.string().optional(),
    pipeline: z.string().optional(),
    status: z.array(z.string()).optional(),
  })
  .passthrough();

export const pipelineSchema = z
  .object({
    id: z.string().optional(),
    application: nonEmpty,
    name: nonEmpty,
    stages: z.array(stageSchema),
    parameterConfig: z.array(parameterSchema).optional(),
    triggers: z.array(triggerSchema).optional(),
    notifications: z.array(notificationSchema).optional(),
    limitConcurrent: z.boolean().optional(),
    keepWaitingPipelines: z.boolean().optional(),
    disabled: z.boolean().optional(),
    description: z.string().optional(),
  })
  .passthrough();

/** Type and required-field problems of a pipeline document, with paths. */
export function schemaIssues(document: unknown): ValidationIssue[] {
  const result = pipelineSchema.safeParse(document);
  if (result.success) return [];
  return result.error.issues.map(issue => ({
    path: formatPath(issue.path),
    message: describeZodIssue(issue),
  }));
}

function describeZodIssue(issue: z.ZodIssue): string {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return issue.received === 'undefined'
        ? 'is required'
        : `must be ${article(issue.expected)}, not ${article(issue.received)}`;
    case z.ZodIssueCode.too_small:
      return issue.type === 'string' && issue.minimum === 1
        ? 'must not be empty'
        : issue.message;
    case z.ZodIssueCode.invalid_literal:
      return `must be ${JSON.stringify(issue.expected)}`;
    case z.ZodIssueCode.invalid_enum_value:
      return `must be one of ${issue.options
        .map(o => JSON.stringify(o))
        .join(', ')}`;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  if (type === 'null' || type === 'undefined') return type;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
