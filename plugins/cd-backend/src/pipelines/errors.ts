import { InputError } from '@backstage/errors';
import {
  describeIssues,
  type ValidationIssue,
} from '@internal/plugin-cd-common';

/**
 * A pipeline document that failed validation. It is an InputError (400) that
 * also carries the issues, so the API can return each path and message as
 * JSON instead of one long string.
 */
export class PipelineValidationError extends InputError {
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[], summary = 'invalid pipeline') {
    super(`${summary}: ${describeIssues(issues)}`);
    // Keep the well-known name so Backstage's default error handler still answers 400.
    this.name = 'InputError';
    this.issues = issues;
  }
}

export function isPipelineValidationError(
  error: unknown,
): error is PipelineValidationError {
  return (
    error instanceof Error &&
    error.name === 'InputError' &&
    Array.isArray((error as Partial<PipelineValidationError>).issues)
  );
}
