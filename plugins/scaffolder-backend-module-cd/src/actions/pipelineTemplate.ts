import { InputError } from '@backstage/errors';

/**
 * Pipeline templates in the shape of Spinnaker's v2 templates:
 *
 *   schema: v2                       # optional
 *   variables:                       # optional declarations
 *     - { name: image, type: string, defaultValue: 'nginx:1.27', description: … }
 *   pipeline: { name, stages: [...] } # the pipeline, referencing ${ templateVariables.image }
 *
 * A document without `pipeline` is the pipeline itself. A string that is
 * exactly `${ templateVariables.x }` takes the variable's value with its type
 * (a number, a list…); inside a longer string it is spliced in as text.
 * Every other `${ … }` is left for the engine to evaluate at run time.
 */

export const VARIABLE_TYPES = ['string', 'int', 'float', 'boolean', 'list', 'object'] as const;
type VariableType = (typeof VARIABLE_TYPES)[number];

export interface TemplateVariable {
  name: string;
  type?: VariableType;
  defaultValue?: unknown;
  description?: string;
}

export interface TemplateIssue {
  path: string;
  message: string;
}

/** A template that cannot be rendered, with each problem's path. */
export class PipelineTemplateError extends InputError {
  constructor(readonly issues: TemplateIssue[]) {
    super(`pipeline template: ${issues.map(i => `${i.path || '(template)'}: ${i.message}`).join('; ')}`);
  }
}

const WHOLE = /^\$\{\s*templateVariables\.([A-Za-z_][\w-]*)\s*\}$/;
const EMBEDDED = /\$\{\s*templateVariables\.([A-Za-z_][\w-]*)\s*\}/g;

/** The pipeline of a template with the given values (and the declared defaults) substituted. */
export function renderPipelineTemplate(
  document: unknown,
  values: Record<string, unknown> = {},
): Record<string, unknown> {
  if (!isObject(document)) throw new PipelineTemplateError([{ path: '', message: 'must be an object' }]);
  const issues: TemplateIssue[] = [];
  const isTemplate = 'pipeline' in document;
  const pipeline = isTemplate ? document.pipeline : document;
  if (!isObject(pipeline)) throw new PipelineTemplateError([{ path: 'pipeline', message: 'must be an object' }]);

  const declared = isTemplate ? readVariables(document.variables, issues) : undefined;
  const resolved: Record<string, unknown> = {};
  for (const variable of declared ?? []) {
    if (variable.defaultValue !== undefined) resolved[variable.name] = variable.defaultValue;
  }
  for (const [name, value] of Object.entries(values)) {
    const variable = declared?.find(v => v.name === name);
    if (declared && !variable) {
      issues.push({ path: `parameters.${name}`, message: `is not a variable of the template (${declared.map(v => v.name).join(', ') || 'none declared'})` });
      continue;
    }
    const typeIssue = variable?.type ? checkType(value, variable.type) : undefined;
    if (typeIssue) issues.push({ path: `parameters.${name}`, message: typeIssue });
    else resolved[name] = value;
  }
  for (const variable of declared ?? []) {
    if (!(variable.name in resolved) && !issues.some(i => i.path === `parameters.${variable.name}`)) {
      issues.push({ path: `parameters.${variable.name}`, message: 'is required (the template gives it no defaultValue)' });
    }
  }
  if (issues.length > 0) throw new PipelineTemplateError(issues);

  const rendered = substitute(pipeline, resolved, isTemplate ? 'pipeline' : '', issues);
  if (issues.length > 0) throw new PipelineTemplateError(issues);
  return rendered as Record<string, unknown>;
}

function readVariables(raw: unknown, issues: TemplateIssue[]): TemplateVariable[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    issues.push({ path: 'variables', message: 'must be a list' });
    return [];
  }
  const variables: TemplateVariable[] = [];
  raw.forEach((v, i) => {
    if (!isObject(v) || typeof v.name !== 'string' || !/^[A-Za-z_][\w-]*$/.test(v.name)) {
      issues.push({ path: `variables[${i}].name`, message: 'must be a name (letters, digits, _ and -)' });
      return;
    }
    if (v.type !== undefined && !VARIABLE_TYPES.includes(v.type as VariableType)) {
      issues.push({ path: `variables[${i}].type`, message: `must be one of ${VARIABLE_TYPES.join(', ')}` });
      return;
    }
    variables.push({ name: v.name, type: v.type as VariableType | undefined, defaultValue: v.defaultValue });
  });
  return variables;
}

function checkType(value: unknown, type: VariableType): string | undefined {
  const ok = {
    string: typeof value === 'string',
    int: Number.isInteger(value),
    float: typeof value === 'number' && Number.isFinite(value),
    boolean: typeof value === 'boolean',
    list: Array.isArray(value),
    object: isObject(value),
  }[type];
  return ok ? undefined : `must be of type ${type}`;
}

function substitute(value: unknown, values: Record<string, unknown>, path: string, issues: TemplateIssue[]): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) {
      if (!(whole[1] in values)) issues.push({ path, message: `unknown template variable ${whole[1]}` });
      return values[whole[1]];
    }
    return value.replace(EMBEDDED, (match, name: string) => {
      if (!(name in values)) {
        issues.push({ path, message: `unknown template variable ${name}` });
        return match;
      }
      const v = values[name];
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, values, `${path}[${i}]`, issues));
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substitute(v, values, path ? `${path}.${k}` : k, issues)]),
    );
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
