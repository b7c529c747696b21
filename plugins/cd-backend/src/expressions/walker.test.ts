import { ExpressionEvaluator } from './evaluator';
import { sampleContext } from './testFixtures';

const evaluator = new ExpressionEvaluator();

describe('evaluateAll', () => {
  it('keeps the type of a whole-string expression', () => {
    const { value, failed, summary } = evaluator.evaluateAll(
      {
        count: '${trigger.parameters.count}',
        enabled: "${parameters.env == 'prod'}",
        list: '${ {1, 2} }',
        map: "${ {'a': '}'} }",
        name: '${#stage("Deploy").context.manifests[0].metadata.name}',
      },
      sampleContext(),
    );
    expect(value).toEqual({ count: 5, enabled: true, list: [1, 2], map: { a: '}' }, name: 'shop-web' });
    expect(failed).toBe(false);
    expect(summary).toEqual({});
  });

  it('renders expressions inside text, Spring style', () => {
    const { value } = evaluator.evaluateAll(
      [
        'shop-${parameters.version}-${parameters.env}',
        'count=${parameters.count}, ok=${true}',
        'missing=[${parameters.nothing}]',
        'ids=${ {1, 2} }',
        "brace: ${ {'a': '}'}['a'] }!",
        'quotes: ${"it""s"} ${\'it\'\'s\'}',
      ],
      sampleContext(),
    );
    expect(value).toEqual([
      'shop-1.4.2-prod',
      'count=5, ok=true',
      'missing=[]',
      'ids=1,2',
      'brace: }!',
      'quotes: it"s it\'s',
    ]);
  });

  it('walks nested objects and arrays, and evaluates keys', () => {
    const { value } = evaluator.evaluateAll(
      { outer: [{ inner: '${parameters.env}' }, 7, null, true], '${parameters.env}-key': 'v' },
      sampleContext(),
    );
    expect(value).toEqual({ outer: [{ inner: 'prod' }, 7, null, true], 'prod-key': 'v' });
  });

  it('leaves a failed expression in place and records it like Orca', () => {
    const before = Date.now();
    const { value, failed, summary } = evaluator.evaluateAll(
      { stages: [{ waitTime: "${#stage('Nope').context.x}", label: 'x-${1/0}-${parameters.env}' }] },
      sampleContext(),
    );
    expect(value).toEqual({
      stages: [{ waitTime: "${#stage('Nope').context.x}", label: 'x-${1/0}-${parameters.env}' }],
    });
    expect(failed).toBe(true);
    expect(Object.keys(summary).sort()).toEqual(["#stage('Nope').context.x", '1/0']);
    const [entry] = summary["#stage('Nope').context.x"];
    expect(entry).toEqual({
      description:
        'Failed to evaluate [stages[0].waitTime] Unable to locate [Nope] using #stage(Nope) in execution exec-1 (at character 0)',
      exceptionType: 'SpelHelperFunctionException',
      level: 'ERROR',
      timestamp: expect.any(Number),
    });
    expect(entry.timestamp).toBeGreaterThanOrEqual(before);
    expect(summary['1/0'][0].description).toMatch(/stages\[0\]\.label.*Division by zero/);
  });

  it('records a null whole-string result as INFO and keeps the text', () => {
    const { value, failed, summary } = evaluator.evaluateAll({ a: '${parameters.nothing}' }, sampleContext());
    expect(value).toEqual({ a: '${parameters.nothing}' });
    expect(failed).toBe(true);
    expect(summary['parameters.nothing']).toEqual([
      {
        description: 'Failed to evaluate [a] parameters.nothing not found',
        level: 'INFO',
        timestamp: expect.any(Number),
      },
    ]);
  });

  it('records syntax errors and unterminated expressions', () => {
    const { value, summary } = evaluator.evaluateAll(
      { a: '${1 +}', b: 'x ${oops', c: "${new java.io.File('/')}", d: 'x ${1 +}' },
      {},
    );
    expect(value).toEqual({ a: '${1 +}', b: 'x ${oops', c: "${new java.io.File('/')}", d: 'x ${1 +}' });
    expect(summary['1 +']).toHaveLength(2);
    expect(summary['1 +'][0].exceptionType).toBe('ExpressionSyntaxException');
    expect(summary.oops[0].description).toMatch(/No ending '}'/);
    expect(summary["new java.io.File('/')"][0].exceptionType).toBe('ExpressionAccessDeniedException');
  });

  it('skips objects marked skipExpressionEvaluation, at any depth', () => {
    const input = {
      skipExpressionEvaluation: true,
      manifests: [{ data: '${parameters.env}' }],
    };
    expect(evaluator.evaluateAll(input, sampleContext()).value).toBe(input);
    const nested = evaluator.evaluateAll(
      { a: '${parameters.env}', stage: { skipExpressionEvaluation: true, b: '${parameters.env}' } },
      sampleContext(),
    );
    expect(nested.value).toEqual({
      a: 'prod',
      stage: { skipExpressionEvaluation: true, b: '${parameters.env}' },
    });
  });

  it('does not modify its input nor alias the context', () => {
    const context = sampleContext();
    const input = { trigger: '${trigger}', text: '${parameters.env}' };
    const { value } = evaluator.evaluateAll(input, context);
    expect(input).toEqual({ trigger: '${trigger}', text: '${parameters.env}' });
    (value.trigger as unknown as { user: string }).user = 'mallory';
    expect((context.trigger as { user: string }).user).toBe('user:default/alice');
  });

  it('refuses structures nested too deeply', () => {
    let deep: unknown = '${1}';
    for (let i = 0; i < 300; i++) deep = [deep];
    expect(() => evaluator.evaluateAll(deep, {})).toThrow(/nested deeper than 200 levels/);
  });
});
