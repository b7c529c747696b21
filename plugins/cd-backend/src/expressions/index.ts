/**
 * Spinnaker-compatible pipeline expressions: `${ … }` in SpEL syntax,
 * parsed by hand and evaluated in a sandbox over plain data.
 */
export { ExpressionEvaluator } from './evaluator';
export type { ExpressionEvaluatorOptions } from './evaluator';
export { ExpressionError, isExpressionError } from './errors';
export type { ExpressionErrorKind } from './errors';
export { parseExpression } from './parser';
export type { ExpressionNode, BinaryOperator, SelectionMode } from './ast';
export { validateExpressions } from './validate';
export type { ExpressionProblem } from './validate';
export { splitTemplate, containsExpression } from './template';
export type { TemplateSegment } from './template';
export type { EvaluationResult, ExpressionSummary } from './walker';
export { ALLOWED_METHODS } from './methods';
export { DEFAULT_LIMITS } from './types';
export type {
  ExecutionLike,
  ExpressionContext,
  ExpressionFunction,
  ExpressionLimits,
  StageLike,
} from './types';
