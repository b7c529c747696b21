import type { ValidationIssue } from '../pipeline';
import { childPath, isRecord } from './paths';
import { cronExpressionError } from './cron';

/** Trigger types this product fires (Spinnaker's docker, git, jenkins… are not). */
export const SUPPORTED_TRIGGER_TYPES = [
  'manual',
  'webhook',
  'cron',
  'pipeline',
] as const;

/** What an upstream pipeline's completion may be matched on (Spinnaker's values). */
export const PIPELINE_TRIGGER_STATUSES = [
  'successful',
  'failed',
  'canceled',
] as const;

/** A webhook source becomes a URL path segment: `/webhooks/:source`. */
const WEBHOOK_SOURCE = /^[A-Za-z0-9._~-]+$/;

/** Per-type sanity of `triggers[]`; types and required shapes are the schema's. */
export function triggerIssues(triggers: unknown): ValidationIssue[] {
  if (!Array.isArray(triggers)) return [];
  return triggers.flatMap((trigger, index) =>
    isRecord(trigger) ? checkTrigger(trigger, `triggers[${index}]`) : [],
  );
}

function checkTrigger(
  trigger: Record<string, unknown>,
  path: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const at = (field: string) => childPath(path, field);
  switch (trigger.type) {
    case 'manual':
      break;
    case 'cron': {
      if (typeof trigger.cronExpression !== 'string') {
        if (trigger.cronExpression === undefined) {
          issues.push({
            path: at('cronExpression'),
            message: 'is required for a cron trigger',
          });
        }
        break;
      }
      const error = cronExpressionError(trigger.cronExpression);
      if (error) issues.push({ path: at('cronExpression'), message: error });
      break;
    }
    case 'webhook': {
      if (trigger.source === undefined) {
        issues.push({
          path: at('source'),
          message: 'is required for a webhook trigger',
        });
      } else if (
        typeof trigger.source === 'string' &&
        !WEBHOOK_SOURCE.test(trigger.source)
      ) {
        issues.push({
          path: at('source'),
          message:
            'may only contain letters, digits, ".", "_", "~" and "-" (it is a URL path segment)',
        });
      }
      if (isRecord(trigger.payloadConstraints)) {
        // Spinnaker matches each constraint as a regular expression.
        for (const [key, pattern] of Object.entries(
          trigger.payloadConstraints,
        )) {
          if (typeof pattern !== 'string') continue;
          try {
            // eslint-disable-next-line no-new
            new RegExp(pattern);
          } catch (e) {
            issues.push({
              path: childPath(at('payloadConstraints'), key),
              message: `is not a valid regular expression: ${
                (e as Error).message
              }`,
            });
          }
        }
      }
      break;
    }
    case 'pipeline': {
      for (const field of ['application', 'pipeline']) {
        if (trigger[field] === undefined || trigger[field] === '') {
          issues.push({
            path: at(field),
            message: 'is required for a pipeline trigger',
          });
        }
      }
      if (Array.isArray(trigger.status)) {
        trigger.status.forEach((status, i) => {
          if (
            typeof status === 'string' &&
            !(PIPELINE_TRIGGER_STATUSES as readonly string[]).includes(status)
          ) {
            issues.push({
              path: `${at('status')}[${i}]`,
              message: `must be one of ${PIPELINE_TRIGGER_STATUSES.join(', ')}`,
            });
          }
        });
      }
      break;
    }
    default:
      if (typeof trigger.type === 'string' && trigger.type) {
        issues.push({
          path: at('type'),
          message: `trigger type ${JSON.stringify(
            trigger.type,
          )} is not supported (supported: ${SUPPORTED_TRIGGER_TYPES.join(
            ', ',
          )})`,
        });
      }
  }
  return issues;
}
