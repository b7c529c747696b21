import { InputError } from '@backstage/errors';
import type { ValidationIssue } from '@internal/plugin-cd-common';

/**
 * A canary configuration that failed validation: a 400 that carries each
 * problem with the path of its field (`config.metrics[0].groups`).
 */
export class CanaryConfigValidationError extends InputError {
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[], summary = 'invalid canary configuration') {
    super(`${summary}: ${issues.map(i => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
    // Backstage's error handler answers InputError with 400.
    this.name = 'InputError';
    this.issues = issues;
  }
}
