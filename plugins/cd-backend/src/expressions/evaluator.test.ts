import { ExpressionError } from './errors';
import { ExpressionEvaluator } from './evaluator';
import { sampleContext } from './testFixtures';
import type { ExpressionContext } from './types';

const evaluator = new ExpressionEvaluator();
const ev = (expression: string, context: ExpressionContext = sampleContext()) =>
  evaluator.evaluateExpression(expression, context);

function errorOf(expression: string, context: ExpressionContext = sampleContext()): ExpressionError {
  try {
    ev(expression, context);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error(`expected '${expression}' to fail`);
}

describe('examples Spinnaker users write', () => {
  it.each<[string, unknown]>([
    ['trigger.parameters.version', '1.4.2'],
    ["parameters['env'] == 'prod'", true],
    ["#stage('Deploy')['context']['manifests'][0].metadata.name", 'shop-web'],
    ["#stage('Deploy').context.outputs?.replicas ?: 1", 3],
    ["#stage('Bake').context.outputs?.replicas ?: 1", 1],
    ["execution.stages.?[type == 'deployManifest'].size()", 1],
    ["execution.stages.![name]", ['Bake', 'Deploy', 'Approve', 'Notify']],
    ["#judgment('Approve') == 'continue'", true],
    ["#judgement('Approve')", 'continue'],
    ["'prefix-' + parameters.tag.toLowerCase()", 'prefix-v12-rc'],
    ["parameters.tag matches '^V[0-9]+.*'", true],
    ["parameters.tag matches 'V1'", false],
    ['#toJson(trigger.parameters.env)', '"prod"'],
    ['#alphanumerical(parameters.branch)', 'featureABC12x'],
    ['trigger.parameters.count > 3 and not #toBoolean(parameters.dryRun)', true],
    ['{1,2,3}', [1, 2, 3]],
    ["{'a': 1}['a']", 1],
    ["#stageByRefId('2').status.toString() == 'SUCCEEDED'", true],
    ["#currentStage()['name']", 'Notify'],
    ['deployedServerGroups[0].serverGroup', 'shop-web-v007'],
  ])('%s', (expression, expected) => {
    expect(ev(expression)).toEqual(expected);
  });

  it('serialises whole objects with #toJson', () => {
    expect(JSON.parse(ev('#toJson(trigger)') as string)).toEqual(sampleContext().trigger);
  });

  it('refuses new and T()', () => {
    expect(errorOf("new java.lang.String('x')").kind).toBe('forbidden');
    expect(errorOf('T(java.lang.Runtime).getRuntime()').kind).toBe('forbidden');
  });
});

describe('literals', () => {
  it.each<[string, unknown]>([
    ['42', 42],
    ['42L', 42],
    ['3.25', 3.25],
    ['1e3', 1000],
    ['2.5E-1', 0.25],
    ['1.5f', 1.5],
    ['0x1F', 31],
    ["'it''s'", "it's"],
    ['"say ""hi"""', 'say "hi"'],
    ["'double \" inside single'", 'double " inside single'],
    ['true', true],
    ['FALSE', false],
    ['null', null],
    ['{}', []],
    ['{:}', {}],
    ["{name: 'x', 'b': {1, {2}}}", { name: 'x', b: [1, [2]] }],
    ["{1 + 1: 'two'}", { 2: 'two' }],
  ])('%s', (expression, expected) => {
    expect(ev(expression)).toEqual(expected);
  });
});

describe('arithmetic', () => {
  it.each<[string, unknown]>([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['7 / 2', 3.5],
    ['7 % 3', 1],
    ['7 mod 3', 1],
    ['8 div 2', 4],
    ['2 ^ 10', 1024],
    ['-2 ^ 2', 4],
    ['-(2 + 3)', -5],
    ['+4', 4],
    ["'a' + 1", 'a1'],
    ["1 + 'a'", '1a'],
    ["'a' + null", 'anull'],
    ["'a' + true", 'atrue'],
    ["'ids: ' + {1, 2}", 'ids: [1, 2]'],
    ["'m: ' + {'k': 'v'}", 'm: {k=v}'],
    ["'ab' * 3", 'ababab'],
  ])('%s', (expression, expected) => {
    expect(ev(expression)).toEqual(expected);
  });

  it('fails on division by zero and on non-numbers', () => {
    expect(errorOf('1 / 0').reason).toMatch(/Division by zero/);
    expect(errorOf('1 % 0').reason).toMatch(/Division by zero/);
    expect(errorOf('{1} - 1').reason).toMatch(/not supported between List and Integer/);
    expect(errorOf('null + 1').kind).toBe('evaluation');
    expect(errorOf("-'a'").kind).toBe('evaluation');
    expect(errorOf('10 ^ 400').reason).toMatch(/out of range/);
  });
});

describe('comparisons', () => {
  it.each<[string, unknown]>([
    ['1 == 1', true],
    ['1 == 1.0', true],
    ["'1' == 1", false],
    ['null == null', true],
    ["null == 'x'", false],
    ['{1, 2} == {1, 2}', true],
    ["{'a': {1}} == {'a': {1}}", true],
    ['1 != 2', true],
    ['1 < 2', true],
    ['2 <= 2', true],
    ['3 > 2', true],
    ['2 >= 3', false],
    ["'abc' < 'abd'", true],
    ['1 lt 2', true],
    ['1 gt 2', false],
    ['2 le 2', true],
    ['2 ge 3', false],
    ['1 eq 1', true],
    ['1 ne 1', false],
    ['null < 1', true],
    ['false < true', true],
    ['3 between {1, 5}', true],
    ["'z' between {'a', 'c'}", false],
  ])('%s', (expression, expected) => {
    expect(ev(expression)).toBe(expected);
  });

  it('refuses to compare different kinds', () => {
    expect(errorOf("'3' > 2").reason).toMatch(/Cannot compare String with Integer/);
    expect(errorOf('{1} < {2}').reason).toMatch(/Cannot compare List with List/);
  });
});

describe('logic', () => {
  it.each<[string, unknown]>([
    ['true and false', false],
    ['true && true', true],
    ['false or true', true],
    ['false || false', false],
    ['not false', true],
    ['!true', false],
    ['NOT true OR true', true],
    ["'yes' and 'on'", true],
    ["'false' or false", false],
    ['false and #unknownFunction()', false],
    ['true or #unknownFunction()', true],
    ['1 > 0 ? "big" : "small"', 'big'],
    ["false ? 'a' : true ? 'b' : 'c'", 'b'],
    ["null ?: 'fallback'", 'fallback'],
    ["'' ?: 'empty counts as absent'", 'empty counts as absent'],
    ["'value' ?: 'fallback'", 'value'],
    ['0 ?: 5', 0],
    ['false ?: true', false],
  ])('%s', (expression, expected) => {
    expect(ev(expression)).toBe(expected);
  });

  it('needs booleans (or Spring boolean words) as conditions', () => {
    expect(errorOf('1 and true').reason).toMatch(/must be a boolean, not Integer/);
    expect(errorOf("'maybe' ? 1 : 2").reason).toMatch(/must be a boolean, not String 'maybe'/);
    expect(errorOf('null or true').kind).toBe('evaluation');
  });
});

describe('property access, indexing and safe navigation', () => {
  const ctx: ExpressionContext = {
    a: { b: { c: 'deep' }, list: [10, 20, 30], nil: null, 'dotted.key': 1 },
    text: 'hello',
  };

  it.each<[string, unknown]>([
    ['a.b.c', 'deep'],
    ["a['b']['c']", 'deep'],
    ["a['dotted.key']", 1],
    ['a.list[1]', 20],
    ["a.list['2']", 30],
    ['text[1]', 'e'],
    ['a.missing', null],
    ["a['missing']", null],
    ['a.nil?.x', null],
    ['a.nil?.size()', null],
    ['a.missing?.x?.y', null],
    ['#root.text', 'hello'],
    ['#this.text', 'hello'],
    ['unknownRootName', null],
  ])('%s', (expression, expected) => {
    expect(ev(expression, ctx)).toEqual(expected);
  });

  it('fails on null without safe navigation, and out of bounds', () => {
    expect(errorOf('a.nil.x', ctx).reason).toBe("Property or field 'x' cannot be found on null");
    expect(errorOf('a.nil.size()', ctx).reason).toMatch(/cannot be called on null/);
    expect(errorOf('a.nil[0]', ctx).reason).toMatch(/Cannot index into a null value/);
    expect(errorOf('a.list[3]', ctx).reason).toMatch(/out of bounds/);
    expect(errorOf('a.list[-1]', ctx).reason).toMatch(/out of bounds/);
    expect(errorOf("a.list['x']", ctx).reason).toMatch(/cannot be indexed by String/);
    expect(errorOf('text.foo', ctx).reason).toMatch(/cannot be found on object of type 'String'/);
    expect(errorOf('a.list.length', ctx).reason).toMatch(/cannot be found on object of type 'List'/);
    expect(errorOf('(1)[0]', ctx).reason).toMatch(/Indexing into type 'Integer'/);
  });

  it('reports missing keys as errors when allowUnknownKeys is off', () => {
    const strict = new ExpressionEvaluator({ allowUnknownKeys: false });
    expect(() => strict.evaluateExpression('a.missing', ctx)).toThrow(
      "Property or field 'missing' cannot be found on object of type 'Map'",
    );
    expect(strict.evaluateExpression("a['missing']", ctx)).toBeNull();
  });

  it('gives error positions', () => {
    const error = errorOf('a.b.c + a.nil.x', ctx);
    expect(error.position).toBe(14);
  });

  it('falls back to execution.trigger and trigger.parameters', () => {
    const { execution } = sampleContext();
    expect(ev('parameters.env', { execution })).toBe('prod');
    expect(ev('trigger.user', { execution })).toBe('user:default/alice');
  });

  it('returns copies, never the context objects themselves', () => {
    const context = sampleContext();
    const trigger = ev('trigger', context) as { parameters: Record<string, unknown> };
    trigger.parameters.env = 'changed';
    expect(context.parameters!.env).toBe('prod');
  });
});

describe('selection and projection', () => {
  const ctx: ExpressionContext = {
    numbers: [1, 2, 3, 4, 5],
    people: [
      { name: 'ann', age: 31 },
      { name: 'bob', age: 17 },
      { name: 'cy', age: 45 },
    ],
    scores: { ann: 3, bob: 9, cy: 7 },
  };

  it.each<[string, unknown]>([
    ['numbers.?[#this > 2]', [3, 4, 5]],
    ['numbers.^[#this > 2]', 3],
    ['numbers.$[#this > 2]', 5],
    ['numbers.^[#this > 9]', null],
    ['people.?[age >= 18].![name]', ['ann', 'cy']],
    ["people.![name.toUpperCase() + '!']", ['ANN!', 'BOB!', 'CY!']],
    ['people.?[age > #root.numbers[3]].size()', 3],
    ['scores.?[value > 5]', { bob: 9, cy: 7 }],
    ['scores.^[value > 5]', { bob: 9 }],
    ['scores.![key]', ['ann', 'bob', 'cy']],
    ['missing?.?[true]', null],
    ['missing?.![#this]', null],
  ])('%s', (expression, expected) => {
    expect(ev(expression, ctx)).toEqual(expected);
  });

  it('needs a boolean criterion and a collection', () => {
    expect(errorOf('numbers.?[#this]', ctx).reason).toMatch(/must give a boolean/);
    expect(errorOf("'abc'.?[true]", ctx).reason).toMatch(/only supported on lists and maps/);
    expect(errorOf('numbers.![#this].size() + missing.![x]', ctx).kind).toBe('evaluation');
  });
});

describe('string methods', () => {
  it.each<[string, unknown]>([
    ["'AbC'.toLowerCase()", 'abc'],
    ["'AbC'.toUpperCase()", 'ABC'],
    ["'abc'.startsWith('ab')", true],
    ["'abc'.startsWith('c', 2)", true],
    ["'abc'.endsWith('bc')", true],
    ["'abc'.contains('b')", true],
    ["'abcdef'.substring(2)", 'cdef'],
    ["'abcdef'.substring(1, 3)", 'bc'],
    ["'abcabc'.indexOf('c')", 2],
    ["'abcabc'.indexOf('c', 3)", 5],
    ["'abcabc'.lastIndexOf('a')", 3],
    ["'abc'.length()", 3],
    ["'  a b  '.trim()", 'a b'],
    ["' x '.strip()", 'x'],
    ["'a.b.c'.replace('.', '-')", 'a-b-c'],
    ["'ab'.replace('', '-')", '-a-b-'],
    ["'v1.2.3'.replaceAll('[^0-9]', '')", '123'],
    ["'john smith'.replaceAll('(\\w+) (\\w+)', '$2, $1')", 'smith, john'],
    ["'a1b2'.replaceAll('[0-9]', '\\$')", 'a$b$'],
    ["'aaa'.replaceFirst('a', 'b')", 'baa'],
    ["'a,b,,c,,'.split(',')", ['a', 'b', '', 'c']],
    ["'a1b22c'.split('[0-9]+')", ['a', 'b', 'c']],
    ["'abc'.split('')", ['a', 'b', 'c']],
    ["'abc'.equals('abc')", true],
    ["'ABC'.equalsIgnoreCase('abc')", true],
    ["''.isEmpty()", true],
    ["'  '.isBlank()", true],
    ["'abc'.toString()", 'abc'],
    ["'abc'.charAt(1)", 'b'],
    ["'ab'.concat('cd')", 'abcd'],
    ["'release-1'.matches('release-[0-9]+')", true],
    ["'(?i)x' matches 'X'", false],
    ["'X' matches '(?i)x'", true],
  ])('%s', (expression, expected) => {
    expect(ev(expression, {})).toEqual(expected);
  });

  it('applies Java bounds and signatures', () => {
    expect(errorOf("'abc'.substring(2, 1)", {}).reason).toMatch(/out of bounds/);
    expect(errorOf("'abc'.charAt(3)", {}).reason).toMatch(/out of bounds/);
    expect(errorOf("'abc'.startsWith(1)", {}).reason).toBe(
      'Method startsWith(Integer) cannot be found on type String',
    );
    expect(errorOf("'abc'.length(1)", {}).kind).toBe('evaluation');
  });
});

describe('list, map, number and boolean methods', () => {
  const ctx: ExpressionContext = { list: [3, 1, 2], map: { a: 1, b: { c: 2 } } };

  it.each<[string, unknown]>([
    ['list.size()', 3],
    ['list.isEmpty()', false],
    ['list.contains(2)', true],
    ['{{1}}.contains({1})', true],
    ['list.get(0)', 3],
    ['list.indexOf(2)', 2],
    ['list.subList(1, 3)', [1, 2]],
    ['list.toString()', '[3, 1, 2]'],
    ['list.equals({3, 1, 2})', true],
    ['map.size()', 2],
    ['{:}.isEmpty()', true],
    ["map.containsKey('a')", true],
    ["map.containsKey('toString')", false],
    ['map.containsValue(1)', true],
    ["map.get('b').get('c')", 2],
    ["map.get('zz')", null],
    ["map.getOrDefault('zz', 5)", 5],
    ['map.keySet()', ['a', 'b']],
    ['map.values()', [1, { c: 2 }]],
    ['map.toString()', '{a=1, b={c=2}}'],
    ['(2.7).intValue()', 2],
    ['(-2.7).longValue()', -2],
    ['(2).doubleValue()', 2],
    ['(2.5).floatValue()', 2.5],
    ['(42).toString()', '42'],
    ['(1).equals(1)', true],
    ['true.toString()', 'true'],
    ['true.booleanValue()', true],
    ['false.equals(false)', true],
  ])('%s', (expression, expected) => {
    expect(ev(expression, ctx)).toEqual(expected);
  });

  it('applies bounds', () => {
    expect(errorOf('list.get(3)', ctx).reason).toMatch(/out of bounds/);
    expect(errorOf('list.subList(2, 1)', ctx).reason).toMatch(/out of bounds/);
  });
});

describe('custom functions', () => {
  it('calls functions given in the options', () => {
    const custom = new ExpressionEvaluator({
      functions: { pipelineId: (name: unknown) => `id-of-${String(name)}`, twice: (n: unknown) => Number(n) * 2 },
    });
    expect(custom.evaluateExpression("#pipelineId('deploy')", {})).toBe('id-of-deploy');
    expect(custom.evaluateExpression('#twice(#twice(2))', {})).toBe(8);
    expect(custom.functionNames).toContain('pipelineId');
  });

  it('turns a thrown error into a function error, and refuses non-data results', () => {
    const custom = new ExpressionEvaluator({
      functions: {
        boom: () => {
          throw new Error('kaput');
        },
        leak: () => () => 1,
      },
    });
    expect(() => custom.evaluateExpression('#boom()', {})).toThrow('#boom() failed: kaput');
    expect(() => custom.evaluateExpression('#leak()', {})).toThrow(/not data/);
  });

  it('rejects bad function names', () => {
    expect(() => new ExpressionEvaluator({ functions: { 'bad name': () => 1 } })).toThrow(TypeError);
  });

  it('reports unknown functions and variables', () => {
    expect(errorOf('#nope()').reason).toBe('Unknown function #nope()');
    expect(errorOf('#nope').reason).toBe('Unknown variable #nope');
    expect(errorOf('#stage').reason).toMatch(/is a function/);
  });
});
