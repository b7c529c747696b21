/*
 * Cron schedules as CronJob uses them: five fields (minute hour day-of-month month day-of-week),
 * `*`, lists, ranges, steps, month and weekday names, and the @hourly family. Times are UTC.
 */

export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** day-of-month and day-of-week both restricted: either matches (cron's OR rule) */
  dayOr: boolean;
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export function parseCron(
  expression: string,
  fieldPath = 'spec.schedule',
): CronSchedule {
  let text = expression.trim();
  if (text.startsWith('TZ=') || text.startsWith('CRON_TZ=')) {
    throw new Error(
      `${fieldPath}: time zones in the schedule are not supported, use spec.timeZone`,
    );
  }
  text = MACROS[text.toLowerCase()] ?? text;
  const fields = text.split(/\s+/);
  if (fields.length !== 5)
    throw new Error(
      `${fieldPath}: "${expression}" must have 5 fields (minute hour day-of-month month day-of-week)`,
    );
  const [minute, hour, day, month, weekday] = fields;
  const weekdays = parseField(
    weekday,
    0,
    7,
    WEEKDAYS,
    `${fieldPath} (day of week)`,
  );
  if (weekdays.has(7)) {
    weekdays.delete(7);
    weekdays.add(0);
  }
  return {
    minutes: parseField(minute, 0, 59, [], `${fieldPath} (minute)`),
    hours: parseField(hour, 0, 23, [], `${fieldPath} (hour)`),
    days: parseField(day, 1, 31, [], `${fieldPath} (day of month)`),
    months: parseField(month, 1, 12, MONTHS, `${fieldPath} (month)`, 1),
    weekdays,
    dayOr: !day.startsWith('*') && !weekday.startsWith('*'),
  };
}

function parseField(
  field: string,
  min: number,
  max: number,
  names: string[],
  path: string,
  nameBase = 0,
): Set<number> {
  const out = new Set<number>();
  const value = (token: string) => {
    const byName = names.indexOf(token.toLowerCase());
    if (byName >= 0) return byName + nameBase;
    if (!/^\d+$/.test(token))
      throw new Error(`${path}: "${token}" is not a number`);
    const n = Number(token);
    if (n < min || n > max)
      throw new Error(`${path}: ${n} is outside ${min}-${max}`);
    return n;
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new Error(`${path}: bad step "${stepText}"`);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      from = value(a);
      to = value(b);
      if (from > to) throw new Error(`${path}: range ${range} goes backwards`);
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    for (let n = from; n <= to; n += step) out.add(n);
  }
  return out;
}

export function cronMatches(schedule: CronSchedule, date: Date): boolean {
  if (
    !schedule.minutes.has(date.getUTCMinutes()) ||
    !schedule.hours.has(date.getUTCHours())
  )
    return false;
  if (!schedule.months.has(date.getUTCMonth() + 1)) return false;
  const dayOk = schedule.days.has(date.getUTCDate());
  const weekdayOk = schedule.weekdays.has(date.getUTCDay());
  return schedule.dayOr ? dayOk || weekdayOk : dayOk && weekdayOk;
}

/** The first scheduled minute strictly after `after`; searches up to ~4 years ahead. */
export function nextRun(schedule: CronSchedule, after: Date): Date | undefined {
  const t = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
  for (let i = 0; i < 4 * 366 * 24 * 60; i++) {
    if (cronMatches(schedule, t)) return t;
    // skip whole hours/days that cannot match, to keep the search short
    if (
      !schedule.hours.has(t.getUTCHours()) ||
      !schedule.months.has(t.getUTCMonth() + 1)
    ) {
      t.setUTCMinutes(0);
      t.setUTCHours(t.getUTCHours() + 1);
      continue;
    }
    t.setUTCMinutes(t.getUTCMinutes() + 1);
  }
  return undefined;
}

/** The latest scheduled minute in (after, now], if any. */
export function latestRun(
  schedule: CronSchedule,
  after: Date,
  now: Date,
): Date | undefined {
  let latest: Date | undefined;
  let cursor = nextRun(schedule, after);
  let guard = 0;
  while (cursor && cursor.getTime() <= now.getTime() && guard++ < 100_000) {
    latest = cursor;
    cursor = nextRun(schedule, cursor);
  }
  return latest;
}
