import { ExpressionError } from './errors';
import { ExpressionEvaluator } from './evaluator';
import { sampleContext, sampleExecution } from './testFixtures';
import type { ExpressionContext } from './types';

const evaluator = new ExpressionEvaluator();
const ev = (expression: string, context: ExpressionContext = sampleContext()) =>
  evaluator.evaluateExpression(expression, context);

function failure(expression: string, context: ExpressionContext = sampleContext()): ExpressionError {
  try {
    ev(expression, context);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error(`expected '${expression}' to fail`);
}

describe('stage helpers', () => {
  it('#stage finds a stage by name or id, with context and outputs', () => {
    expect(ev("#stage('Deploy').refId")).toBe('2');
    expect(ev("#stage('s2').name")).toBe('Deploy');
    expect(ev("#stage('Deploy').context.account")).toBe('local');
    expect(ev("#stage('Deploy')['outputs']['manifestNamesByNamespace']['production'][0]")).toBe(
      'deployment shop-web',
    );
    expect(ev("#stage('Bake').outputs.artifacts.![reference]")).toEqual(['ghcr.io/acme/shop:1.4.2']);
    expect(ev("#stage('Deploy').hasSucceeded")).toBe(true);
    expect(ev("#stage('Deploy').hasFailed")).toBe(false);
    expect(ev("#stage('Notify').status")).toBe('RUNNING');
    expect(ev("#stage('Deploy').requisiteStageRefIds")).toEqual(['1']);
  });

  it('#stage fails like Orca when the stage is missing', () => {
    const error = failure("#stage('Nope')");
    expect(error.kind).toBe('function');
    expect(error.exceptionType).toBe('SpelHelperFunctionException');
    expect(error.reason).toBe('Unable to locate [Nope] using #stage(Nope) in execution exec-1');
  });

  it('#stage needs an execution and one argument', () => {
    expect(failure("#stage('Deploy')", {}).reason).toMatch(/needs an execution/);
    expect(failure('#stage()').reason).toMatch(/takes 1 argument/);
    expect(failure("#stage('a', 'b')").reason).toMatch(/takes 1 argument/);
    expect(failure('#stage({1})').reason).toMatch(/expects a String, not List/);
  });

  it('#stageByRefId finds by refId, converting numbers like SpEL', () => {
    expect(ev("#stageByRefId('3').name")).toBe('Approve');
    expect(ev('#stageByRefId(3).name')).toBe('Approve');
    expect(failure("#stageByRefId('9')").reason).toBe(
      'Unable to locate [9] using #stageByRefId(9) in execution exec-1',
    );
    expect(failure('#stageByRefId(null)').reason).toMatch(/must not be null/);
  });

  it('#stageExists checks names and ids', () => {
    expect(ev("#stageExists('Bake')")).toBe(true);
    expect(ev("#stageExists('s4')")).toBe(true);
    expect(ev("#stageExists('Nope')")).toBe(false);
    expect(ev('#stageExists(null)')).toBe(false);
  });

  it('#currentStage returns the stage being evaluated', () => {
    expect(ev('#currentStage().context.waitTime')).toBe(30);
    expect(failure('#currentStage()', { execution: sampleExecution() }).reason).toMatch(
      /needs the current stage/,
    );
  });

  it('#judgment returns the judgment input of a manual judgment stage', () => {
    expect(ev("#judgment('Approve')")).toBe('continue');
    expect(failure("#judgment('Deploy')").reason).toMatch(
      /Unable to locate manual Judgment stage \[Deploy\]/,
    );
  });

  it('#manifestLabelValue reads a pod template label of a deployed manifest', () => {
    expect(ev("#manifestLabelValue('Deploy', 'Deployment', 'tier')")).toBe('web');
    expect(failure("#manifestLabelValue('Deploy', 'Service', 'tier')").reason).toMatch(
      /No manifest of kind Service/,
    );
    expect(failure("#manifestLabelValue('Deploy', 'Deployment', 'zone')").reason).toMatch(
      /Label zone not found/,
    );
    expect(failure("#manifestLabelValue('Bake', 'Deployment', 'tier')").reason).toMatch(
      /Deploy Manifest stage/,
    );
  });

  it('deployedServerGroups lists succeeded deploy stages', () => {
    expect(ev('deployedServerGroups')).toEqual([
      {
        account: 'local',
        capacity: null,
        parentStage: null,
        region: 'production',
        serverGroup: 'shop-web-v007',
        deployments: [],
      },
    ]);
    expect(ev("#deployedServerGroups('Deploy').size()")).toBe(1);
    expect(ev("#deployedServerGroups('Bake').size()")).toBe(0);
    expect(ev('deployedServerGroups', { deployedServerGroups: ['from the engine'] })).toEqual([
      'from the engine',
    ]);
  });
});

describe('conversion helpers', () => {
  it.each<[string, unknown]>([
    ["#toInt('42')", 42],
    ["#toInt('-7')", -7],
    ['#toInt(5)', 5],
    ["#toFloat('1.5')", 1.5],
    ["#toFloat(' 2e3 ')", 2000],
    ["#toFloat('3f')", 3],
    ["#toBoolean('TRUE')", true],
    ["#toBoolean('yes')", false],
    ['#toBoolean(null)', false],
    ['#toBoolean(true)', true],
    ["#alphanumerical('a-b_c.1 2')", 'abc12'],
    ["#toBase64('héllo')", 'aMOpbGxv'],
    ["#fromBase64('aMOpbGxv')", 'héllo'],
    ["#fromBase64('YQ')", 'a'],
    ["#toJson({'a': {1, 'x'}, 'b': null})", '{"a":[1,"x"],"b":null}'],
    ["#readJson('{\"a\": [1, 2]}').a[1]", 2],
    ["#readJson('[1]')", [1]],
    ["#readYaml('a:\n  - b: 1')", { a: [{ b: 1 }] }],
  ])('%s', (expression, expected) => {
    expect(ev(expression)).toEqual(expected);
  });

  it.each([
    ["#toInt('4.2')", /not an integer/],
    ["#toInt('2147483648')", /not an integer/],
    ["#toInt(' 1')", /not an integer/],
    ['#toInt(null)', /not an integer/],
    ["#toFloat('abc')", /not a number/],
    ["#toFloat('NaN')", /not a number/],
    ["#fromBase64('a')", /not valid Base64/],
    ["#fromBase64('a b=')", /not valid Base64/],
    ["#fromBase64('YQ=')", /not valid Base64/],
    ["#readJson('{oops')", /could not parse JSON/],
    ["#readYaml('a: [')", /could not parse YAML/],
    ["#toJson('${x}')", /cannot contain an expression/],
    ['#alphanumerical(null)', /does not accept null/],
  ])('%s fails', (expression, message) => {
    const error = failure(expression as string);
    expect(error.kind).toBe('function');
    expect(error.reason).toMatch(message as RegExp);
  });
});

describe('URL helpers', () => {
  it('are disabled without a resolver', () => {
    for (const name of ['fromUrl', 'jsonFromUrl', 'yamlFromUrl']) {
      const error = failure(`#${name}('https://example.com/x')`);
      expect(error.reason).toMatch(/fromUrl is disabled by configuration/);
      expect(error.kind).toBe('forbidden');
    }
  });

  it('read through the injected resolver only', () => {
    const bodies: Record<string, string> = {
      'https://config.example/app.json': '{"replicas": 4}',
      'https://config.example/app.yaml': 'replicas: 5',
    };
    const requested: string[] = [];
    const withUrls = new ExpressionEvaluator({
      resolveUrl: url => {
        requested.push(url);
        if (!(url in bodies)) throw new Error(`${url} is not in the cache`);
        return bodies[url];
      },
    });
    expect(withUrls.evaluateExpression("#fromUrl('https://config.example/app.json')", {})).toBe('{"replicas": 4}');
    expect(withUrls.evaluateExpression("#jsonFromUrl('https://config.example/app.json').replicas", {})).toBe(4);
    expect(withUrls.evaluateExpression("#yamlFromUrl('https://config.example/app.yaml').replicas", {})).toBe(5);
    expect(() => withUrls.evaluateExpression("#fromUrl('https://other.example/')", {})).toThrow(
      /not in the cache/,
    );
    expect(requested).toContain('https://other.example/');
  });
});
