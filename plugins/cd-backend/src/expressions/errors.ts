/**
 * The one error type of the expression language. Every failure (syntax,
 * evaluation, helper, sandbox refusal, exceeded limit) is an ExpressionError,
 * so callers can tell "this expression is bad" from a bug in the engine.
 */

export type ExpressionErrorKind =
  /** The text is not a valid expression. */
  | 'syntax'
  /** A valid expression failed on these values (missing field, bad type…). */
  | 'evaluation'
  /** A `#helper(…)` refused its arguments or failed. */
  | 'function'
  /** The sandbox refused access (prototype, constructor, unlisted method…). */
  | 'forbidden'
  /** A work limit (length, steps, depth, string size) was exceeded. */
  | 'limit';

/** Names recorded as `exceptionType` in an expression evaluation summary. */
const EXCEPTION_TYPES: Record<ExpressionErrorKind, string> = {
  syntax: 'ExpressionSyntaxException',
  evaluation: 'ExpressionEvaluationException',
  function: 'SpelHelperFunctionException',
  forbidden: 'ExpressionAccessDeniedException',
  limit: 'ExpressionLimitExceededException',
};

export class ExpressionError extends Error {
  readonly kind: ExpressionErrorKind;
  /** The message without the position suffix. */
  readonly reason: string;
  /** Character offset in the expression text (without `${ }`), when known. */
  readonly position?: number;

  constructor(kind: ExpressionErrorKind, reason: string, position?: number) {
    super(position === undefined ? reason : `${reason} (at character ${position})`);
    this.name = 'ExpressionError';
    this.kind = kind;
    this.reason = reason;
    this.position = position;
  }

  get exceptionType(): string {
    return EXCEPTION_TYPES[this.kind];
  }

  /** The same error, with a position if it had none. */
  withPosition(position: number): ExpressionError {
    return this.position === undefined
      ? new ExpressionError(this.kind, this.reason, position)
      : this;
  }
}

export function isExpressionError(error: unknown): error is ExpressionError {
  return error instanceof ExpressionError;
}
