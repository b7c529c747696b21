/**
 * Finds the `${…}` parts of a string the way Spring's template parser does:
 * the closing `}` is the first one outside brackets and quotes, so
 * `${ {'a': '}'}['a'] }` is one expression. No escape exists for `${`.
 */
import { ExpressionError } from './errors';

export type TemplateSegment =
  | { kind: 'text'; text: string; start: number }
  | {
      kind: 'expression';
      /** The text between `${` and `}`, untrimmed so positions stay exact. */
      expression: string;
      /** Offset of `expression` in the whole string. */
      start: number;
    };

export const EXPRESSION_PREFIX = '${';

export function containsExpression(text: string): boolean {
  return text.includes(EXPRESSION_PREFIX);
}

/** Splits a string into text and expressions. Throws ExpressionError (absolute positions). */
export function splitTemplate(text: string): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  let position = 0;
  while (position < text.length) {
    const prefix = text.indexOf(EXPRESSION_PREFIX, position);
    if (prefix < 0) {
      segments.push({ kind: 'text', text: text.slice(position), start: position });
      break;
    }
    if (prefix > position) {
      segments.push({ kind: 'text', text: text.slice(position, prefix), start: position });
    }
    const start = prefix + EXPRESSION_PREFIX.length;
    const end = findClosingBrace(text, start, prefix);
    const expression = text.slice(start, end);
    if (expression.trim() === '') {
      throw new ExpressionError('syntax', "No expression defined within delimiter '${}'", prefix);
    }
    segments.push({ kind: 'expression', expression, start });
    position = end + 1;
  }
  return segments;
}

const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

function findClosingBrace(text: string, start: number, prefix: number): number {
  const open: Array<{ char: string; at: number }> = [];
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') {
      open.push({ char: c, at: i });
    } else if (c === ')' || c === ']' || c === '}') {
      const last = open.pop();
      if (!last) {
        if (c === '}') return i;
        throw new ExpressionError('syntax', `Found closing '${c}' without an opening one`, i);
      }
      if (CLOSING[last.char] !== c) {
        throw new ExpressionError(
          'syntax',
          `Found closing '${c}' but '${last.char}' (at character ${last.at}) is still open`,
          i,
        );
      }
    } else if (c === "'" || c === '"') {
      // A doubled quote is an escaped quote: it closes and reopens the literal.
      const close = text.indexOf(c, i + 1);
      if (close < 0) {
        throw new ExpressionError('syntax', 'Found a string literal that is not terminated', i);
      }
      i = close;
    }
  }
  if (open.length > 0) {
    const last = open[open.length - 1];
    throw new ExpressionError('syntax', `Missing closing '${CLOSING[last.char]}' for '${last.char}'`, last.at);
  }
  throw new ExpressionError('syntax', "No ending '}' for the expression", prefix);
}
