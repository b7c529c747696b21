import type { StageConfig, ValidationIssue } from '@internal/plugin-cd-common';

/** Small helpers for stage `validate` functions: each issue names the field's path. */
export const isExpression = (v: unknown) => typeof v === 'string' && v.includes('${');

export function requireField(stage: StageConfig, field: string, path: string): ValidationIssue[] {
  const v = stage[field];
  if (v === undefined || v === null || v === '') return [{ path: `${path}.${field}`, message: 'is required' }];
  return [];
}

export function requireNumberOrExpression(
  stage: StageConfig,
  field: string,
  path: string,
  options: { required?: boolean; min?: number } = {},
): ValidationIssue[] {
  const v = stage[field];
  if (v === undefined || v === null || v === '') {
    return options.required ? [{ path: `${path}.${field}`, message: 'is required' }] : [];
  }
  if (isExpression(v)) return [];
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    return [{ path: `${path}.${field}`, message: 'must be a number or an expression' }];
  }
  if (options.min !== undefined && n < options.min) {
    return [{ path: `${path}.${field}`, message: `must be at least ${options.min}` }];
  }
  return [];
}
