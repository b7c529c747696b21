import type {
  PipelineConfig,
  StageConfig,
  StageTypeLookup,
  ValidationIssue,
} from '../pipeline';
import { isRecord } from './paths';
import { notificationIssues } from './notifications';
import { parameterConfigIssues } from './parameters';
import { pipelineSchema, schemaIssues, stageSchema } from './pipelineSchema';
import { stageGraphIssues } from './stageGraph';
import { triggerIssues } from './triggers';

/** Finds malformed `${…}` expressions in a value; paths start with `path`. */
export type ExpressionChecker = (
  value: unknown,
  path: string,
) => ValidationIssue[];

export interface PipelineValidationOptions {
  /** Known stage types; without it stage types are not checked. */
  stageTypes?: StageTypeLookup;
  /** Expression syntax checker; without it expressions are not checked. */
  expressions?: ExpressionChecker;
}

export interface PipelineValidationResult {
  valid: boolean;
  issues: ValidationIssue[];
  /** The document, typed, when it is valid. */
  pipeline?: PipelineConfig;
}

/**
 * Every rule a pipeline definition must pass before it is stored: types and
 * required fields, the stage DAG, stage types (and their own checks),
 * parameters, triggers, notification events and expression syntax. All
 * problems are reported at once, each with the path of the bad field.
 */
export function validatePipeline(
  document: unknown,
  options: PipelineValidationOptions = {},
): PipelineValidationResult {
  if (!isRecord(document)) {
    return {
      valid: false,
      issues: [{ path: '', message: 'a pipeline must be a JSON object' }],
    };
  }
  const issues: ValidationIssue[] = [
    ...schemaIssues(document),
    ...stageGraphIssues(document.stages),
    ...stageIssues(document.stages, options),
    ...parameterConfigIssues(document.parameterConfig),
    ...triggerIssues(document.triggers),
    ...notificationIssues(document.notifications, 'notifications'),
  ];
  const unique = dedupe(issues);
  if (unique.length > 0) return { valid: false, issues: unique };
  return {
    valid: true,
    issues: [],
    pipeline: pipelineSchema.parse(document) as PipelineConfig,
  };
}

function stageIssues(
  stages: unknown,
  options: PipelineValidationOptions,
): ValidationIssue[] {
  if (!Array.isArray(stages)) return [];
  return stages.flatMap((stage, index) => {
    if (!isRecord(stage)) return [];
    const path = `stages[${index}]`;
    const issues = notificationIssues(
      stage.notifications,
      `${path}.notifications`,
    );
    const { stageTypes, expressions } = options;
    if (stageTypes && typeof stage.type === 'string' && stage.type) {
      if (!stageTypes.has(stage.type)) {
        issues.push({
          path: `${path}.type`,
          message: `unknown stage type ${JSON.stringify(stage.type)}`,
        });
      } else if (stageTypes.validate && stageSchema.safeParse(stage).success) {
        issues.push(
          ...stageTypes.validate(stage.type, stage as StageConfig, path),
        );
      }
    }
    if (expressions)
      issues.push(...stageExpressionIssues(stage, path, expressions));
    return issues;
  });
}

/**
 * Expressions are evaluated in stage fields. `stageEnabled.expression` is a
 * bare expression (Spinnaker writes it without `${}`), so it is checked
 * wrapped; a stage with `skipExpressionEvaluation` keeps its manifests raw.
 */
function stageExpressionIssues(
  stage: Record<string, unknown>,
  path: string,
  expressions: ExpressionChecker,
): ValidationIssue[] {
  const { stageEnabled, ...fields } = stage;
  if (stage.skipExpressionEvaluation === true) delete fields.manifests;
  const issues = expressions(fields, path);
  if (isRecord(stageEnabled) && typeof stageEnabled.expression === 'string') {
    const expression = stageEnabled.expression.trim();
    const wrapped = expression.startsWith('${')
      ? expression
      : `\${${expression}}`;
    issues.push(
      ...expressions(wrapped, `${path}.stageEnabled.expression`).map(issue => ({
        ...issue,
        path: `${path}.stageEnabled.expression`,
      })),
    );
  }
  return issues;
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter(issue => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
