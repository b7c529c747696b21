/**
 * Recursive-descent parser for the SpEL subset Spinnaker pipelines use.
 * Precedence, loosest first (as in Spring's InternalSpelExpressionParser):
 *   ternary `?:` / elvis `?:` → or → and → relational (not chainable)
 *   → additive → multiplicative → power → unary → postfix (`.` `?.` `[]`
 *   `.?[]` `.![]` `.^[]` `.$[]`) → primary.
 * Everything that reaches Java in SpEL (`T(…)`, `new`, bean references,
 * assignment, `instanceof`) is refused here, before any evaluation.
 */
import type {
  BinaryOperator,
  ExpressionNode,
  MapNode,
  SelectionMode,
} from './ast';
import { childrenOf } from './ast';
import { ExpressionError } from './errors';
import { Token, tokenize } from './tokenizer';
import { DEFAULT_LIMITS, ExpressionLimits } from './types';

type ParseLimits = Pick<
  ExpressionLimits,
  'maxExpressionLength' | 'maxNestingDepth' | 'maxAstDepth'
>;

/** Words that are operators wherever an operator can stand. */
const WORD_OPERATORS: Record<string, BinaryOperator | 'and' | 'or' | 'instanceof'> = {
  and: 'and',
  or: 'or',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
  eq: '==',
  ne: '!=',
  div: '/',
  mod: '%',
  matches: 'matches',
  between: 'between',
  instanceof: 'instanceof',
};

const RELATIONAL = new Set<string>(['==', '!=', '<', '<=', '>', '>=', 'matches', 'between', 'instanceof']);
const ADDITIVE = new Set<string>(['+', '-']);
const MULTIPLICATIVE = new Set<string>(['*', '/', '%']);

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly maxNestingDepth: number,
  ) {}

  parseAll(): ExpressionNode {
    const node = this.expression();
    const next = this.peek();
    if (next.type !== 'eof') {
      throw this.unexpected(next);
    }
    return node;
  }

  // expression := or ( '?' expression ':' expression | '?:' expression )?
  private expression(): ExpressionNode {
    return this.nested(() => {
      const condition = this.logicalOr();
      const next = this.peek();
      if (this.isSymbol(next, '?')) {
        this.index++;
        const whenTrue = this.expression();
        this.expectSymbol(':', "in a ternary 'condition ? a : b'");
        const whenFalse = this.expression();
        return { kind: 'ternary', condition, whenTrue, whenFalse, pos: condition.pos };
      }
      if (this.isSymbol(next, '?:')) {
        this.index++;
        const fallback = this.expression();
        return { kind: 'elvis', value: condition, fallback, pos: condition.pos };
      }
      if (this.isSymbol(next, '=')) {
        throw new ExpressionError('forbidden', 'Assignment is not supported', next.start);
      }
      return condition;
    });
  }

  private logicalOr(): ExpressionNode {
    let left = this.logicalAnd();
    while (this.operatorAt(this.peek()) === 'or') {
      this.index++;
      const right = this.logicalAnd();
      left = { kind: 'logical', operator: 'or', left, right, pos: left.pos };
    }
    return left;
  }

  private logicalAnd(): ExpressionNode {
    let left = this.relational();
    while (this.operatorAt(this.peek()) === 'and') {
      this.index++;
      const right = this.relational();
      left = { kind: 'logical', operator: 'and', left, right, pos: left.pos };
    }
    return left;
  }

  private relational(): ExpressionNode {
    const left = this.additive();
    const token = this.peek();
    const operator = this.operatorAt(token);
    if (!operator || !RELATIONAL.has(operator)) {
      return left;
    }
    if (operator === 'instanceof') {
      throw new ExpressionError('forbidden', "'instanceof' is not supported", token.start);
    }
    this.index++;
    const right = this.additive();
    const after = this.peek();
    const chained = this.operatorAt(after);
    if (chained && RELATIONAL.has(chained)) {
      throw new ExpressionError(
        'syntax',
        'Comparisons cannot be chained; use parentheses or and/or',
        after.start,
      );
    }
    return { kind: 'binary', operator: operator as BinaryOperator, left, right, pos: left.pos };
  }

  private additive(): ExpressionNode {
    let left = this.multiplicative();
    for (;;) {
      const operator = this.operatorAt(this.peek());
      if (!operator || !ADDITIVE.has(operator)) return left;
      this.index++;
      const right = this.multiplicative();
      left = { kind: 'binary', operator: operator as BinaryOperator, left, right, pos: left.pos };
    }
  }

  private multiplicative(): ExpressionNode {
    let left = this.power();
    for (;;) {
      const operator = this.operatorAt(this.peek());
      if (!operator || !MULTIPLICATIVE.has(operator)) return left;
      this.index++;
      const right = this.power();
      left = { kind: 'binary', operator: operator as BinaryOperator, left, right, pos: left.pos };
    }
  }

  private power(): ExpressionNode {
    let left = this.unary();
    while (this.isSymbol(this.peek(), '^')) {
      this.index++;
      const right = this.unary();
      left = { kind: 'binary', operator: '^', left, right, pos: left.pos };
    }
    const next = this.peek();
    if (this.isSymbol(next, '++') || this.isSymbol(next, '--')) {
      throw new ExpressionError('forbidden', `'${next.text}' is not supported`, next.start);
    }
    return left;
  }

  private unary(): ExpressionNode {
    const token = this.peek();
    if (this.isSymbol(token, '++') || this.isSymbol(token, '--')) {
      throw new ExpressionError('forbidden', `'${token.text}' is not supported`, token.start);
    }
    const isNot =
      this.isSymbol(token, '!') ||
      (token.type === 'identifier' && token.text.toLowerCase() === 'not');
    if (isNot || this.isSymbol(token, '-') || this.isSymbol(token, '+')) {
      this.index++;
      return this.nested(() => {
        const operand = this.unary();
        const operator = isNot ? '!' : (token.text as '-' | '+');
        return { kind: 'unary', operator, operand, pos: token.start };
      });
    }
    return this.postfix(this.primary());
  }

  private postfix(start: ExpressionNode): ExpressionNode {
    let node = start;
    for (;;) {
      const token = this.peek();
      if (this.isSymbol(token, '.') || this.isSymbol(token, '?.')) {
        this.index++;
        node = this.member(node, token.text === '?.');
      } else if (this.isSymbol(token, '[')) {
        this.index++;
        const index = this.expression();
        this.expectSymbol(']', 'to close the index');
        node = { kind: 'index', object: node, index, pos: token.start };
      } else {
        return node;
      }
    }
  }

  /** What follows `.` or `?.`: a property, a method call, a selection or a projection. */
  private member(object: ExpressionNode, safe: boolean): ExpressionNode {
    const token = this.peek();
    const bracket = this.tokens[this.index + 1];
    const opensBracket = this.isSymbol(bracket, '[') && bracket.start === token.end;
    if (opensBracket && (token.type === 'symbol' && ['?', '!', '^', '$'].includes(token.text))) {
      this.index += 2;
      const inner = this.expression();
      this.expectSymbol(']', token.text === '!' ? 'to close the projection' : 'to close the selection');
      if (token.text === '!') {
        return { kind: 'projection', object, projection: inner, safe, pos: token.start };
      }
      const modes: Record<string, SelectionMode> = { '?': 'all', '^': 'first', $: 'last' };
      return { kind: 'selection', object, predicate: inner, mode: modes[token.text], safe, pos: token.start };
    }
    if (token.type !== 'identifier') {
      throw new ExpressionError('syntax', "Expected a property or method name after '.'", token.start);
    }
    this.index++;
    if (this.isSymbol(this.peek(), '(')) {
      const args = this.argumentList();
      return { kind: 'methodCall', object, name: token.text, args, safe, pos: token.start };
    }
    return { kind: 'property', object, name: token.text, safe, pos: token.start };
  }

  private primary(): ExpressionNode {
    const token = this.peek();
    switch (token.type) {
      case 'number':
        this.index++;
        return { kind: 'literal', value: token.numberValue ?? 0, pos: token.start };
      case 'string':
        this.index++;
        return { kind: 'literal', value: token.text, pos: token.start };
      case 'identifier':
        return this.identifierStart(token);
      case 'symbol':
        return this.symbolStart(token);
      default:
        throw new ExpressionError('syntax', 'Unexpected end of expression', token.start);
    }
  }

  private identifierStart(token: Token): ExpressionNode {
    const word = token.text.toLowerCase();
    const next = this.tokens[this.index + 1];
    if (word === 'true' || word === 'false') {
      this.index++;
      return { kind: 'literal', value: word === 'true', pos: token.start };
    }
    if (word === 'null') {
      this.index++;
      return { kind: 'literal', value: null, pos: token.start };
    }
    if (word === 'new') {
      throw new ExpressionError('forbidden', "Constructor calls ('new …') are not supported", token.start);
    }
    if (token.text === 'T' && this.isSymbol(next, '(')) {
      throw new ExpressionError('forbidden', "Type references ('T(…)') are not supported", token.start);
    }
    if (Object.prototype.hasOwnProperty.call(WORD_OPERATORS, word)) {
      throw new ExpressionError('syntax', `Unexpected operator '${token.text}'`, token.start);
    }
    this.index++;
    if (this.isSymbol(next, '(')) {
      const args = this.argumentList();
      return { kind: 'methodCall', name: token.text, args, safe: false, pos: token.start };
    }
    return { kind: 'identifier', name: token.text, pos: token.start };
  }

  private symbolStart(token: Token): ExpressionNode {
    switch (token.text) {
      case '(': {
        this.index++;
        const inner = this.expression();
        this.expectSymbol(')', 'to close the parenthesis');
        return inner;
      }
      case '{':
        this.index++;
        return this.nested(() => this.inlineCollection(token));
      case '#':
        return this.hashReference(token);
      case '@':
      case '&':
        throw new ExpressionError('forbidden', 'Bean references are not supported', token.start);
      case '[':
        throw new ExpressionError('syntax', "Unexpected '['; SpEL writes lists as {1, 2}", token.start);
      case '$':
        throw new ExpressionError('syntax', "Unexpected '$'; '${' cannot be nested inside an expression", token.start);
      default:
        throw this.unexpected(token);
    }
  }

  /** `#root`, `#this`, `#variable` or `#function(args)`. */
  private hashReference(hash: Token): ExpressionNode {
    const name = this.tokens[this.index + 1];
    if (name.type !== 'identifier' || name.start !== hash.end) {
      throw new ExpressionError('syntax', "Expected a function or variable name after '#'", hash.start);
    }
    this.index += 2;
    if (this.isSymbol(this.peek(), '(')) {
      const args = this.argumentList();
      return { kind: 'functionCall', name: name.text, args, pos: hash.start };
    }
    return { kind: 'variable', name: name.text, pos: hash.start };
  }

  /** After `{`: `}` (empty list), `:}` (empty map), a list or a map. */
  private inlineCollection(open: Token): ExpressionNode {
    if (this.isSymbol(this.peek(), '}')) {
      this.index++;
      return { kind: 'list', elements: [], pos: open.start };
    }
    if (this.isSymbol(this.peek(), ':') && this.isSymbol(this.tokens[this.index + 1], '}')) {
      this.index += 2;
      return { kind: 'map', entries: [], pos: open.start };
    }
    const first = this.expression();
    if (!this.isSymbol(this.peek(), ':')) {
      const elements = [first];
      while (this.isSymbol(this.peek(), ',')) {
        this.index++;
        elements.push(this.expression());
      }
      this.expectSymbol('}', 'to close the list');
      return { kind: 'list', elements, pos: open.start };
    }
    const entries: MapNode['entries'] = [];
    let key = first;
    for (;;) {
      this.expectSymbol(':', 'between a map key and its value');
      const value = this.expression();
      // SpEL reads a bare word key ({name: 'x'}) as the string 'name'.
      entries.push({ key: key.kind === 'identifier' ? key.name : key, value });
      if (!this.isSymbol(this.peek(), ',')) break;
      this.index++;
      key = this.expression();
    }
    this.expectSymbol('}', 'to close the map');
    return { kind: 'map', entries, pos: open.start };
  }

  private argumentList(): ExpressionNode[] {
    this.expectSymbol('(', 'to start the arguments');
    const args: ExpressionNode[] = [];
    if (this.isSymbol(this.peek(), ')')) {
      this.index++;
      return args;
    }
    for (;;) {
      args.push(this.expression());
      if (this.isSymbol(this.peek(), ',')) {
        this.index++;
        continue;
      }
      this.expectSymbol(')', 'to close the arguments');
      return args;
    }
  }

  /** The binary operator a token stands for in infix position, if any. */
  private operatorAt(token: Token): string | undefined {
    if (token.type === 'symbol') {
      switch (token.text) {
        case '&&':
          return 'and';
        case '||':
          return 'or';
        case '&':
        case '|':
          throw new ExpressionError('syntax', `Unexpected '${token.text}'; did you mean '${token.text}${token.text}'?`, token.start);
        default:
          return token.text;
      }
    }
    if (token.type === 'identifier') {
      const word = token.text.toLowerCase();
      return Object.prototype.hasOwnProperty.call(WORD_OPERATORS, word) ? WORD_OPERATORS[word] : undefined;
    }
    return undefined;
  }

  private nested<T>(parse: () => T): T {
    this.depth++;
    if (this.depth > this.maxNestingDepth) {
      throw new ExpressionError(
        'limit',
        `Expression is nested deeper than ${this.maxNestingDepth} levels`,
        this.peek().start,
      );
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private isSymbol(token: Token | undefined, text: string): boolean {
    return token !== undefined && token.type === 'symbol' && token.text === text;
  }

  private expectSymbol(text: string, purpose: string): void {
    const token = this.peek();
    if (!this.isSymbol(token, text)) {
      const found = token.type === 'eof' ? 'end of expression' : describe(token);
      throw new ExpressionError('syntax', `Expected '${text}' ${purpose} but found ${found}`, token.start);
    }
    this.index++;
  }

  private unexpected(token: Token): ExpressionError {
    if (token.type === 'eof') {
      return new ExpressionError('syntax', 'Unexpected end of expression', token.start);
    }
    return new ExpressionError('syntax', `Unexpected ${describe(token)}`, token.start);
  }
}

/** Parses the text of one expression (without `${ }`). Throws ExpressionError. */
export function parseExpression(
  text: string,
  limits: Partial<ParseLimits> = {},
): ExpressionNode {
  const bounds: ParseLimits = { ...DEFAULT_LIMITS, ...limits };
  if (text.length > bounds.maxExpressionLength) {
    throw new ExpressionError(
      'limit',
      `Expression is ${text.length} characters long; the limit is ${bounds.maxExpressionLength}`,
    );
  }
  if (text.trim() === '') {
    throw new ExpressionError('syntax', 'Empty expression', 0);
  }
  const parser = new Parser(tokenize(text), bounds.maxNestingDepth);
  const ast = parser.parseAll();
  checkTreeDepth(ast, bounds.maxAstDepth);
  return ast;
}

function describe(token: Token): string {
  return token.type === 'string' ? `string '${token.text}'` : `'${token.text}'`;
}

/** Long chains (`a.b.c…`, `1+1+1…`) are built by loops, so bound the tree itself. */
function checkTreeDepth(root: ExpressionNode, maxDepth: number): void {
  const stack: Array<[ExpressionNode, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > maxDepth) {
      throw new ExpressionError(
        'limit',
        `Expression is nested deeper than ${maxDepth} levels`,
        node.pos,
      );
    }
    for (const child of childrenOf(node)) {
      stack.push([child, depth + 1]);
    }
  }
}
