import type {
  Execution,
  ExpressionSummaryEntry,
  StageExecution,
} from '@internal/plugin-cd-common';

/** What the engine evaluates expressions with (src/expressions' ExpressionEvaluator fits). */
export interface ExpressionEngine {
  evaluateAll<T>(
    value: T,
    context: Record<string, unknown>,
  ): { value: T; summary: Record<string, ExpressionSummaryEntry[]>; failed: boolean };
  evaluateExpression(expression: string, context: Record<string, unknown>): unknown;
}

/** Spinnaker's expression root: `execution`, `trigger`, `parameters`, the current stage. */
export function expressionContext(
  execution: Execution,
  stage?: StageExecution,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  // Like Orca, the outputs of completed stages are visible as variables.
  const outputs: Record<string, unknown> = {};
  for (const s of execution.stages) {
    if (s.id !== stage?.id && s.endTime && s.outputs) Object.assign(outputs, s.outputs);
  }
  return {
    ...outputs,
    execution,
    trigger: execution.trigger,
    parameters: execution.trigger.parameters ?? {},
    ...(stage ? { currentStage: stage } : {}),
    ...extra,
  };
}

/** The messages of a summary, for exceptions and TaskContext.evaluate. */
export function summaryErrors(summary: Record<string, ExpressionSummaryEntry[]>): string[] {
  return Object.entries(summary).flatMap(([expr, entries]) =>
    entries.filter(e => e.level === 'ERROR').map(e => `${expr}: ${e.description}`),
  );
}

/**
 * `stageEnabled.expression` is written with or without `${ }`; false (or
 * "false") disables the stage. A failing expression disables nothing: it
 * fails the stage, as Orca does.
 */
export function evaluateCondition(
  expressions: ExpressionEngine,
  expression: string,
  context: Record<string, unknown>,
): { value: boolean } | { error: string } {
  try {
    const trimmed = expression.trim();
    let value: unknown;
    if (trimmed.includes('${')) {
      const r = expressions.evaluateAll(trimmed, context);
      if (r.failed) return { error: summaryErrors(r.summary).join('; ') || `cannot evaluate ${trimmed}` };
      value = r.value;
    } else {
      value = expressions.evaluateExpression(trimmed, context);
    }
    if (typeof value === 'string') return { value: value.trim().toLowerCase() === 'true' };
    return { value: value === true };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
