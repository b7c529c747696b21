/** Property-based tests (fast-check) of the parser, the evaluator and the walker. */
import fc from 'fast-check';
import { ExpressionError } from './errors';
import { ExpressionEvaluator } from './evaluator';
import { parseExpression } from './parser';
import { sampleContext } from './testFixtures';
import { validateExpressions } from './validate';

const evaluator = new ExpressionEvaluator();

/** Fragments that make generated text look like expressions, to reach deep parser paths. */
const FRAGMENTS = [
  'a', 'b', 'parameters', 'trigger', 'execution', 'stages', '#stage', '#toJson', '#root', '#this',
  '1', '2.5', '0x1F', '3L', "'s'", '"d"', "''", 'true', 'null', 'and', 'or', 'not', 'matches',
  'new', 'T', '(', ')', '[', ']', '{', '}', ',', ':', '.', '?.', '?:', '?', '!', '.?[', '.![',
  '==', '<', '+', '-', '*', '/', '%', '^', '#', '@', '$', '=', '__proto__', 'constructor',
  'size()', 'toString()', ' ', "'", '"',
];

const expressionLike = fc
  .array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 })
  .map(parts => parts.join(''));

const anyText = fc.oneof(fc.string(), fc.fullUnicodeString(), expressionLike);

/** 'ok' when the action returns, 'expression-error' when it throws an ExpressionError. */
function outcome(action: () => unknown): string {
  try {
    action();
    return 'ok';
  } catch (error) {
    return error instanceof ExpressionError ? 'expression-error' : `unexpected ${String(error)}`;
  }
}

const EXPECTED_OUTCOMES = ['ok', 'expression-error'];

describe('properties', () => {
  it('(1) the parser fails on arbitrary text with nothing but an ExpressionError', () => {
    fc.assert(
      fc.property(anyText, text => {
        expect(EXPECTED_OUTCOMES).toContain(outcome(() => parseExpression(text)));
      }),
      { numRuns: 3000 },
    );
  });

  it('(1b) evaluating and validating arbitrary text fails only with ExpressionError', () => {
    const context = sampleContext();
    fc.assert(
      fc.property(anyText, text => {
        expect(EXPECTED_OUTCOMES).toContain(outcome(() => evaluator.evaluateExpression(text, context)));
        const problems = validateExpressions(`\${${text}}`);
        expect(Array.isArray(problems)).toBe(true);
        const { value } = evaluator.evaluateAll({ field: `x \${${text}} y`, whole: `\${${text}}` }, context);
        expect(typeof value.field).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('(2) evaluateAll is the identity on JSON without ${', () => {
    const noExpressions = fc.jsonValue().filter(value => !JSON.stringify(value).includes('${'));
    fc.assert(
      fc.property(noExpressions, value => {
        const result = evaluator.evaluateAll(value, sampleContext());
        expect(result.value).toEqual(value);
        expect(result.failed).toBe(false);
        expect(result.summary).toEqual({});
      }),
    );
  });

  it('(3) number and string literals evaluate to themselves', () => {
    const finite = fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter(n => !Object.is(n, -0)),
    );
    fc.assert(
      fc.property(finite, n => {
        expect(evaluator.evaluateExpression(String(n), {})).toBe(n);
      }),
    );
    fc.assert(
      fc.property(fc.fullUnicodeString(), text => {
        const literal = `'${text.replace(/'/g, "''")}'`;
        expect(evaluator.evaluateExpression(literal, {})).toBe(text);
        const doubleQuoted = `"${text.replace(/"/g, '""')}"`;
        expect(evaluator.evaluateExpression(doubleQuoted, {})).toBe(text);
        // Inside a template too: quotes protect any braces in the text.
        expect(evaluator.evaluateAll(`\${${literal}}`, {}).value).toBe(text);
      }),
    );
  });

  it('(4) a whole-string expression keeps the type of its value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), value => {
        const context = { value };
        const input = { field: '${value}', indexed: "${#root['value']}" };
        const result = evaluator.evaluateAll(input, context);
        // A null result leaves the text in place (Orca); anything else replaces it, type and all.
        const expected = value === null ? input : { field: value, indexed: value };
        expect(result.value).toEqual(expected);
        expect(typeof result.value.field).toBe(typeof expected.field);
        expect(result.failed).toBe(value === null);
      }),
    );
  });
});
