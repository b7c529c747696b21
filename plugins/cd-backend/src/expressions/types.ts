/**
 * What expressions are evaluated against, and the limits that bound the work
 * of one evaluation. The stage and execution shapes are structural so that
 * cd-common's `Execution` / `StageExecution` fit without conversion.
 */

/** A stage as expressions see it (cd-common's `StageExecution` fits). */
export interface StageLike {
  id: string;
  refId: string;
  name: string;
  type: string;
  status: string;
  context?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  startTime?: number;
  endTime?: number;
  parentStageId?: string;
  syntheticStageOwner?: string;
  requisiteStageRefIds?: string[];
}

/** An execution as expressions see it (cd-common's `Execution` fits). */
export interface ExecutionLike {
  id?: string;
  stages: StageLike[];
}

/**
 * The root object of an evaluation (`#root`). Bare identifiers resolve on it:
 * `execution`, `trigger`, `parameters`, and whatever else the engine adds
 * (Orca adds the outputs of upstream stages). When absent, `trigger` falls
 * back to `execution.trigger` and `parameters` to `trigger.parameters`.
 */
export interface ExpressionContext {
  execution?: ExecutionLike;
  trigger?: unknown;
  parameters?: Record<string, unknown>;
  /** The stage being evaluated, for `#currentStage()`. */
  currentStage?: StageLike;
  [key: string]: unknown;
}

export interface ExpressionLimits {
  /** Characters in one expression (the text inside `${ }`). */
  maxExpressionLength: number;
  /** Parser nesting (parentheses, literals, arguments) in one expression. */
  maxNestingDepth: number;
  /** Depth of the syntax tree (long chains like `a.b.c…` or `1+1+1…`). */
  maxAstDepth: number;
  /** Evaluation steps (nodes visited, elements filtered) per expression. */
  maxSteps: number;
  /** Characters in any string an expression produces. */
  maxStringLength: number;
  /** Characters in a regular expression pattern. */
  maxRegexLength: number;
  /** Characters of the text a regular expression is applied to. */
  maxRegexInputLength: number;
  /** Nesting of data structures walked, copied or serialised. */
  maxDataDepth: number;
}

export const DEFAULT_LIMITS: ExpressionLimits = {
  maxExpressionLength: 10_000,
  maxNestingDepth: 64,
  maxAstDepth: 200,
  maxSteps: 100_000,
  maxStringLength: 1_000_000,
  maxRegexLength: 500,
  maxRegexInputLength: 10_000,
  maxDataDepth: 200,
};

/** A helper callable as `#name(args)`: receives already evaluated arguments. */
export type ExpressionFunction = (...args: unknown[]) => unknown;
