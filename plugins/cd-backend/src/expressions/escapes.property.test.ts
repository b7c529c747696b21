/**
 * Generated sandbox escapes (the reliability suite's bad-input scenario sends
 * the same kind over HTTP): compositions of the gadgets that reach
 * prototypes, constructors, globals, process, require and Function. Every
 * one must end in an ExpressionError or in plain data, and leave the process
 * as it was: no polluted prototype, no new global, no code run.
 */
import fc from 'fast-check';
import { ExpressionError } from './errors';
import { ExpressionEvaluator } from './evaluator';
import { sampleContext } from './testFixtures';

const evaluator = new ExpressionEvaluator();

const ROOTS = [
  'parameters',
  'trigger',
  'execution',
  'execution.stages[0]',
  "'abc'",
  '{1,2}',
  '{:}',
  '#root',
  '#this',
  '1',
  'true',
  'null',
  "#readJson('{}')",
  'currentStage.context',
];
const ACCESS = [
  '.constructor',
  "['constructor']",
  '.__proto__',
  "['__proto__']",
  '.prototype',
  '.__defineGetter__',
  '.__lookupGetter__',
  '.valueOf',
  '.toString',
  "['constr' + 'uctor']",
  '.?[#this.constructor != null]',
  '.![constructor]',
  '.getClass()',
  '.class',
  '.hasOwnProperty',
  '?.constructor',
  '.bind',
  '.call',
  '.apply',
];
const CALLS = [
  "('return process')()",
  "('return this')()",
  "('x')",
  '()',
  "('process.exit(1)')",
  '',
];
const GLOBALS = [
  'process',
  'require',
  'globalThis',
  'global',
  'module',
  'Function',
  'eval',
  'Reflect',
  'Proxy',
  'Buffer',
  'setTimeout',
  'this',
  "T(java.lang.Runtime).getRuntime().exec('id')",
  "new java.lang.ProcessBuilder('id')",
  'T(System).getenv()',
  '@bean',
  "#{'x'}",
  'Object',
  'Array',
  'JSON',
];
const GLOBAL_TAILS = [
  '',
  '.env',
  '.exit(1)',
  '.mainModule',
  "('child_process')",
  '.constructor',
  "('fs').readFileSync('/etc/passwd')",
  '.prototype.polluted = 1',
];

const escape = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...ROOTS),
      fc.array(fc.constantFrom(...ACCESS), { minLength: 1, maxLength: 3 }),
      fc.constantFrom(...CALLS),
    )
    .map(([root, access, call]) => `${root}${access.join('')}${call}`),
  fc
    .tuple(fc.constantFrom(...GLOBALS), fc.constantFrom(...GLOBAL_TAILS))
    .map(([g, tail]) => `${g}${tail}`),
  // assignments that would pollute Object.prototype if property writes were possible
  fc.constantFrom(...ROOTS).map(root => `${root}.__proto__.polluted = 'yes'`),
  fc
    .constantFrom(...ROOTS)
    .map(root => `${root}['__proto__']['polluted'] = 'yes'`),
);

/** Data the sandbox may hand out: JSON-like, with plain prototypes, no functions anywhere. */
function isPlainData(value: unknown, depth = 0): boolean {
  if (depth > 50) return false;
  if (
    value === null ||
    ['string', 'number', 'boolean', 'undefined'].includes(typeof value)
  )
    return true;
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.every(v => isPlainData(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value as object).every(v => isPlainData(v, depth + 1));
}

describe('generated sandbox escapes', () => {
  const globalsBefore = Object.getOwnPropertyNames(globalThis).sort();
  const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  const exit = process.exit;
  let exitCalled = false;

  beforeAll(() => {
    process.exit = (() => {
      exitCalled = true;
    }) as unknown as typeof process.exit;
  });

  afterAll(() => {
    process.exit = exit;
  });

  it('are refused or give plain data, as bare expressions and inside templates', () => {
    expect(() =>
      fc.assert(
        fc.property(escape, fc.boolean(), (expression, asTemplate) => {
          let result: unknown;
          try {
            if (asTemplate) {
              const r = evaluator.evaluateAll(
                { value: `x \${${expression}} y` },
                sampleContext(),
              );
              result = r.value;
            } else {
              result = evaluator.evaluateExpression(
                expression,
                sampleContext(),
              );
            }
          } catch (error) {
            return error instanceof ExpressionError;
          }
          return isPlainData(result);
        }),
        { numRuns: 1500 },
      ),
    ).not.toThrow();
  });

  it('leave prototypes, globals and the process untouched', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(
      protoBefore,
    );
    expect(Object.getOwnPropertyNames(globalThis).sort()).toEqual(
      globalsBefore,
    );
    expect(exitCalled).toBe(false);
  });
});
