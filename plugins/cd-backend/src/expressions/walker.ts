/**
 * Evaluates the `${…}` of every string in a structure, as Orca does for a
 * stage's context when the stage starts:
 *
 * - A string that is exactly one `${…}` becomes the expression's value, with
 *   its type (number, boolean, list, map).
 * - In longer text each `${…}` is rendered as text: null as empty, lists
 *   joined by commas (Spring's conversion).
 * - If any expression of a string fails, the WHOLE string is left as it was
 *   (as Orca does) and an ERROR entry is recorded under the expression's text.
 * - A whole-string expression whose value is null also leaves the text, with
 *   an INFO entry ("not found"), as Orca does for unknown keys.
 * - Map keys are evaluated too.
 * - An object with `skipExpressionEvaluation: true` (deployManifest's option)
 *   is left untouched, at any depth.
 *
 * The result is a new structure; the input is not modified.
 */
import type { ExpressionSummaryEntry } from '@internal/plugin-cd-common';
import { ExpressionError, isExpressionError } from './errors';
import { childPath } from './paths';
import { containsExpression, splitTemplate } from './template';
import type { ExpressionLimits } from './types';
import { DataMap, defineKey, isMap, ownKeys, templateString } from './values';

export type ExpressionSummary = Record<string, ExpressionSummaryEntry[]>;

export interface EvaluationResult<T> {
  value: T;
  /** Orca's `expressionEvaluationSummary`: entries by expression text. */
  summary: ExpressionSummary;
  /** True when any expression could not be evaluated (what `failOnFailedExpressions` checks). */
  failed: boolean;
}

/** Evaluates one expression's text (without `${ }`); throws ExpressionError. */
export type ExpressionRunner = (expression: string) => unknown;

export const SKIP_FLAG = 'skipExpressionEvaluation';

export function shouldSkip(value: object): boolean {
  return Object.prototype.hasOwnProperty.call(value, SKIP_FLAG) && (value as DataMap)[SKIP_FLAG] === true;
}

class StructureWalker {
  readonly summary: ExpressionSummary = {};
  failed = false;

  constructor(
    private readonly run: ExpressionRunner,
    private readonly limits: Pick<ExpressionLimits, 'maxDataDepth' | 'maxStringLength'>,
  ) {}

  walk(value: unknown, path: string, depth: number): unknown {
    if (depth > this.limits.maxDataDepth) {
      throw new ExpressionError('limit', `Value at '${path}' is nested deeper than ${this.limits.maxDataDepth} levels`);
    }
    if (typeof value === 'string') {
      return containsExpression(value) ? this.evaluateString(value, path) : value;
    }
    if (Array.isArray(value)) {
      return value.map((item, i) => this.walk(item, childPath(path, i), depth + 1));
    }
    if (isMap(value)) {
      if (shouldSkip(value)) return value;
      const result: DataMap = {};
      for (const key of ownKeys(value)) {
        const newKey = containsExpression(key) ? templateString(this.evaluateString(key, path)) : key;
        defineKey(result, newKey, this.walk(value[key], childPath(path, key), depth + 1));
      }
      return result;
    }
    return value;
  }

  private evaluateString(text: string, path: string): unknown {
    let current = text;
    try {
      const segments = splitTemplate(text);
      if (segments.length === 1 && segments[0].kind === 'expression') {
        current = segments[0].expression;
        const value = this.run(current);
        if (value === null || value === undefined) {
          this.record(current, path, {
            level: 'INFO',
            message: `${current.trim()} not found`,
          });
          return text;
        }
        return value;
      }
      let out = '';
      for (const segment of segments) {
        if (segment.kind === 'text') {
          out += segment.text;
        } else {
          current = segment.expression;
          out += templateString(this.run(current));
        }
        if (out.length > this.limits.maxStringLength) {
          throw new ExpressionError('limit', `Text is longer than ${this.limits.maxStringLength} characters`);
        }
      }
      return out;
    } catch (error) {
      if (!isExpressionError(error)) throw error;
      this.record(current === text ? text.slice(text.indexOf('${') + 2) : current, path, {
        level: 'ERROR',
        message: error.message,
        exceptionType: error.exceptionType,
      });
      return text;
    }
  }

  private record(
    expression: string,
    path: string,
    entry: { level: ExpressionSummaryEntry['level']; message: string; exceptionType?: string },
  ): void {
    const key = expression.trim();
    if (!Object.prototype.hasOwnProperty.call(this.summary, key)) {
      defineKey(this.summary, key, []);
    }
    this.summary[key].push({
      description: `Failed to evaluate [${path || 'value'}] ${entry.message}`,
      ...(entry.exceptionType ? { exceptionType: entry.exceptionType } : {}),
      level: entry.level,
      timestamp: Date.now(),
    });
    this.failed = true;
  }
}

export function evaluateStructure<T>(
  value: T,
  run: ExpressionRunner,
  limits: Pick<ExpressionLimits, 'maxDataDepth' | 'maxStringLength'>,
): EvaluationResult<T> {
  const walker = new StructureWalker(run, limits);
  const result = walker.walk(value, '', 0) as T;
  return { value: result, summary: walker.summary, failed: walker.failed };
}
