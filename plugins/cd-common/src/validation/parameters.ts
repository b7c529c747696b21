import type { ParameterConfig, ValidationIssue } from '../pipeline';
import { childPath, isRecord } from './paths';

/** Sanity of `parameterConfig[]` in a pipeline definition. */
export function parameterConfigIssues(
  parameterConfig: unknown,
): ValidationIssue[] {
  if (!Array.isArray(parameterConfig)) return [];
  const issues: ValidationIssue[] = [];
  const firstByName = new Map<string, number>();
  parameterConfig.forEach((parameter, index) => {
    if (!isRecord(parameter)) return;
    const path = `parameterConfig[${index}]`;
    if (typeof parameter.name === 'string' && parameter.name) {
      const first = firstByName.get(parameter.name);
      if (first !== undefined) {
        issues.push({
          path: `${path}.name`,
          message: `duplicate parameter name ${JSON.stringify(
            parameter.name,
          )} (also parameterConfig[${first}])`,
        });
      } else {
        firstByName.set(parameter.name, index);
      }
    }
    if (parameter.hasOptions !== true) return;
    const options = Array.isArray(parameter.options) ? parameter.options : [];
    const values = options.flatMap(o =>
      isRecord(o) && typeof o.value === 'string' ? [o.value] : [],
    );
    if (options.length === 0) {
      issues.push({
        path: `${path}.options`,
        message: 'hasOptions is true but no options are given',
      });
      return;
    }
    values.forEach((value, i) => {
      if (values.indexOf(value) !== i) {
        issues.push({
          path: `${path}.options[${i}].value`,
          message: `duplicate option ${JSON.stringify(value)}`,
        });
      }
    });
    if (
      typeof parameter.default === 'string' &&
      parameter.default !== '' &&
      !values.includes(parameter.default)
    ) {
      issues.push({
        path: `${path}.default`,
        message: `default ${JSON.stringify(
          parameter.default,
        )} is not one of the options (${values
          .map(v => JSON.stringify(v))
          .join(', ')})`,
      });
    }
  });
  return issues;
}

export interface ResolvedParameters {
  parameters: Record<string, unknown>;
  /** Paths are `parameters.<name>`. */
  issues: ValidationIssue[];
}

/**
 * The parameters an execution starts with, as Orca computes them: every
 * configured parameter is present (the given value when the key was given,
 * else its default, else null); required ones must be non-empty; with
 * `hasOptions` the value must be one of the options; parameters that are not
 * configured are kept, as Spinnaker does (webhook and pipeline triggers pass
 * extra ones that expressions may read).
 */
export function resolveParameters(
  parameterConfig: readonly ParameterConfig[] | undefined,
  given: Record<string, unknown> = {},
): ResolvedParameters {
  const parameters: Record<string, unknown> = { ...given };
  const issues: ValidationIssue[] = [];
  for (const config of parameterConfig ?? []) {
    const path = childPath('parameters', config.name);
    const value = Object.prototype.hasOwnProperty.call(given, config.name)
      ? given[config.name]
      : config.default ?? null;
    parameters[config.name] = value;
    const empty = value === null || value === undefined || value === '';
    if (empty) {
      if (config.required) issues.push({ path, message: 'is required' });
      continue;
    }
    if (config.hasOptions && config.options && config.options.length > 0) {
      const allowed = config.options.map(o => o.value);
      if (!allowed.includes(String(value))) {
        issues.push({
          path,
          message: `${JSON.stringify(
            value,
          )} is not one of the options (${allowed
            .map(v => JSON.stringify(v))
            .join(', ')})`,
        });
      }
    }
  }
  return { parameters, issues };
}
