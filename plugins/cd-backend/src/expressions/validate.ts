/**
 * Syntax checking of every `${…}` in a structure, without evaluating
 * anything: used when a pipeline is saved, so that a malformed expression
 * is reported with the path of its field before it can ever run.
 */
import { isExpressionError } from './errors';
import { parseExpression } from './parser';
import { childPath } from './paths';
import { containsExpression, splitTemplate } from './template';
import { DEFAULT_LIMITS, ExpressionLimits } from './types';
import { isMap, ownKeys } from './values';
import { shouldSkip } from './walker';

export interface ExpressionProblem {
  /** JSON path of the field, e.g. `stages[2].waitTime`. */
  path: string;
  /** What is wrong, with the character position in the field's text. */
  message: string;
  /** Offset in the field's text where the problem was found. */
  position?: number;
}

const SHOWN_EXPRESSION_LENGTH = 80;

/**
 * Lists every syntax error in every `${…}` of `value` (strings, and keys of
 * maps; objects with `skipExpressionEvaluation: true` are skipped, as the
 * evaluator skips them). `pathPrefix` is prepended to the reported paths.
 */
export function validateExpressions(
  value: unknown,
  pathPrefix = '',
  limits: Partial<ExpressionLimits> = {},
): ExpressionProblem[] {
  const bounds = { ...DEFAULT_LIMITS, ...limits };
  const problems: ExpressionProblem[] = [];
  const visit = (node: unknown, path: string, depth: number): void => {
    if (depth > bounds.maxDataDepth) {
      problems.push({ path, message: `Value is nested deeper than ${bounds.maxDataDepth} levels` });
      return;
    }
    if (typeof node === 'string') {
      if (containsExpression(node)) problems.push(...checkText(node, path, bounds));
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, childPath(path, i), depth + 1));
    } else if (isMap(node) && !shouldSkip(node)) {
      for (const key of ownKeys(node)) {
        const keyPath = childPath(path, key);
        if (containsExpression(key)) problems.push(...checkText(key, keyPath, bounds));
        visit(node[key], keyPath, depth + 1);
      }
    }
  };
  visit(value, pathPrefix, 0);
  return problems;
}

function checkText(text: string, path: string, limits: ExpressionLimits): ExpressionProblem[] {
  let segments;
  try {
    segments = splitTemplate(text);
  } catch (error) {
    if (!isExpressionError(error)) throw error;
    return [problem(path, text, error.reason, error.position)];
  }
  const problems: ExpressionProblem[] = [];
  for (const segment of segments) {
    if (segment.kind !== 'expression') continue;
    try {
      parseExpression(segment.expression, limits);
    } catch (error) {
      if (!isExpressionError(error)) throw error;
      const position = error.position === undefined ? segment.start : segment.start + error.position;
      problems.push(problem(path, `\${${segment.expression}}`, error.reason, position));
    }
  }
  return problems;
}

function problem(path: string, shown: string, reason: string, position?: number): ExpressionProblem {
  const excerpt =
    shown.length > SHOWN_EXPRESSION_LENGTH ? `${shown.slice(0, SHOWN_EXPRESSION_LENGTH)}…` : shown;
  const where = position === undefined ? '' : ` (at character ${position})`;
  return {
    path,
    message: `Invalid expression ${excerpt}: ${reason}${where}`,
    ...(position === undefined ? {} : { position }),
  };
}
