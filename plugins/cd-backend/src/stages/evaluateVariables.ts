import type { StageDefinition } from '@internal/plugin-cd-node';
import type { ValidationIssue } from '@internal/plugin-cd-common';

/**
 * `evaluateVariables`: evaluates `variables[{key, value}]` in order; each
 * variable is visible to the expressions of the ones after it, and all of
 * them become outputs (so later stages read them as `${ key }` or through
 * `#stage('name')`).
 */
export function evaluateVariablesStage(): StageDefinition {
  return {
    type: 'evaluateVariables',
    label: 'Evaluate Variables',
    description: 'Evaluates expressions into variables for later stages.',
    deferredExpressionFields: ['variables'],
    validate(stage, path) {
      const issues: ValidationIssue[] = [];
      if (!Array.isArray(stage.variables)) {
        return [{ path: `${path}.variables`, message: 'must be a list of {key, value}' }];
      }
      const seen = new Set<string>();
      stage.variables.forEach((v, i) => {
        const key = (v as { key?: unknown })?.key;
        if (typeof key !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
          issues.push({ path: `${path}.variables[${i}].key`, message: 'must be an identifier (letters, digits, _)' });
        } else if (seen.has(key)) {
          issues.push({ path: `${path}.variables[${i}].key`, message: `duplicate variable ${key}` });
        } else seen.add(key);
      });
      return issues;
    },
    tasks: [
      {
        name: 'evaluateVariables',
        async run(ctx) {
          const variables = (ctx.context.variables ?? []) as Array<{ key: string; value: unknown }>;
          const values: Record<string, unknown> = {};
          const errors: string[] = [];
          for (const v of variables) {
            const r = ctx.evaluate(v.value, values);
            if (r.failed) errors.push(...r.errors.map(e => `${v.key}: ${e}`));
            values[v.key] = r.value;
          }
          const failOnFailed = ctx.context.failOnFailedExpressions === true;
          if (errors.length > 0 && failOnFailed) {
            return { status: 'TERMINAL', error: `Failed to evaluate variables: ${errors.join('; ')}` };
          }
          return {
            status: 'SUCCEEDED',
            outputs: values,
            context: {
              variables: variables.map(v => ({ key: v.key, value: values[v.key], sourceValue: v.value })),
              ...(errors.length > 0 ? { variableErrors: errors } : {}),
            },
          };
        },
      },
    ],
  };
}
