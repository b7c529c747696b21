import { badRequest } from '../../store/errors';
import { itemsHaveKey, listStrategy } from '../../store/listKeys';
import { clone, deepEqual, isPlainObject } from '../../store/objectUtils';

/*
 * Strategic merge patch as kubectl sends it: lists merge by their patchMergeKey (listKeys.ts),
 * directives `$patch: replace|delete|merge`, `$retainKeys`, `$setElementOrder/<field>`,
 * `$deleteFromPrimitiveList/<field>`, and `null` deleting a field.
 */

const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.filter(v => !(isPlainObject(v) && v.$patch !== undefined && Object.keys(v).length === 1)).map(stripDirectives);
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith(SET_ORDER) || k.startsWith(DELETE_PRIMITIVE)) continue;
    if (v === null) continue;
    out[k] = stripDirectives(v);
  }
  return out;
}

export function applyStrategicMergePatch(original: unknown, patch: unknown, builtin: boolean): unknown {
  return mergeMap(original, patch, [], builtin);
}

function mergeMap(original: unknown, patch: unknown, names: string[], builtin: boolean): unknown {
  if (!isPlainObject(patch)) return clone(patch);
  const directive = patch.$patch;
  if (directive === 'replace') return stripDirectives(patch);
  if (directive === 'delete') return undefined;
  if (directive !== undefined && directive !== 'merge') {
    throw badRequest(`Unknown patch type: ${String(directive)} at ${names.join('.') || 'root'}`);
  }
  const result: Record<string, unknown> = isPlainObject(original) ? { ...original } : {};
  const orders: [string, unknown[]][] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue;
    if (k.startsWith(SET_ORDER)) {
      if (Array.isArray(v)) orders.push([k.slice(SET_ORDER.length), v]);
      continue;
    }
    if (k.startsWith(DELETE_PRIMITIVE)) {
      const field = k.slice(DELETE_PRIMITIVE.length);
      if (Array.isArray(result[field]) && Array.isArray(v)) {
        result[field] = (result[field] as unknown[]).filter(x => !v.some(d => deepEqual(d, x)));
      }
      continue;
    }
    if (v === null) {
      delete result[k];
    } else if (Array.isArray(v)) {
      result[k] = mergeList(result[k], v, [...names, k], builtin);
    } else if (isPlainObject(v)) {
      const merged = mergeMap(result[k], v, [...names, k], builtin);
      if (merged === undefined) delete result[k];
      else result[k] = merged;
    } else {
      result[k] = v;
    }
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys as string[]);
    for (const k of Object.keys(result)) if (!keep.has(k)) delete result[k];
  }
  for (const [field, order] of orders) {
    if (Array.isArray(result[field])) result[field] = reorder(result[field] as unknown[], order, [...names, field], builtin);
  }
  return result;
}

function mergeList(original: unknown, patch: unknown[], names: string[], builtin: boolean): unknown[] {
  if (patch.some(i => isPlainObject(i) && i.$patch === 'replace')) {
    return stripDirectives(patch.filter(i => !(isPlainObject(i) && i.$patch === 'replace'))) as unknown[];
  }
  const strategy = listStrategy(names, builtin);
  const base = Array.isArray(original) ? clone(original) : [];
  if (strategy.type === 'map' && itemsHaveKey(patch, strategy.key)) {
    const key = strategy.key;
    for (const item of patch as Record<string, unknown>[]) {
      const idx = base.findIndex(b => isPlainObject(b) && deepEqual(b[key], item[key]));
      if (item.$patch === 'delete') {
        if (idx >= 0) base.splice(idx, 1);
        continue;
      }
      if (idx >= 0) base[idx] = mergeMap(base[idx], item, names, builtin);
      else base.push(stripDirectives(item));
    }
    return base;
  }
  if (strategy.type === 'set') {
    for (const item of patch) if (!base.some(b => deepEqual(b, item))) base.push(item);
    return base;
  }
  return stripDirectives(patch) as unknown[];
}

/** `$setElementOrder`: listed items first in the given order, the others after them. */
function reorder(list: unknown[], order: unknown[], names: string[], builtin: boolean): unknown[] {
  const strategy = listStrategy(names, builtin);
  const keyOf = (item: unknown) => (strategy.type === 'map' && isPlainObject(item) ? item[strategy.key] : item);
  const positions = order.map(o => keyOf(o));
  const ranked = list.map((item, i) => {
    const pos = positions.findIndex(p => deepEqual(p, keyOf(item)));
    return { item, rank: pos >= 0 ? pos : positions.length + i };
  });
  return ranked.sort((a, b) => a.rank - b.rank).map(r => r.item);
}
