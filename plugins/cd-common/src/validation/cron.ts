/**
 * Syntax check of cron expressions as Spinnaker users write them: Unix
 * (5 fields), with seconds (6 fields) and Quartz's (6 or 7 fields, with `?`,
 * `L`, `W` and `#`, as Deck generates them), plus the `@daily`-style macros.
 * Written here rather than taken from a cron library because this package is
 * isomorphic (the editor checks as the user types) and only needs syntax.
 */

interface CronField {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Quartz's extras: `?`, `L`, `W` (day of month) or `L`, `#` (day of week). */
  kind?: 'dayOfMonth' | 'dayOfWeek';
}

const MONTHS = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const SECOND: CronField = { name: 'second', min: 0, max: 59 };
const MINUTE: CronField = { name: 'minute', min: 0, max: 59 };
const HOUR: CronField = { name: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: CronField = {
  name: 'day of month',
  min: 1,
  max: 31,
  kind: 'dayOfMonth',
};
const MONTH: CronField = { name: 'month', min: 1, max: 12, names: MONTHS };
// 0-7 covers Unix (0 and 7 are Sunday) and Quartz (1 is Sunday).
const DAY_OF_WEEK: CronField = {
  name: 'day of week',
  min: 0,
  max: 7,
  names: DAYS,
  kind: 'dayOfWeek',
};
const YEAR: CronField = { name: 'year', min: 1970, max: 2199 };

const LAYOUTS: Record<number, CronField[]> = {
  5: [MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK],
  6: [SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK],
  7: [SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK, YEAR],
};

const MACROS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);

/** Undefined when the expression is valid, else what is wrong with it. */
export function cronExpressionError(expression: string): string | undefined {
  const trimmed = expression.trim();
  if (!trimmed) return 'cron expression is empty';
  if (trimmed.startsWith('@')) {
    return MACROS.has(trimmed.toLowerCase())
      ? undefined
      : `unknown cron macro ${JSON.stringify(trimmed)} (expected one of ${[
          ...MACROS,
        ].join(', ')})`;
  }
  const parts = trimmed.split(/\s+/);
  const layout = LAYOUTS[parts.length];
  if (!layout) {
    return `cron expression has ${parts.length} fields; expected 5 (minute hour day-of-month month day-of-week), 6 (with seconds first) or 7 (Quartz, with year last)`;
  }
  for (let i = 0; i < layout.length; i++) {
    const error = fieldError(parts[i].toUpperCase(), layout[i]);
    if (error)
      return `${layout[i].name} field ${JSON.stringify(parts[i])}: ${error}`;
  }
  return undefined;
}

function fieldError(text: string, field: CronField): string | undefined {
  if (text === '?') {
    return field.kind
      ? undefined
      : `"?" is only allowed in day of month and day of week`;
  }
  for (const item of text.split(',')) {
    if (!item) return 'empty list item';
    const error = itemError(item, field);
    if (error) return error;
  }
  return undefined;
}

function itemError(item: string, field: CronField): string | undefined {
  const special = quartzSpecialError(item, field);
  if (special !== null) return special;

  const [range, step, extra] = item.split('/');
  if (extra !== undefined)
    return `more than one "/" in ${JSON.stringify(item)}`;
  if (step !== undefined) {
    if (!/^\d+$/.test(step) || Number(step) < 1)
      return `step ${JSON.stringify(step)} must be a positive integer`;
    if (Number(step) > field.max)
      return `step ${step} is larger than ${field.max}`;
  }
  if (range === '*') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2) return `bad range ${JSON.stringify(range)}`;
  const values: number[] = [];
  for (const bound of bounds) {
    const value = valueOf(bound, field);
    if (typeof value === 'string') return value;
    values.push(value);
  }
  if (values.length === 2 && values[0] > values[1] && !field.names) {
    return `range ${range} goes backwards`;
  }
  return undefined;
}

/** null when `item` is not a Quartz special; else its error or undefined. */
function quartzSpecialError(
  item: string,
  field: CronField,
): string | undefined | null {
  if (field.kind === 'dayOfMonth') {
    if (item === 'L' || item === 'LW') return undefined;
    const lastOffset = /^L-(\d+)$/.exec(item);
    if (lastOffset)
      return Number(lastOffset[1]) <= 30
        ? undefined
        : `offset ${lastOffset[1]} is larger than 30`;
    const weekday = /^(\d+)W$/.exec(item);
    if (weekday) return inRange(Number(weekday[1]), field);
  }
  if (field.kind === 'dayOfWeek') {
    if (item === 'L') return undefined;
    const last = /^([A-Z]+|\d+)L$/.exec(item);
    if (last) {
      const v = valueOf(last[1], field);
      return typeof v === 'string' ? v : undefined;
    }
    const nth = /^([A-Z]+|\d+)#(\d+)$/.exec(item);
    if (nth) {
      const v = valueOf(nth[1], field);
      if (typeof v === 'string') return v;
      const n = Number(nth[2]);
      return n >= 1 && n <= 5
        ? undefined
        : `occurrence #${n} must be between 1 and 5`;
    }
  }
  return null;
}

function valueOf(text: string, field: CronField): number | string {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return inRange(n, field) ?? n;
  }
  const named = field.names?.indexOf(text) ?? -1;
  if (named >= 0) return field === MONTH ? named + 1 : named;
  return `${JSON.stringify(text)} is not a number${
    field.names ? ' or a name' : ''
  }`;
}

function inRange(n: number, field: CronField): string | undefined {
  return n >= field.min && n <= field.max
    ? undefined
    : `${n} is out of range ${field.min}-${field.max}`;
}
