import { ResponseError } from '@backstage/errors';
import type { ValidationIssue } from '@internal/plugin-cd-common';

/** The backend's `issues: [{ path, message }]` of a 400, or none. */
export function issuesOf(error: unknown): ValidationIssue[] {
  if (!(error instanceof ResponseError)) return [];
  const issues = (error.body as { issues?: unknown }).issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (i): i is ValidationIssue =>
      typeof i === 'object' &&
      i !== null &&
      typeof (i as ValidationIssue).path === 'string' &&
      typeof (i as ValidationIssue).message === 'string',
  );
}

/** What the server said went wrong, rather than "Request failed with 409 Conflict". */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    const serverMessage = error.body.error?.message;
    return serverMessage
      ? `${serverMessage} (${error.statusCode})`
      : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function isConflict(error: unknown): boolean {
  return error instanceof ResponseError && error.statusCode === 409;
}
