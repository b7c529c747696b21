/**
 * The only methods an expression may call on a value, by value type. Every
 * method is pure (nothing mutates the execution) and bounded in the size of
 * what it produces. Names and behaviour follow Java, since pipelines are
 * written for SpEL.
 */
import { ExpressionError } from './errors';
import type { JavaRegex } from './regex';
import {
  DataMap,
  deepEqual,
  isList,
  isMap,
  javaString,
  ownKeys,
  readOwn,
  typeName,
} from './values';

export interface MethodEnvironment {
  regex: JavaRegex;
  /** Throws when a produced string is over the size limit; returns it otherwise. */
  checkString(value: string): string;
  /** Throws when a string of this length would be over the size limit (check before building it). */
  checkLength(length: number): void;
  /** Counts work proportional to the size of the input against the step budget. */
  charge(steps: number): void;
}

/** Argument access with Java-like "no such method" errors on a bad call. */
class Args {
  constructor(
    private readonly values: unknown[],
    private readonly owner: string,
    private readonly methodName: string,
  ) {}

  get count(): number {
    return this.values.length;
  }

  any(i: number): unknown {
    return this.values[i] ?? null;
  }

  string(i: number): string {
    const value = this.values[i];
    if (typeof value !== 'string') throw this.noSuchMethod();
    return value;
  }

  int(i: number): number {
    const value = this.values[i];
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this.noSuchMethod();
    return value;
  }

  noSuchMethod(): ExpressionError {
    const types = this.values.map(typeName).join(', ');
    return new ExpressionError(
      'evaluation',
      `Method ${this.methodName}(${types}) cannot be found on type ${this.owner}`,
    );
  }
}

interface Method<T> {
  minArgs: number;
  maxArgs: number;
  call: (target: T, args: Args, env: MethodEnvironment) => unknown;
}

function method<T>(minArgs: number, maxArgs: number, call: Method<T>['call']): Method<T> {
  return { minArgs, maxArgs, call };
}

function outOfBounds(what: string): ExpressionError {
  return new ExpressionError('evaluation', `Index out of bounds: ${what}`);
}

/** Java's `String.trim()`: strips characters up to and including the space (U+0020). */
function javaTrim(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) <= 0x20) start++;
  while (end > start && value.charCodeAt(end - 1) <= 0x20) end--;
  return value.slice(start, end);
}

const STRING_METHODS = new Map<string, Method<string>>([
  ['length', method(0, 0, s => s.length)],
  ['isEmpty', method(0, 0, s => s.length === 0)],
  ['isBlank', method(0, 0, s => s.trim().length === 0)],
  ['toLowerCase', method(0, 0, (s, _, env) => env.checkString(s.toLowerCase()))],
  ['toUpperCase', method(0, 0, (s, _, env) => env.checkString(s.toUpperCase()))],
  ['trim', method(0, 0, s => javaTrim(s))],
  ['strip', method(0, 0, s => s.trim())],
  ['startsWith', method(1, 2, (s, a) => s.startsWith(a.string(0), a.count > 1 ? a.int(1) : 0))],
  ['endsWith', method(1, 1, (s, a) => s.endsWith(a.string(0)))],
  ['contains', method(1, 1, (s, a) => s.includes(a.string(0)))],
  ['equals', method(1, 1, (s, a) => s === a.any(0))],
  ['equalsIgnoreCase', method(1, 1, (s, a) => {
    const other = a.any(0);
    return typeof other === 'string' && s.toLowerCase() === other.toLowerCase();
  })],
  ['indexOf', method(1, 2, (s, a) => s.indexOf(a.string(0), a.count > 1 ? a.int(1) : 0))],
  ['lastIndexOf', method(1, 1, (s, a) => s.lastIndexOf(a.string(0)))],
  ['charAt', method(1, 1, (s, a) => {
    const index = a.int(0);
    if (index < 0 || index >= s.length) throw outOfBounds(`index ${index}, length ${s.length}`);
    return s[index];
  })],
  ['substring', method(1, 2, (s, a) => {
    const begin = a.int(0);
    const end = a.count > 1 ? a.int(1) : s.length;
    if (begin < 0 || end > s.length || begin > end) {
      throw outOfBounds(`begin ${begin}, end ${end}, length ${s.length}`);
    }
    return s.slice(begin, end);
  })],
  ['concat', method(1, 1, (s, a, env) => {
    const other = a.string(0);
    env.checkLength(s.length + other.length);
    return s + other;
  })],
  ['replace', method(2, 2, (s, a, env) => {
    const target = a.string(0);
    const replacement = a.string(1);
    env.charge(s.length);
    if (target === '') {
      // Java inserts the replacement before every character and at the end.
      env.checkLength(s.length + (s.length + 1) * replacement.length);
      return replacement + [...s].join(replacement) + (s.length > 0 ? replacement : '');
    }
    const pieces = s.split(target);
    env.checkLength(s.length + (pieces.length - 1) * (replacement.length - target.length));
    return pieces.join(replacement);
  })],
  ['replaceAll', method(2, 2, (s, a, env) => {
    env.charge(s.length);
    return env.checkString(env.regex.replace(s, a.string(0), a.string(1), true));
  })],
  ['replaceFirst', method(2, 2, (s, a, env) => {
    env.charge(s.length);
    return env.checkString(env.regex.replace(s, a.string(0), a.string(1), false));
  })],
  ['matches', method(1, 1, (s, a, env) => {
    env.charge(s.length);
    return env.regex.matchesWhole(s, a.string(0));
  })],
  ['split', method(1, 1, (s, a, env) => {
    env.charge(s.length);
    return env.regex.split(s, a.string(0));
  })],
  ['toString', method(0, 0, s => s)],
]);

const LIST_METHODS = new Map<string, Method<unknown[]>>([
  ['size', method(0, 0, l => l.length)],
  ['isEmpty', method(0, 0, l => l.length === 0)],
  ['contains', method(1, 1, (l, a, env) => {
    env.charge(l.length);
    return l.some(item => deepEqual(item, a.any(0)));
  })],
  ['indexOf', method(1, 1, (l, a, env) => {
    env.charge(l.length);
    return l.findIndex(item => deepEqual(item, a.any(0)));
  })],
  ['get', method(1, 1, (l, a) => {
    const index = a.int(0);
    if (index < 0 || index >= l.length) throw outOfBounds(`index ${index}, size ${l.length}`);
    return l[index];
  })],
  ['subList', method(2, 2, (l, a) => {
    const from = a.int(0);
    const to = a.int(1);
    if (from < 0 || to > l.length || from > to) {
      throw outOfBounds(`fromIndex ${from}, toIndex ${to}, size ${l.length}`);
    }
    return l.slice(from, to);
  })],
  ['equals', method(1, 1, (l, a) => deepEqual(l, a.any(0)))],
  ['toString', method(0, 0, (l, _, env) => env.checkString(javaString(l)))],
]);

const MAP_METHODS = new Map<string, Method<DataMap>>([
  ['size', method(0, 0, m => ownKeys(m).length)],
  ['isEmpty', method(0, 0, m => ownKeys(m).length === 0)],
  ['containsKey', method(1, 1, (m, a) => {
    const key = a.any(0);
    return typeof key === 'string' && readOwn(m, key).found;
  })],
  ['containsValue', method(1, 1, (m, a, env) => {
    const keys = ownKeys(m);
    env.charge(keys.length);
    return keys.some(key => deepEqual(m[key], a.any(0)));
  })],
  ['get', method(1, 1, (m, a) => mapGet(m, a.any(0), null))],
  ['getOrDefault', method(2, 2, (m, a) => mapGet(m, a.any(0), a.any(1)))],
  ['keySet', method(0, 0, m => ownKeys(m))],
  ['values', method(0, 0, m => ownKeys(m).map(key => m[key]))],
  ['equals', method(1, 1, (m, a) => deepEqual(m, a.any(0)))],
  ['toString', method(0, 0, (m, _, env) => env.checkString(javaString(m)))],
]);

function mapGet(map: DataMap, key: unknown, fallback: unknown): unknown {
  if (typeof key !== 'string' && typeof key !== 'number') return fallback;
  const entry = readOwn(map, String(key));
  return entry.found ? entry.value : fallback;
}

const NUMBER_METHODS = new Map<string, Method<number>>([
  ['toString', method(0, 0, n => javaString(n))],
  ['intValue', method(0, 0, n => Math.trunc(n))],
  ['longValue', method(0, 0, n => Math.trunc(n))],
  ['doubleValue', method(0, 0, n => n)],
  ['floatValue', method(0, 0, n => n)],
  ['equals', method(1, 1, (n, a) => n === a.any(0))],
]);

const BOOLEAN_METHODS = new Map<string, Method<boolean>>([
  ['toString', method(0, 0, b => String(b))],
  ['booleanValue', method(0, 0, b => b)],
  ['equals', method(1, 1, (b, a) => b === a.any(0))],
]);

/** Calls an allow-listed method; anything else is refused. `target` is never null here. */
export function callMethod(
  target: unknown,
  name: string,
  args: unknown[],
  env: MethodEnvironment,
): unknown {
  if (typeof target === 'string') return invoke(STRING_METHODS, target, name, args, env);
  if (typeof target === 'number') return invoke(NUMBER_METHODS, target, name, args, env);
  if (typeof target === 'boolean') return invoke(BOOLEAN_METHODS, target, name, args, env);
  if (isList(target)) return invoke(LIST_METHODS, target, name, args, env);
  if (isMap(target)) return invoke(MAP_METHODS, target, name, args, env);
  throw notAllowed(name, typeName(target));
}

function invoke<T>(
  table: Map<string, Method<T>>,
  target: T,
  name: string,
  values: unknown[],
  env: MethodEnvironment,
): unknown {
  const owner = typeName(target);
  const found = table.get(name);
  if (!found) throw notAllowed(name, owner);
  const args = new Args(values, owner, name);
  if (values.length < found.minArgs || values.length > found.maxArgs) {
    throw args.noSuchMethod();
  }
  return found.call(target, args, env);
}

function notAllowed(name: string, owner: string): ExpressionError {
  return new ExpressionError('forbidden', `Method ${name}() is not allowed on type ${owner}`);
}

/** The names of the methods allowed on each type, for documentation and the editor. */
export const ALLOWED_METHODS: Readonly<Record<string, readonly string[]>> = {
  String: [...STRING_METHODS.keys()],
  List: [...LIST_METHODS.keys()],
  Map: [...MAP_METHODS.keys()],
  Number: [...NUMBER_METHODS.keys()],
  Boolean: [...BOOLEAN_METHODS.keys()],
};
