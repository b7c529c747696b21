import { listStrategy, itemsHaveKey } from './listKeys';
import { KubeObject } from './types';

/*
 * Field ownership as server-side apply tracks it: each manager owns a set of field paths, serialised
 * as FieldsV1 (`f:name`, `k:{"name":"x"}`, `v:"value"`). Paths are kept internally as the FieldsV1
 * path elements joined with '\n'.
 */

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** path key → fingerprint of the value at that path ('' for list items and other non-leaves) */
export type FieldValues = Map<string, string>;

const SEP = '\n';
const MANAGED_METADATA = new Set(['labels', 'annotations', 'finalizers', 'ownerReferences']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Collects the owned-field paths of an object (or apply configuration) with a fingerprint of each leaf. */
export function collectFields(obj: KubeObject, builtin: boolean): FieldValues {
  const out: FieldValues = new Map();
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (k === 'metadata') {
      if (!isPlainObject(v)) continue;
      for (const [mk, mv] of Object.entries(v)) {
        if (MANAGED_METADATA.has(mk) && mv !== undefined) walk(mv, ['f:metadata', `f:${mk}`], ['metadata', mk], builtin, out);
      }
      continue;
    }
    walk(v, [`f:${k}`], [k], builtin, out);
  }
  return out;
}

function walk(value: unknown, path: string[], names: string[], builtin: boolean, out: FieldValues) {
  if (value === undefined) return;
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) {
      out.set(path.join(SEP), '{}');
      return;
    }
    for (const [k, v] of entries) walk(v, [...path, `f:${k}`], [...names, k], builtin, out);
    return;
  }
  if (Array.isArray(value)) {
    const strategy = listStrategy(names, builtin);
    if (strategy.type === 'map' && value.length > 0 && itemsHaveKey(value, strategy.key)) {
      for (const item of value) {
        const itemPath = [...path, `k:${JSON.stringify({ [strategy.key]: item[strategy.key] })}`];
        out.set(itemPath.join(SEP), '');
        for (const [k, v] of Object.entries(item)) walk(v, [...itemPath, `f:${k}`], [...names, k], builtin, out);
      }
      return;
    }
    if (strategy.type === 'set' && value.length > 0 && value.every(v => !isPlainObject(v) && !Array.isArray(v))) {
      for (const item of value) out.set([...path, `v:${JSON.stringify(item)}`].join(SEP), '');
      return;
    }
    out.set(path.join(SEP), JSON.stringify(value));
    return;
  }
  out.set(path.join(SEP), JSON.stringify(value));
}

export function toFieldsV1(paths: Iterable<string>): Record<string, unknown> {
  const root: Record<string, any> = {};
  for (const p of paths) {
    let node = root;
    const elements = p.split(SEP);
    elements.forEach((el, i) => {
      node[el] = node[el] ?? {};
      node = node[el];
      if (i === elements.length - 1 && (el.startsWith('k:') || el.startsWith('v:')) ) {
        if (el.startsWith('k:')) node['.'] = {};
      }
    });
  }
  return root;
}

export function fromFieldsV1(fields: unknown): Set<string> {
  const out = new Set<string>();
  const visit = (node: unknown, path: string[]) => {
    if (!isPlainObject(node)) return;
    const keys = Object.keys(node);
    if (keys.length === 0 && path.length > 0) {
      out.add(path.join(SEP));
      return;
    }
    for (const k of keys) {
      if (k === '.') {
        out.add(path.join(SEP));
        continue;
      }
      visit(node[k], [...path, k]);
    }
  };
  visit(fields, []);
  return out;
}

/** `.spec.containers[name="app"].image`, the form conflict messages use. */
export function displayPath(pathKey: string): string {
  return pathKey
    .split(SEP)
    .map(el => {
      if (el.startsWith('f:')) return `.${el.slice(2)}`;
      if (el.startsWith('k:')) {
        const keyObj = JSON.parse(el.slice(2));
        return `[${Object.entries(keyObj).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
      }
      if (el.startsWith('v:')) return `[=${el.slice(2)}]`;
      return el;
    })
    .join('');
}

export function pathElements(pathKey: string): string[] {
  return pathKey.split(SEP);
}

export function readManagedFields(obj: KubeObject | undefined): ManagedFieldsEntry[] {
  const mf = obj?.metadata?.managedFields;
  return Array.isArray(mf) ? (mf as ManagedFieldsEntry[]) : [];
}

function nowSeconds(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * Ownership after a non-apply write: the writer takes every field whose value it changed or added,
 * other managers lose those fields and any field that was removed.
 */
export function managedFieldsAfterUpdate(
  previous: KubeObject | undefined,
  next: KubeObject,
  manager: string,
  subresource: string | undefined,
  builtin: boolean,
): ManagedFieldsEntry[] {
  const before = previous ? collectFields(previous, builtin) : new Map<string, string>();
  const after = collectFields(next, builtin);
  const changed: string[] = [];
  for (const [k, v] of after) if (before.get(k) !== v) changed.push(k);
  const removed: string[] = [];
  for (const k of before.keys()) if (!after.has(k)) removed.push(k);
  const entries = readManagedFields(previous);
  if (changed.length === 0 && removed.length === 0) return entries;

  const result: ManagedFieldsEntry[] = [];
  let own: Set<string> | undefined;
  for (const e of entries) {
    const set = fromFieldsV1(e.fieldsV1);
    const isOwn = e.manager === manager && e.operation === 'Update' && (e.subresource ?? '') === (subresource ?? '');
    removed.forEach(k => set.delete(k));
    if (isOwn) {
      own = set;
      continue;
    }
    changed.forEach(k => set.delete(k));
    if (set.size > 0) result.push(set.size === fromFieldsV1(e.fieldsV1).size ? e : { ...e, fieldsV1: toFieldsV1(set) });
  }
  own = own ?? new Set();
  changed.forEach(k => own!.add(k));
  if (own.size > 0) {
    result.push({
      manager,
      operation: 'Update',
      apiVersion: next.apiVersion,
      time: nowSeconds(),
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(own),
      ...(subresource ? { subresource } : {}),
    });
  }
  return result;
}

export function applyEntry(manager: string, apiVersion: string, fields: Iterable<string>, subresource?: string): ManagedFieldsEntry {
  return {
    manager,
    operation: 'Apply',
    apiVersion,
    time: nowSeconds(),
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1(fields),
    ...(subresource ? { subresource } : {}),
  };
}
