/**
 * A tree-walking evaluator over the AST, in a sandbox: values are plain data
 * (see values.ts), methods come from an allow-list (methods.ts), `#name(…)`
 * only reaches registered helpers (helpers.ts), and every evaluation has a
 * step budget and a bound on the strings it builds. No JavaScript is ever
 * generated or run from expression text.
 */
import type {
  BinaryNode,
  ExpressionNode,
  MapNode,
  ProjectionNode,
  SelectionNode,
} from './ast';
import { ExpressionError, isExpressionError } from './errors';
import {
  builtinHelpers,
  customHelpers,
  deployedServerGroups,
  Helper,
} from './helpers';
import { callMethod, MethodEnvironment } from './methods';
import { parseExpression } from './parser';
import { JavaRegex } from './regex';
import {
  DEFAULT_LIMITS,
  ExpressionContext,
  ExpressionFunction,
  ExpressionLimits,
} from './types';
import {
  assertAllowedName,
  cloneData,
  DataMap,
  deepEqual,
  defineKey,
  isList,
  isMap,
  isNull,
  javaString,
  ownKeys,
  readOwn,
  toCondition,
  typeName,
} from './values';
import { EvaluationResult, evaluateStructure } from './walker';

/** What bare names and `#this` refer to: the root, or the element being filtered. */
interface Scope {
  active: unknown;
  self: unknown;
}

/** One evaluation of one expression: holds the step budget. */
class Evaluation implements MethodEnvironment {
  private steps = 0;

  constructor(
    private readonly root: ExpressionContext,
    private readonly helpers: Map<string, Helper>,
    readonly regex: JavaRegex,
    private readonly limits: ExpressionLimits,
    private readonly allowUnknownKeys: boolean,
  ) {}

  evaluate(ast: ExpressionNode): unknown {
    return this.visit(ast, { active: this.root, self: this.root });
  }

  charge(steps: number): void {
    this.steps += steps;
    if (this.steps > this.limits.maxSteps) {
      throw new ExpressionError('limit', `Expression took more than ${this.limits.maxSteps} evaluation steps`);
    }
  }

  checkString(value: string): string {
    this.checkLength(value.length);
    return value;
  }

  checkLength(length: number): void {
    if (length > this.limits.maxStringLength) {
      throw new ExpressionError(
        'limit',
        `Expression would produce a string of ${length} characters; the limit is ${this.limits.maxStringLength}`,
      );
    }
  }

  private visit(node: ExpressionNode, scope: Scope): unknown {
    this.charge(1);
    try {
      return this.visitNode(node, scope);
    } catch (error) {
      if (isExpressionError(error)) throw error.withPosition(node.pos);
      if (error instanceof RangeError) {
        // Stack or allocation exhaustion inside a helper or method.
        throw new ExpressionError('limit', `Expression exceeded a resource limit: ${error.message}`, node.pos);
      }
      throw error;
    }
  }

  private visitNode(node: ExpressionNode, scope: Scope): unknown {
    switch (node.kind) {
      case 'literal':
        return node.value;
      case 'identifier':
        return this.resolveName(scope, node.name);
      case 'variable':
        return this.variable(node.name, scope);
      case 'property': {
        const target = this.visit(node.object, scope);
        if (isNull(target) && node.safe) return null;
        return this.readProperty(target, node.name);
      }
      case 'index':
        return this.readIndex(this.visit(node.object, scope), this.visit(node.index, scope));
      case 'methodCall': {
        const target = node.object ? this.visit(node.object, scope) : scope.active;
        if (isNull(target)) {
          if (node.safe) return null;
          throw new ExpressionError('evaluation', `Method ${node.name}() cannot be called on null`);
        }
        const args = node.args.map(arg => this.visit(arg, scope));
        return callMethod(target, node.name, args, this);
      }
      case 'functionCall':
        return this.callHelper(node.name, node.args.map(arg => this.visit(arg, scope)));
      case 'unary':
        return this.unary(node.operator, this.visit(node.operand, scope));
      case 'binary':
        return this.binary(node, scope);
      case 'logical': {
        const left = toCondition(this.visit(node.left, scope), `The left operand of '${node.operator}'`);
        if (node.operator === 'and' ? !left : left) return left;
        return toCondition(this.visit(node.right, scope), `The right operand of '${node.operator}'`);
      }
      case 'ternary':
        return toCondition(this.visit(node.condition, scope), 'The condition of a ternary')
          ? this.visit(node.whenTrue, scope)
          : this.visit(node.whenFalse, scope);
      case 'elvis': {
        // As in SpEL, an empty string counts as absent too.
        const value = this.visit(node.value, scope);
        return isNull(value) || value === '' ? this.visit(node.fallback, scope) : value;
      }
      case 'list':
        return node.elements.map(element => this.visit(element, scope));
      case 'map':
        return this.inlineMap(node, scope);
      case 'selection':
        return this.select(node, scope);
      case 'projection':
        return this.project(node, scope);
      default:
        throw new ExpressionError('syntax', 'Unknown expression node');
    }
  }

  /** A bare name: a key of the active object; at the root, Spinnaker's aliases apply. */
  private resolveName(scope: Scope, name: string): unknown {
    assertAllowedName(name);
    const target = scope.active;
    if (isMap(target)) {
      const entry = readOwn(target, name);
      if (entry.found) return entry.value;
      if (target === this.root) {
        const alias = this.rootAlias(name);
        if (alias.found) return alias.value;
      }
    }
    return this.readProperty(target, name);
  }

  private rootAlias(name: string): { found: boolean; value?: unknown } {
    switch (name) {
      case 'trigger': {
        const execution = this.root.execution;
        const trigger = isMap(execution) ? readOwn(execution, 'trigger') : { found: false as const };
        return trigger.found ? trigger : { found: false };
      }
      case 'parameters': {
        const trigger = this.resolveName({ active: this.root, self: this.root }, 'trigger');
        const parameters = isMap(trigger) ? readOwn(trigger, 'parameters') : { found: false as const };
        return parameters.found ? parameters : { found: false };
      }
      case 'deployedServerGroups':
        return { found: true, value: deployedServerGroups(this.root.execution, []) };
      default:
        return { found: false };
    }
  }

  private variable(name: string, scope: Scope): unknown {
    if (name === 'root') return this.root;
    if (name === 'this') return scope.self;
    if (this.helpers.has(name)) {
      throw new ExpressionError('evaluation', `#${name} is a function: call it as #${name}(…)`);
    }
    throw new ExpressionError('evaluation', `Unknown variable #${name}`);
  }

  private readProperty(target: unknown, name: string): unknown {
    assertAllowedName(name);
    if (isNull(target)) {
      throw new ExpressionError('evaluation', `Property or field '${name}' cannot be found on null`);
    }
    if (isMap(target)) {
      const entry = readOwn(target, name);
      if (entry.found) return entry.value;
      if (this.allowUnknownKeys) return null;
    }
    throw new ExpressionError(
      'evaluation',
      `Property or field '${name}' cannot be found on object of type '${typeName(target)}'`,
    );
  }

  private readIndex(target: unknown, index: unknown): unknown {
    if (isNull(target)) {
      throw new ExpressionError('evaluation', 'Cannot index into a null value');
    }
    if (typeof index === 'string') assertAllowedName(index);
    if (isList(target) || typeof target === 'string') {
      const position = toIndex(index);
      if (position === undefined) {
        throw new ExpressionError('evaluation', `A ${typeName(target)} cannot be indexed by ${typeName(index)}`);
      }
      if (position < 0 || position >= target.length) {
        throw new ExpressionError(
          'evaluation',
          `Index ${position} is out of bounds: the ${typeName(target)} has ${target.length} elements`,
        );
      }
      return target[position];
    }
    if (isMap(target)) {
      if (typeof index !== 'string' && typeof index !== 'number') {
        throw new ExpressionError('evaluation', `A map cannot be indexed by ${typeName(index)}`);
      }
      const entry = readOwn(target, String(index));
      return entry.found ? entry.value : null;
    }
    throw new ExpressionError('evaluation', `Indexing into type '${typeName(target)}' is not supported`);
  }

  private callHelper(name: string, args: unknown[]): unknown {
    const helper = this.helpers.get(name);
    if (!helper) {
      throw new ExpressionError('evaluation', `Unknown function #${name}()`);
    }
    let result: unknown;
    try {
      result = helper({ name, args, context: this.root, limits: this.limits });
    } catch (error) {
      if (isExpressionError(error) || error instanceof RangeError) throw error;
      throw new ExpressionError('function', `#${name}() failed: ${(error as Error)?.message ?? String(error)}`);
    }
    if (typeof result === 'function' || typeof result === 'symbol' || typeof result === 'bigint') {
      throw new ExpressionError('forbidden', `#${name}() returned a ${typeof result}, which is not data`);
    }
    if (typeof result === 'string') this.checkString(result);
    return result === undefined ? null : result;
  }

  private unary(operator: '-' | '+' | '!', operand: unknown): unknown {
    if (operator === '!') return !toCondition(operand, "The operand of 'not'");
    if (typeof operand !== 'number') {
      throw new ExpressionError('evaluation', `Unary '${operator}' needs a number, not ${typeName(operand)}`);
    }
    return operator === '-' ? -operand : operand;
  }

  private binary(node: BinaryNode, scope: Scope): unknown {
    const left = this.visit(node.left, scope);
    const right = this.visit(node.right, scope);
    switch (node.operator) {
      case '+':
        return this.add(left, right);
      case '*':
        if (typeof left === 'string' && typeof right === 'number') return this.repeat(left, right);
        return this.arithmetic('*', left, right);
      case '-':
      case '/':
      case '%':
      case '^':
        return this.arithmetic(node.operator, left, right);
      case '==':
        return equals(left, right);
      case '!=':
        return !equals(left, right);
      case '<':
        return compare(left, right) < 0;
      case '<=':
        return compare(left, right) <= 0;
      case '>':
        return compare(left, right) > 0;
      case '>=':
        return compare(left, right) >= 0;
      case 'matches':
        if (typeof left !== 'string' || typeof right !== 'string') {
          throw new ExpressionError(
            'evaluation',
            `'matches' needs a String on both sides, not ${typeName(left)} and ${typeName(right)}`,
          );
        }
        this.charge(left.length);
        return this.regex.matchesWhole(left, right);
      case 'between':
        if (!isList(right) || right.length !== 2) {
          throw new ExpressionError('evaluation', "'between' needs a list of two bounds on the right, e.g. {1, 5}");
        }
        return compare(left, right[0]) >= 0 && compare(left, right[1]) <= 0;
      default:
        throw new ExpressionError('syntax', `Unknown operator ${node.operator}`);
    }
  }

  /** SpEL's `+`: string concatenation if either side is a String, else numeric. */
  private add(left: unknown, right: unknown): unknown {
    if (typeof left === 'string' || typeof right === 'string') {
      const leftText = javaString(left);
      const rightText = javaString(right);
      this.checkLength(leftText.length + rightText.length);
      return leftText + rightText;
    }
    return this.arithmetic('+', left, right);
  }

  /** SpEL's `'ab' * 3`: checked before the string is built. */
  private repeat(text: string, times: number): string {
    if (!Number.isInteger(times) || times < 0) {
      throw new ExpressionError('evaluation', `A String can only be repeated a whole, non-negative number of times`);
    }
    this.checkLength(text.length * times);
    return text.repeat(times);
  }

  private arithmetic(operator: string, left: unknown, right: unknown): number {
    if (typeof left !== 'number' || typeof right !== 'number') {
      throw new ExpressionError(
        'evaluation',
        `Operator '${operator}' is not supported between ${typeName(left)} and ${typeName(right)}`,
      );
    }
    if ((operator === '/' || operator === '%') && right === 0) {
      throw new ExpressionError('evaluation', 'Division by zero');
    }
    let result: number;
    switch (operator) {
      case '+': result = left + right; break;
      case '-': result = left - right; break;
      case '*': result = left * right; break;
      case '/': result = left / right; break;
      case '%': result = left % right; break;
      default: result = left ** right;
    }
    if (!Number.isFinite(result)) {
      throw new ExpressionError('evaluation', `Numeric result of '${operator}' is out of range`);
    }
    return result;
  }

  private inlineMap(node: MapNode, scope: Scope): DataMap {
    const map: DataMap = {};
    for (const entry of node.entries) {
      const key = typeof entry.key === 'string' ? entry.key : this.visit(entry.key, scope);
      if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
        throw new ExpressionError('evaluation', `A map key must be a String or a number, not ${typeName(key)}`);
      }
      defineKey(map, String(key), this.visit(entry.value, scope));
    }
    return map;
  }

  /** Lists are filtered by element; maps by `{key, value}` entry, giving a map. */
  private select(node: SelectionNode, scope: Scope): unknown {
    const source = this.visit(node.object, scope);
    if (isNull(source) && node.safe) return null;
    const test = (element: unknown) => {
      const verdict = this.visit(node.predicate, { active: element, self: element });
      if (typeof verdict !== 'boolean') {
        throw new ExpressionError('evaluation', `The selection criteria must give a boolean, not ${typeName(verdict)}`);
      }
      return verdict;
    };
    if (isList(source)) {
      const selected = source.filter(test);
      if (node.mode === 'all') return selected;
      return (node.mode === 'first' ? selected[0] : selected[selected.length - 1]) ?? null;
    }
    if (isMap(source)) {
      let keys = ownKeys(source).filter(key => test({ key, value: source[key] }));
      if (node.mode !== 'all') {
        if (keys.length === 0) return null;
        keys = [node.mode === 'first' ? keys[0] : keys[keys.length - 1]];
      }
      const result: DataMap = {};
      for (const key of keys) defineKey(result, key, source[key]);
      return result;
    }
    throw new ExpressionError('evaluation', `Selection is only supported on lists and maps, not ${typeName(source)}`);
  }

  private project(node: ProjectionNode, scope: Scope): unknown {
    const source = this.visit(node.object, scope);
    if (isNull(source) && node.safe) return null;
    let elements: unknown[];
    if (isList(source)) {
      elements = source;
    } else if (isMap(source)) {
      elements = ownKeys(source).map(key => ({ key, value: source[key] }));
    } else {
      throw new ExpressionError('evaluation', `Projection is only supported on lists and maps, not ${typeName(source)}`);
    }
    return elements.map(element => this.visit(node.projection, { active: element, self: element }));
  }
}

function toIndex(index: unknown): number | undefined {
  if (typeof index === 'number' && Number.isInteger(index)) return index;
  if (typeof index === 'string' && /^\d+$/.test(index)) return Number(index);
  return undefined;
}

function equals(left: unknown, right: unknown): boolean {
  return deepEqual(left, right);
}

/** SpEL's ordering: numbers, strings (by UTF-16 units), booleans; null sorts first. */
function compare(left: unknown, right: unknown): number {
  if (isNull(left) || isNull(right)) {
    return (isNull(left) ? 0 : 1) - (isNull(right) ? 0 : 1);
  }
  const sameKind =
    (typeof left === 'number' && typeof right === 'number') ||
    (typeof left === 'string' && typeof right === 'string') ||
    (typeof left === 'boolean' && typeof right === 'boolean');
  if (!sameKind) {
    throw new ExpressionError('evaluation', `Cannot compare ${typeName(left)} with ${typeName(right)}`);
  }
  const a = left as number | string | boolean;
  const b = right as number | string | boolean;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export interface ExpressionEvaluatorOptions {
  /** Extra `#name(…)` helpers; a name already built in is replaced. */
  functions?: Record<string, ExpressionFunction>;
  /**
   * Synchronous URL reader for `#fromUrl`, `#jsonFromUrl`, `#yamlFromUrl`
   * (wire it to a cache filled before evaluation). Without it these helpers
   * fail with "fromUrl is disabled by configuration".
   */
  resolveUrl?: (url: string) => string;
  limits?: Partial<ExpressionLimits>;
  /**
   * Orca's `allowUnknownKeys`: reading a missing map key with `.` gives null
   * (true, the default, as when Orca evaluates stage contexts) instead of an
   * error. Indexing (`map['key']`) always gives null for a missing key.
   */
  allowUnknownKeys?: boolean;
}

const AST_CACHE_SIZE = 500;

export class ExpressionEvaluator {
  readonly limits: ExpressionLimits;
  private readonly helpers: Map<string, Helper>;
  private readonly regex: JavaRegex;
  private readonly allowUnknownKeys: boolean;
  private readonly astCache = new Map<string, ExpressionNode>();

  constructor(options: ExpressionEvaluatorOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.allowUnknownKeys = options.allowUnknownKeys ?? true;
    this.regex = new JavaRegex(this.limits);
    this.helpers = new Map([
      ...builtinHelpers({ resolveUrl: options.resolveUrl }),
      ...customHelpers(options.functions ?? {}),
    ]);
  }

  /** The names callable as `#name(…)`. */
  get functionNames(): string[] {
    return [...this.helpers.keys()].sort();
  }

  /** Parses an expression (without `${ }`), with this evaluator's limits. Cached. */
  parse(expression: string): ExpressionNode {
    const cached = this.astCache.get(expression);
    if (cached) return cached;
    const ast = parseExpression(expression, this.limits);
    if (this.astCache.size >= AST_CACHE_SIZE) this.astCache.clear();
    this.astCache.set(expression, ast);
    return ast;
  }

  /**
   * Evaluates one expression (the text inside `${ }`) and returns its value
   * as a fresh copy of plain data. Throws ExpressionError.
   */
  evaluateExpression(expression: string, context: ExpressionContext): unknown {
    const ast = this.parse(expression);
    const run = new Evaluation(context, this.helpers, this.regex, this.limits, this.allowUnknownKeys);
    return cloneData(run.evaluate(ast), this.limits.maxDataDepth);
  }

  /**
   * Evaluates every `${…}` in the strings of a structure (see walker.ts).
   * The result's static type is nominal: a string holding exactly one
   * expression becomes the expression's value, whatever its type.
   */
  evaluateAll<T>(value: T, context: ExpressionContext): EvaluationResult<T> {
    return evaluateStructure(value, expression => this.evaluateExpression(expression, context), this.limits);
  }
}
