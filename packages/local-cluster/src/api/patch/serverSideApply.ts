import { genericStatus } from '../../store/errors';
import { itemsHaveKey, listStrategy } from '../../store/listKeys';
import {
  ManagedFieldsEntry, applyEntry, collectFields, displayPath, fromFieldsV1, pathElements, readManagedFields, toFieldsV1,
} from '../../store/managedFields';
import { clone, deepEqual, isPlainObject } from '../../store/objectUtils';
import { KubeObject } from '../../store/types';

/*
 * Server-side apply: merges an apply configuration into the live object, tracks field ownership per
 * manager and answers 409 Conflict when another manager owns a field the configuration sets to a
 * different value, unless forced.
 */

export interface ApplyResult {
  object: KubeObject;
  managedFields: ManagedFieldsEntry[];
}

interface Conflict {
  manager: string;
  apiVersion: string;
  path: string;
}

function conflictError(conflicts: Conflict[]) {
  const byManager = new Map<string, Conflict[]>();
  conflicts.forEach(c => byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c]));
  const parts = [...byManager.entries()].map(([manager, cs]) =>
    cs.length === 1
      ? `conflict with "${manager}" using ${cs[0].apiVersion}: ${displayPath(cs[0].path)}`
      : `conflicts with "${manager}" using ${cs[0].apiVersion}:\n${cs.map(c => `- ${displayPath(c.path)}`).join('\n')}`);
  const message = `Apply failed with ${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}: ${parts.join('\n')}`;
  return genericStatus(409, 'Conflict', message, {
    causes: conflicts.map(c => ({
      reason: 'FieldManagerConflict',
      message: `conflict with "${c.manager}" using ${c.apiVersion}`,
      field: displayPath(c.path),
    })),
  });
}

/** Removes one owned path (a leaf, a list item or a set member) from an object. */
function removePath(obj: Record<string, any>, elements: string[]): void {
  let cur: any = obj;
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i];
    const last = i === elements.length - 1;
    if (el.startsWith('f:')) {
      if (!isPlainObject(cur)) return;
      const field = el.slice(2);
      if (last) {
        delete cur[field];
        return;
      }
      cur = cur[field];
    } else if (el.startsWith('k:')) {
      if (!Array.isArray(cur)) return;
      const key = JSON.parse(el.slice(2));
      const idx = cur.findIndex((item: any) => isPlainObject(item) && Object.entries(key).every(([k, v]) => deepEqual(item[k], v)));
      if (idx < 0) return;
      if (last) {
        cur.splice(idx, 1);
        return;
      }
      cur = cur[idx];
    } else if (el.startsWith('v:')) {
      if (!Array.isArray(cur)) return;
      const value = JSON.parse(el.slice(2));
      const idx = cur.findIndex((v: unknown) => deepEqual(v, value));
      if (idx >= 0) cur.splice(idx, 1);
      return;
    } else {
      return;
    }
  }
}

/** Merges an apply configuration into an object: maps recursively, keyed lists by key, sets by value. */
function mergeApplied(live: unknown, applied: unknown, names: string[], builtin: boolean): unknown {
  if (isPlainObject(applied)) {
    const result: Record<string, unknown> = isPlainObject(live) ? { ...live } : {};
    for (const [k, v] of Object.entries(applied)) {
      if (v === null || v === undefined) continue;
      result[k] = mergeApplied(result[k], v, [...names, k], builtin);
    }
    return result;
  }
  if (Array.isArray(applied)) {
    const strategy = listStrategy(names, builtin);
    if (strategy.type === 'map' && itemsHaveKey(applied, strategy.key) && Array.isArray(live)) {
      const result = clone(live) as unknown[];
      for (const item of applied as Record<string, unknown>[]) {
        const idx = result.findIndex(r => isPlainObject(r) && deepEqual(r[strategy.key], item[strategy.key]));
        if (idx >= 0) result[idx] = mergeApplied(result[idx], item, names, builtin);
        else result.push(clone(item));
      }
      // the configuration's items come first, in its order, as the real merge orders them
      const keys = (applied as Record<string, unknown>[]).map(i => i[strategy.key]);
      const rank = (r: unknown) => {
        const i = keys.findIndex(k => isPlainObject(r) && deepEqual(r[strategy.key], k));
        return i >= 0 ? i : keys.length;
      };
      return result.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i).map(x => x.r);
    }
    if (strategy.type === 'set' && Array.isArray(live)) {
      const result = [...applied];
      for (const item of live) if (!result.some(r => deepEqual(r, item))) result.push(item);
      return result;
    }
    return clone(applied);
  }
  return applied;
}

const CLIENT_SIDE_APPLY_MANAGER = 'kubectl-client-side-apply';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Moving from client-side to server-side apply: conflicts with the client-side apply manager are
 * allowed on fields whose live value is still the one in the last-applied-configuration annotation,
 * as the real server's lastAppliedManager does.
 */
function allowedByLastApplied(conflicts: Conflict[], live: KubeObject, liveFields: Map<string, string>, builtin: boolean): boolean {
  const annotation = live.metadata.annotations?.[LAST_APPLIED];
  if (!annotation) return false;
  let lastApplied: KubeObject;
  try {
    lastApplied = JSON.parse(annotation);
  } catch {
    return false;
  }
  if (!isPlainObject(lastApplied)) return false;
  const lastFields = collectFields(lastApplied, builtin);
  return conflicts.every(c =>
    c.manager === CLIENT_SIDE_APPLY_MANAGER && lastFields.has(c.path) && lastFields.get(c.path) === liveFields.get(c.path));
}

function sameManager(e: ManagedFieldsEntry, manager: string, subresource: string | undefined) {
  return e.manager === manager && e.operation === 'Apply' && (e.subresource ?? '') === (subresource ?? '');
}

/**
 * @param live the current object, or undefined to create it from the configuration
 * @param applied the apply configuration (already parsed, metadata.managedFields absent)
 */
export function serverSideApply(
  live: KubeObject | undefined,
  applied: KubeObject,
  manager: string,
  force: boolean,
  builtin: boolean,
  subresource?: string,
): ApplyResult {
  const appliedFields = collectFields(applied, builtin);
  if (!live) {
    return { object: clone(applied), managedFields: [applyEntry(manager, applied.apiVersion, appliedFields.keys(), subresource)] };
  }
  const liveFields = collectFields(live, builtin);
  const entries = readManagedFields(live);
  const otherSets = entries.map(e => ({ entry: e, set: fromFieldsV1(e.fieldsV1), own: sameManager(e, manager, subresource) }));

  const conflicts: Conflict[] = [];
  for (const other of otherSets) {
    if (other.own || other.entry.manager === manager) continue;
    for (const [path, value] of appliedFields) {
      if (value === '' || !other.set.has(path)) continue;
      if (liveFields.has(path) && liveFields.get(path) !== value) {
        conflicts.push({ manager: other.entry.manager, apiVersion: other.entry.apiVersion, path });
      }
    }
  }
  if (conflicts.length > 0 && !force && !allowedByLastApplied(conflicts, live, liveFields, builtin)) throw conflictError(conflicts);
  for (const c of conflicts) {
    otherSets.filter(o => o.entry.manager === c.manager).forEach(o => o.set.delete(c.path));
  }

  // fields this manager applied before and now leaves out are removed, unless someone else owns them
  const previous = otherSets.find(o => o.own)?.set ?? new Set<string>();
  const ownedByOthers = (path: string) =>
    otherSets.some(o => !o.own && (o.set.has(path) || [...o.set].some(p => p.startsWith(`${path}\n`))));
  const object = clone(live);
  const dropped = [...previous].filter(p => !appliedFields.has(p) && !ownedByOthers(p));
  // deepest paths first, so list items go after their fields
  dropped.sort((a, b) => pathElements(b).length - pathElements(a).length).forEach(p => removePath(object, pathElements(p)));

  const merged = mergeApplied(object, applied, [], builtin) as KubeObject;

  const managedFields: ManagedFieldsEntry[] = [];
  let placed = false;
  for (const o of otherSets) {
    if (o.own) {
      const unchanged = o.set.size === appliedFields.size && [...appliedFields.keys()].every(k => o.set.has(k));
      managedFields.push(unchanged ? o.entry : applyEntry(manager, applied.apiVersion, appliedFields.keys(), subresource));
      placed = true;
    } else if (o.set.size > 0) {
      managedFields.push(o.set.size === fromFieldsV1(o.entry.fieldsV1).size ? o.entry : { ...o.entry, fieldsV1: toFieldsV1(o.set) });
    }
  }
  if (!placed) managedFields.push(applyEntry(manager, applied.apiVersion, appliedFields.keys(), subresource));
  return { object: merged, managedFields };
}
