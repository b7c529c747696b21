import { ExpressionError } from './errors';
import { parseExpression } from './parser';
import { tokenize } from './tokenizer';

function syntaxError(text: string): ExpressionError {
  try {
    parseExpression(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error(`expected '${text}' to be rejected`);
}

describe('tokenize', () => {
  it('records positions and decodes literals', () => {
    expect(tokenize("a?.b ?: 'x''y' 12L").map(t => [t.type, t.text, t.start])).toEqual([
      ['identifier', 'a', 0],
      ['symbol', '?.', 1],
      ['identifier', 'b', 3],
      ['symbol', '?:', 5],
      ['string', "x'y", 8],
      ['number', '12L', 15],
      ['eof', '', 18],
    ]);
  });

  it('rejects malformed literals and stray characters', () => {
    expect(() => tokenize("'open")).toThrow('Unterminated string literal (at character 0)');
    expect(() => tokenize('12abc')).toThrow('Invalid number literal');
    expect(() => tokenize('0x')).toThrow('Invalid hexadecimal');
    expect(() => tokenize('a ; b')).toThrow("Unexpected character ';' (at character 2)");
    expect(() => tokenize('1e999')).toThrow('out of range');
  });
});

describe('parseExpression', () => {
  it('builds the tree with SpEL precedence', () => {
    expect(parseExpression('a or b and not c == 1 + 2 * 3 ^ 2')).toEqual({
      kind: 'logical',
      operator: 'or',
      pos: 0,
      left: { kind: 'identifier', name: 'a', pos: 0 },
      right: {
        kind: 'logical',
        operator: 'and',
        pos: 5,
        left: { kind: 'identifier', name: 'b', pos: 5 },
        right: {
          kind: 'binary',
          operator: '==',
          pos: 11,
          left: {
            kind: 'unary',
            operator: '!',
            pos: 11,
            operand: { kind: 'identifier', name: 'c', pos: 15 },
          },
          right: {
            kind: 'binary',
            operator: '+',
            pos: 20,
            left: { kind: 'literal', value: 1, pos: 20 },
            right: {
              kind: 'binary',
              operator: '*',
              pos: 24,
              left: { kind: 'literal', value: 2, pos: 24 },
              right: {
                kind: 'binary',
                operator: '^',
                pos: 28,
                left: { kind: 'literal', value: 3, pos: 28 },
                right: { kind: 'literal', value: 2, pos: 32 },
              },
            },
          },
        },
      },
    });
  });

  it('parses postfix chains, calls, selections and literals', () => {
    expect(parseExpression("#stage('x')?.context['k'].?[a].![b].^[c].$[d].size()")).toMatchObject({
      kind: 'methodCall',
      name: 'size',
      object: {
        kind: 'selection',
        mode: 'last',
        object: {
          kind: 'selection',
          mode: 'first',
          object: {
            kind: 'projection',
            object: {
              kind: 'selection',
              mode: 'all',
              object: {
                kind: 'index',
                object: { kind: 'property', name: 'context', safe: true, object: { kind: 'functionCall', name: 'stage' } },
              },
            },
          },
        },
      },
    });
    expect(parseExpression("{a: 1, 'b': {}}")).toMatchObject({
      kind: 'map',
      entries: [{ key: 'a' }, { key: { kind: 'literal', value: 'b' }, value: { kind: 'list', elements: [] } }],
    });
    expect(parseExpression('a ? b : c ?: d')).toMatchObject({
      kind: 'ternary',
      whenFalse: { kind: 'elvis' },
    });
  });

  it('allows keywords as property names after a dot', () => {
    expect(parseExpression('a.and.not.matches')).toMatchObject({ kind: 'property', name: 'matches' });
  });

  it.each([
    ['', 'Empty expression'],
    ['1 +', 'Unexpected end of expression (at character 3)'],
    ['(1', "Expected ')' to close the parenthesis but found end of expression (at character 2)"],
    ['a b', "Unexpected 'b' (at character 2)"],
    ["a 'b'", "Unexpected string 'b' (at character 2)"],
    ['a.', "Expected a property or method name after '.' (at character 2)"],
    ['a.1', "Expected a property or method name after '.'"],
    ['# a', "Expected a function or variable name after '#'"],
    ['[1, 2]', "Unexpected '['; SpEL writes lists as {1, 2}"],
    ['a == b == c', 'Comparisons cannot be chained'],
    ['a & b', "did you mean '&&'?"],
    ['and b', "Unexpected operator 'and'"],
    ['f(1,', 'Unexpected end of expression'],
    ['{1: 2, 3}', "Expected ':' between a map key and its value"],
    ['{1, 2', "Expected '}' to close the list"],
    ['a ? b', "Expected ':' in a ternary"],
    ['${a}', "'${' cannot be nested"],
  ])('rejects %j', (text, message) => {
    const error = syntaxError(text);
    expect(error.kind).toBe('syntax');
    expect(error.message).toContain(message);
  });

  it('honours custom limits', () => {
    expect(() => parseExpression('1 + 1', { maxExpressionLength: 3 })).toThrow(/limit is 3/);
    expect(() => parseExpression('((1))', { maxNestingDepth: 2 })).toThrow(/nested deeper than 2/);
    expect(() => parseExpression('a.b.c', { maxAstDepth: 2 })).toThrow(/nested deeper than 2/);
  });
});
