/**
 * Attempts to get out of the sandbox: every one must end in an
 * ExpressionError (or a harmless null), never in code execution, a leaked
 * function, a polluted prototype or a crashed process.
 */
import { ExpressionError } from './errors';
import { ExpressionEvaluator } from './evaluator';
import { sampleContext } from './testFixtures';
import type { ExpressionContext } from './types';

const evaluator = new ExpressionEvaluator();

function refusal(expression: string, context: ExpressionContext = sampleContext()): ExpressionError {
  try {
    evaluator.evaluateExpression(expression, context);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error(`expected '${expression}' to be refused`);
}

describe('prototypes and constructors', () => {
  it.each([
    '__proto__',
    'parameters.__proto__',
    "parameters['__proto__']",
    'parameters.constructor',
    "parameters['constructor']",
    "parameters['constr' + 'uctor']",
    'parameters.constructor.constructor',
    "'abc'.constructor",
    "'abc'['constructor']",
    '{1}.constructor',
    '{:}.__proto__',
    '#root.constructor',
    '#this.__proto__',
    'execution.stages[0].prototype',
    'parameters.__defineGetter__',
    "{1,2}.?[#this.constructor == null]",
  ])('%s is refused', expression => {
    expect(refusal(expression).kind).toBe('forbidden');
  });
});

describe('globals', () => {
  it.each(['process', 'require', 'globalThis', 'global', 'this', 'module', 'Function', 'eval'])(
    '%s is an unknown name, not the global',
    name => {
      expect(evaluator.evaluateExpression(name, sampleContext())).toBeNull();
    },
  );

  it.each([
    "require('child_process')",
    "process.exit(1)",
    "eval('1')",
    "globalThis.process.exit()",
    "Function('return process')()",
    "trigger.constructor.constructor('return process')()",
    "parameters.toString.constructor('return process')()",
  ])('%s fails', expression => {
    expect(refusal(expression)).toBeInstanceOf(ExpressionError);
  });
});

describe('methods not on the allow-list', () => {
  it.each([
    "'a'.getClass()",
    "'a'.repeat(3)",
    "'a'.valueOf()",
    "'a'.constructor('x')",
    '{1}.push(2)',
    '{1}.map(1)',
    '{1}.join()',
    "{:}.hasOwnProperty('x')",
    "{:}.put('a', 1)",
    '(1).toFixed(2)',
    'true.valueOf()',
    'valueOf()',
    "hasOwnProperty('x')",
    "#stage('Deploy').getContext()",
  ])('%s is refused', expression => {
    expect(refusal(expression).kind).toBe('forbidden');
  });
});

describe('context values that are not plain data', () => {
  it('refuses functions in the context and never calls getters', () => {
    let getterCalled = false;
    const context: ExpressionContext = { fn: () => 'secret' };
    Object.defineProperty(context, 'getter', {
      enumerable: true,
      get: () => {
        getterCalled = true;
        return 'secret';
      },
    });
    expect(refusal('fn', context).kind).toBe('forbidden');
    expect(refusal('fn()', context).kind).toBe('forbidden');
    expect(evaluator.evaluateExpression('getter', context)).toBeNull();
    expect(getterCalled).toBe(false);
  });

  it('does not see inherited or non-enumerable properties', () => {
    const context = Object.create({ inherited: 'secret' }) as ExpressionContext;
    Object.defineProperty(context, 'hidden', { value: 'secret', enumerable: false });
    context.own = 'visible';
    expect(evaluator.evaluateExpression('inherited', context)).toBeNull();
    expect(evaluator.evaluateExpression('hidden', context)).toBeNull();
    expect(evaluator.evaluateExpression("#root['inherited']", context)).toBeNull();
    expect(evaluator.evaluateExpression('own', context)).toBe('visible');
  });

  it('does not reach class methods', () => {
    class Service {
      name = 'svc';
      shutdown(): string {
        return 'stopped';
      }
    }
    const context: ExpressionContext = { service: new Service() };
    expect(evaluator.evaluateExpression('service.name', context)).toBe('svc');
    expect(evaluator.evaluateExpression('service.shutdown', context)).toBeNull();
    expect(refusal('service.shutdown()', context).kind).toBe('forbidden');
  });
});

describe('prototype pollution', () => {
  const expectUnpolluted = () =>
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

  it('keeps __proto__ map keys as data', () => {
    const value = evaluator.evaluateExpression("{'__proto__': {'polluted': true}}", {});
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toEqual(['__proto__']);
    expectUnpolluted();
  });

  it('keeps __proto__ from #readJson as data', () => {
    const value = evaluator.evaluateExpression('#readJson(\'{"__proto__": {"polluted": true}}\')', {});
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expectUnpolluted();
  });

  it('keeps __proto__ in walked structures as data', () => {
    const input = JSON.parse('{"__proto__": {"polluted": "${1}"}}');
    const { value } = evaluator.evaluateAll(input, {});
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: 1 });
    expectUnpolluted();
  });
});

describe('language features that reach Java in SpEL', () => {
  it.each([
    ["new java.lang.String('x')", /Constructor calls/],
    ['NEW java.util.ArrayList()', /Constructor calls/],
    ['T(java.lang.Runtime).getRuntime()', /Type references/],
    ["T(java.lang.System).getenv('HOME')", /Type references/],
    ['@myBean.doSomething()', /Bean references/],
    ['&myFactory', /Bean references/],
    ["parameters.env = 'x'", /Assignment/],
    ['parameters.count++', /'\+\+' is not supported/],
    ['--parameters.count', /'--' is not supported/],
    ["'a' instanceof T(String)", /instanceof/],
  ])('%s', (expression, message) => {
    const error = refusal(expression as string);
    expect(error.kind).toBe('forbidden');
    expect(error.reason).toMatch(message as RegExp);
  });
});

describe('denial of service', () => {
  it('bounds string growth', () => {
    expect(refusal("'a' * 100000000").kind).toBe('limit');
    expect(refusal("'ab' * 600000").kind).toBe('limit');
    const small = new ExpressionEvaluator({ limits: { maxStringLength: 100 } });
    expect(() =>
      small.evaluateExpression("'0123456789' + '0123456789' * 9 + 'x'", {}),
    ).toThrow(/limit is 100/);
    expect(() => small.evaluateExpression("'0123456789'.replace('', '0123456789')", {})).toThrow(/limit is 100/);
    expect(() => small.evaluateExpression("'x'.concat('y' * 100)", {})).toThrow(/limit is 100/);
    expect(() => small.evaluateExpression(`'aaaa'.replaceAll('a', '${'x'.repeat(30)}')`, {})).toThrow(
      /more than 100 characters/,
    );
    expect(() => small.evaluateExpression(`'aaaa'.replace('a', '${'x'.repeat(30)}')`, {})).toThrow(
      /limit is 100/,
    );
  });

  it('bounds evaluation steps', () => {
    const list = Array.from({ length: 60_000 }, (_, i) => i);
    const error = refusal('list.![#this].![#this]', { list });
    expect(error.kind).toBe('limit');
    expect(error.reason).toMatch(/100000 evaluation steps/);
  });

  it('bounds the expression length', () => {
    expect(refusal(`'${'a'.repeat(10_001)}'`).kind).toBe('limit');
  });

  it.each([
    ['parentheses', `${'('.repeat(5000)}1${')'.repeat(5000)}`],
    ['unary operators', `${'!'.repeat(9000)}true`],
    ['inline lists', `${'{'.repeat(4000)}${'}'.repeat(4000)}`],
    ['property chains', `a${'.b'.repeat(4000)}`],
    ['operator chains', `1${'+1'.repeat(4000)}`],
    ['ternaries', `${'true ? '.repeat(500)}1${' : 0'.repeat(500)}`],
    ['function arguments', `${'#toJson('.repeat(1000)}1${')'.repeat(1000)}`],
  ])('caps nesting of %s', (_, expression) => {
    expect(refusal(expression, {}).kind).toBe('limit');
  });

  it('caps the depth of data it copies, compares or serialises', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20_000; i++) deep = { next: deep };
    const context = { deep };
    expect(refusal('deep', context).kind).toBe('limit');
    expect(refusal('#toJson(deep)', context).kind).toBe('limit');
    expect(refusal('deep == deep', context).kind).toBe('limit');
    expect(refusal("'' + deep", context).kind).toBe('limit');
    expect(evaluator.evaluateExpression('deep.next.next.next == null', context)).toBe(false);
  });

  it('survives cyclic data', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(evaluator.evaluateExpression('self.self.name', { cyclic, ...cyclic })).toBe('loop');
    expect(refusal('#toJson(self)', { ...cyclic }).kind).toBe('limit');
  });

  it('refuses regular expressions at risk of catastrophic backtracking', () => {
    const subject = `'${'a'.repeat(40)}!'`;
    for (const pattern of ['(a+)+$', '(a*)*b', '(a|aa)*c', '(\\w+\\s?)*$', '(.*a){2,}x', '(a)\\1', '(?<x>a)\\k<x>']) {
      const started = Date.now();
      const error = refusal(`${subject} matches '${pattern}'`, {});
      expect(error.kind).toBe('forbidden');
      expect(Date.now() - started).toBeLessThan(1000);
    }
    expect(refusal(`${subject}.replaceAll('(a+)+', 'b')`, {}).kind).toBe('forbidden');
    expect(refusal(`${subject}.split('(a|b)+')`, {}).kind).toBe('forbidden');
  });

  it('bounds regular expression and input lengths', () => {
    expect(refusal(`'a' matches '${'a'.repeat(501)}'`, {}).kind).toBe('limit');
    expect(refusal(`text matches 'a.*'`, { text: 'a'.repeat(10_001) }).kind).toBe('limit');
    expect(refusal(`'a' matches '(unclosed'`, {}).reason).toMatch(/Invalid regular expression/);
  });
});
