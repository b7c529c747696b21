import { badRequest } from './errors';
import { KubeObject } from './types';

/** A compiled label selector requirement, as in apimachinery's labels.Requirement. */
export type LabelRequirement =
  | { key: string; op: 'exists' | 'notexists' }
  | { key: string; op: 'in' | 'notin'; values: Set<string> };

export type Matcher = (obj: KubeObject) => boolean;

const KEY_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map(s => s.trim()).filter(s => s.length > 0);
}

function checkKey(key: string, selector: string) {
  if (!KEY_RE.test(key) || key.length > 316) {
    throw badRequest(`unable to parse requirement: invalid label key "${key}" in selector "${selector}"`);
  }
}

function checkValue(value: string, selector: string) {
  if (!VALUE_RE.test(value) || value.length > 63) {
    throw badRequest(`unable to parse requirement: invalid label value: "${value}" in selector "${selector}"`);
  }
}

export function parseLabelSelector(selector: string): LabelRequirement[] {
  const requirements: LabelRequirement[] = [];
  for (const term of splitTerms(selector)) {
    const setBased = term.match(/^(\S+)\s+(in|notin)\s*\((.*)\)$/);
    const equality = term.match(/^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/);
    const absent = term.match(/^!\s*(\S+)$/);
    if (setBased) {
      checkKey(setBased[1], selector);
      const values = setBased[3].split(',').map(v => v.trim()).filter(v => v !== '');
      values.forEach(v => checkValue(v, selector));
      requirements.push({ key: setBased[1], op: setBased[2] as 'in' | 'notin', values: new Set(values) });
    } else if (equality) {
      checkKey(equality[1], selector);
      checkValue(equality[3].trim(), selector);
      requirements.push({ key: equality[1], op: equality[2] === '!=' ? 'notin' : 'in', values: new Set([equality[3].trim()]) });
    } else if (absent) {
      checkKey(absent[1], selector);
      requirements.push({ key: absent[1], op: 'notexists' });
    } else if (/^\S+$/.test(term)) {
      checkKey(term, selector);
      requirements.push({ key: term, op: 'exists' });
    } else {
      throw badRequest(`unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }
  return requirements;
}

export function labelsMatch(requirements: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  for (const r of requirements) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case 'exists':
        if (!has) return false;
        break;
      case 'notexists':
        if (has) return false;
        break;
      case 'in':
        if (!has || !r.values.has(labels![r.key])) return false;
        break;
      case 'notin':
        if (has && r.values.has(labels![r.key])) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A LabelSelector object (matchLabels / matchExpressions) as the string form. */
export function labelSelectorToString(selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): string {
  if (!selector) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    switch (e.operator) {
      case 'In': parts.push(`${e.key} in (${(e.values ?? []).join(',')})`); break;
      case 'NotIn': parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`); break;
      case 'Exists': parts.push(e.key); break;
      case 'DoesNotExist': parts.push(`!${e.key}`); break;
      default: throw badRequest(`"${e.operator}" is not a valid label selector operator`);
    }
  }
  return parts.join(',');
}

interface FieldRequirement {
  path: string[];
  negate: boolean;
  value: string;
}

function parseFieldSelector(selector: string): FieldRequirement[] {
  return splitTerms(selector).map(term => {
    const m = term.match(/^([^=!]+?)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    return { path: m[1].trim().split('.'), negate: m[2] === '!=', value: m[3].trim() };
  });
}

function fieldValue(obj: KubeObject, path: string[]): string {
  let cur: any = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = cur[p];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

/** Compiles label and field selectors into one predicate; undefined when both are empty. */
export function compileSelectors(labelSelector?: string, fieldSelector?: string): Matcher | undefined {
  const labels = labelSelector ? parseLabelSelector(labelSelector) : [];
  const fields = fieldSelector ? parseFieldSelector(fieldSelector) : [];
  if (labels.length === 0 && fields.length === 0) return undefined;
  return (obj: KubeObject) => {
    if (labels.length > 0 && !labelsMatch(labels, obj.metadata.labels)) return false;
    for (const f of fields) {
      const equal = fieldValue(obj, f.path) === f.value;
      if (equal === f.negate) return false;
    }
    return true;
  };
}

/** When the field selector pins metadata.name / metadata.namespace, the value (for index lookups). */
export function pinnedField(fieldSelector: string | undefined, field: string): string | undefined {
  if (!fieldSelector) return undefined;
  const found = parseFieldSelector(fieldSelector).find(f => !f.negate && f.path.join('.') === field);
  return found?.value;
}
