import { validateExpressions } from './validate';

describe('validateExpressions', () => {
  it('accepts valid expressions and plain values', () => {
    expect(
      validateExpressions({
        application: 'shop',
        stages: [
          { refId: '1', waitTime: '${parameters.wait}', tags: ['a', 'b-${trigger.user}'] },
          { refId: '2', name: "${ {'a': '}'}['a'] }", n: 5, ok: true, none: null },
        ],
      }),
    ).toEqual([]);
  });

  it('lists every syntax error with the field path and position', () => {
    const problems = validateExpressions({
      stages: [
        { refId: '1' },
        { refId: '2' },
        { waitTime: '${1 +}', name: 'a ${ok} b ${x ==}', 'my key': '${(}', other: '${a[0}' },
      ],
    });
    expect(problems).toEqual([
      {
        path: 'stages[2].waitTime',
        message: 'Invalid expression ${1 +}: Unexpected end of expression (at character 5)',
        position: 5,
      },
      {
        path: 'stages[2].name',
        message: 'Invalid expression ${x ==}: Unexpected end of expression (at character 16)',
        position: 16,
      },
      {
        path: 'stages[2]["my key"]',
        message: "Invalid expression ${(}: Found closing '}' but '(' (at character 2) is still open (at character 3)",
        position: 3,
      },
      {
        path: 'stages[2].other',
        message: "Invalid expression ${a[0}: Found closing '}' but '[' (at character 3) is still open (at character 5)",
        position: 5,
      },
    ]);
  });

  it('reports unterminated expressions, refused constructs and bad keys', () => {
    const problems = validateExpressions(
      {
        a: 'x ${oops',
        b: "${T(java.lang.Runtime).getRuntime()}",
        c: '${}',
        '${1 +}': 'key with a bad expression',
      },
      'stages[0]',
    );
    expect(problems.map(p => p.path)).toEqual([
      'stages[0].a',
      'stages[0].b',
      'stages[0].c',
      'stages[0]["${1 +}"]',
    ]);
    expect(problems[0].message).toMatch(/No ending '}'/);
    expect(problems[1].message).toMatch(/Type references \('T\(…\)'\) are not supported \(at character 2\)/);
    expect(problems[2].message).toMatch(/No expression defined/);
  });

  it('skips objects marked skipExpressionEvaluation', () => {
    expect(
      validateExpressions({ stages: [{ skipExpressionEvaluation: true, manifest: '${ not valid (' }] }),
    ).toEqual([]);
  });

  it('checks a bare string with an empty path', () => {
    expect(validateExpressions('${a b}')).toEqual([
      { path: '', message: "Invalid expression ${a b}: Unexpected 'b' (at character 4)", position: 4 },
    ]);
  });
});

describe('validateExpressions on unbalanced text', () => {
  it('reports a bracket left open at the end of the text', () => {
    expect(validateExpressions('${a[0')).toEqual([
      { path: '', message: "Invalid expression ${a[0: Missing closing ']' for '[' (at character 3)", position: 3 },
    ]);
  });
});
