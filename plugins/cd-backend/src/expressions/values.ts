/**
 * The value model of the sandbox. Values are plain data: null, strings,
 * numbers, booleans, lists (arrays) and maps (objects). Only an object's OWN
 * ENUMERABLE DATA properties are ever read: nothing inherited, no getters,
 * no functions, and never `__proto__` / `constructor` / `prototype`.
 * Java names are used in messages because that is what Spinnaker users know.
 */
import { ExpressionError } from './errors';

export type DataMap = Record<string, unknown>;

export function isList(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

export function isMap(value: unknown): value is DataMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isNull(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** The Java-like type name of a value, for messages. */
export function typeName(value: unknown): string {
  if (isNull(value)) return 'null';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Double';
  if (typeof value === 'boolean') return 'Boolean';
  if (isList(value)) return 'List';
  if (typeof value === 'function') return 'Function';
  if (isMap(value)) return 'Map';
  return typeof value;
}

/** Names that lead to prototypes or engine internals in JavaScript. */
export function isForbiddenName(name: string): boolean {
  return (
    name === 'constructor' ||
    name === 'prototype' ||
    (name.startsWith('__') && name.endsWith('__'))
  );
}

export function assertAllowedName(name: string, position?: number): void {
  if (isForbiddenName(name)) {
    throw new ExpressionError('forbidden', `Access to '${name}' is not allowed`, position);
  }
}

/**
 * Reads an own enumerable data property, or reports it absent. A property
 * holding a function is refused: functions never enter the sandbox.
 */
export function readOwn(
  target: object,
  key: string,
  position?: number,
): { found: true; value: unknown } | { found: false } {
  assertAllowedName(key, position);
  if (!Object.prototype.hasOwnProperty.call(target, key)) {
    return { found: false };
  }
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (!descriptor || !descriptor.enumerable || !('value' in descriptor)) {
    return { found: false };
  }
  const value = descriptor.value;
  if (typeof value === 'function' || typeof value === 'symbol') {
    throw new ExpressionError('forbidden', `'${key}' is not data and cannot be accessed`, position);
  }
  return { found: true, value };
}

/** The own enumerable data keys of a map (what `keySet()` and `toJson` see). */
export function ownKeys(map: object): string[] {
  return Object.keys(map).filter(key => {
    const descriptor = Object.getOwnPropertyDescriptor(map, key);
    return descriptor !== undefined && 'value' in descriptor && typeof descriptor.value !== 'function';
  });
}

/** Sets a key on a new object without ever touching a prototype (`__proto__` stays data). */
export function defineKey(target: DataMap, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

export function formatNumber(value: number): string {
  return String(value);
}

/** Java's `toString()`: `null`, `[a, b]` for lists, `{k=v}` for maps. */
export function javaString(value: unknown, maxDepth = 100): string {
  if (maxDepth < 0) {
    throw new ExpressionError('limit', 'Value is nested too deeply to convert to a string');
  }
  if (isNull(value)) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (isList(value)) {
    return `[${value.map(v => javaString(v, maxDepth - 1)).join(', ')}]`;
  }
  if (isMap(value)) {
    const entries = ownKeys(value).map(
      key => `${key}=${javaString(value[key], maxDepth - 1)}`,
    );
    return `{${entries.join(', ')}}`;
  }
  throw new ExpressionError('evaluation', `A ${typeName(value)} cannot be converted to a string`);
}

/**
 * How one `${…}` inside longer text is rendered (Spring's conversion to
 * String): null is empty, a list is its elements joined by commas.
 */
export function templateString(value: unknown): string {
  if (isNull(value)) return '';
  if (isList(value)) return value.map(v => javaString(v)).join(',');
  return javaString(value);
}

/** Structural equality, as Java's `equals` on numbers, strings, lists and maps. */
export function deepEqual(a: unknown, b: unknown, maxDepth = 100): boolean {
  if (maxDepth < 0) {
    throw new ExpressionError('limit', 'Values are nested too deeply to compare');
  }
  if (isNull(a) || isNull(b)) return isNull(a) && isNull(b);
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (isList(a) || isList(b)) {
    return (
      isList(a) &&
      isList(b) &&
      a.length === b.length &&
      a.every((item, i) => deepEqual(item, b[i], maxDepth - 1))
    );
  }
  const keysA = ownKeys(a);
  const keysB = ownKeys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every(
      key =>
        Object.prototype.hasOwnProperty.call(b, key) &&
        deepEqual((a as DataMap)[key], (b as DataMap)[key], maxDepth - 1),
    )
  );
}

/**
 * A deep copy as plain JSON-like data, so that results never alias the
 * execution they were read from and nothing but data leaves the sandbox.
 */
export function cloneData(value: unknown, maxDepth: number): unknown {
  if (maxDepth < 0) {
    throw new ExpressionError('limit', 'Value is nested too deeply');
  }
  if (isNull(value)) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return value;
    case 'object':
      if (isList(value)) {
        return value.map(item => cloneData(item, maxDepth - 1));
      }
      return cloneMap(value as object, maxDepth);
    default:
      throw new ExpressionError('forbidden', `A ${typeName(value)} is not data`);
  }
}

function cloneMap(map: object, maxDepth: number): DataMap {
  const copy: DataMap = {};
  for (const key of ownKeys(map)) {
    defineKey(copy, key, cloneData((map as DataMap)[key], maxDepth - 1));
  }
  return copy;
}

/**
 * A condition's truth, with Spring's String→Boolean conversion
 * (true/on/yes/1, false/off/no/0). Anything else is an error, as in SpEL.
 */
export function toCondition(value: unknown, what: string, position?: number): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (['true', 'on', 'yes', '1'].includes(word)) return true;
    if (['false', 'off', 'no', '0'].includes(word)) return false;
  }
  throw new ExpressionError(
    'evaluation',
    `${what} must be a boolean, not ${typeName(value)}${typeof value === 'string' ? ` '${value}'` : ''}`,
    position,
  );
}
