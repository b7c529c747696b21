import type { ValidationIssue } from '../pipeline';
import { isRecord } from './paths';

/** The events a notification may be sent on (Spinnaker's `when` values). */
export const NOTIFICATION_EVENTS = [
  'pipeline.starting',
  'pipeline.complete',
  'pipeline.failed',
  'stage.starting',
  'stage.complete',
  'stage.failed',
  'manualJudgment',
  'manualJudgmentContinue',
  'manualJudgmentStop',
] as const;

/** Unknown `when` events, which would silently never notify. */
export function notificationIssues(
  notifications: unknown,
  path: string,
): ValidationIssue[] {
  if (!Array.isArray(notifications)) return [];
  const known: readonly string[] = NOTIFICATION_EVENTS;
  const issues: ValidationIssue[] = [];
  notifications.forEach((notification, n) => {
    if (!isRecord(notification) || !Array.isArray(notification.when)) return;
    notification.when.forEach((event, w) => {
      if (typeof event === 'string' && event && !known.includes(event)) {
        issues.push({
          path: `${path}[${n}].when[${w}]`,
          message: `unknown event ${JSON.stringify(
            event,
          )} (expected one of ${known.join(', ')})`,
        });
      }
    });
  });
  return issues;
}
