// Runs in: main and trainer processes (plain Node). A timestamp assembled from several columns: year / month / day /
// hour / minute (the Beijing PM2.5 file), or a date column plus a time-of-day (or hour) column. Found by the columns'
// names and values, or named by the user (ImportOptions.timeParts); built on a UTC axis like offset-less ISO times.
import { UserError } from '../../../shared/util/errors';
import type { Cells } from './column-store';
import type { RawColumn } from './column-types';
import { isMissing } from './cell-values';
import { daysFromCivil, daysInMonth } from './datetime';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type PartRole = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'date' | 'time';

export interface TimePartsPlan {
  columns: number[];
  roles: PartRole[];
}

const CALENDAR_ROLES: PartRole[] = ['year', 'month', 'day', 'hour', 'minute'];
const NAMES: [RegExp, PartRole][] = [
  [/^(year|yr)s?$/i, 'year'],
  [/^(month|mo)s?$/i, 'month'],
  [/^(day|dd)s?$/i, 'day'],
  [/^(hour|hr|hh)s?$/i, 'hour'],
  [/^(minute|min)s?$/i, 'minute'],
  [/^date$/i, 'date'],
  [/^time$/i, 'time'],
];
/** Whole numbers a part may hold. Hour 24 is allowed: some stations write the hour ending at midnight as 24. */
const RANGES: Partial<Record<PartRole, [number, number]>> = {
  year: [1, 9999],
  month: [1, 12],
  day: [1, 31],
  hour: [0, 24],
  minute: [0, 59],
};
/** Detection asks more of a year than the user's choice does: a column named "year" holding 1..5 is a study year. */
const DETECTED_YEARS: [number, number] = [1000, 9999];
const TIME_OF_DAY = /^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$/;

/** Finds time parts by name; null unless the names and every value fit. A file with a single time column never asks. */
/** `cellsOf(c)`: the cells of column c as written (only text-like columns are asked for). */
export type CellsOf = (c: number) => Cells;

export function detectTimeParts(names: string[], raws: RawColumn[], cellsOf: CellsOf): TimePartsPlan | null {
  const byRole = new Map<PartRole, number>();
  names.forEach((name, c) => {
    const role = NAMES.find(([pattern]) => pattern.test(name.trim()))?.[1];
    if (role !== undefined && !byRole.has(role)) byRole.set(role, c);
  });
  const date = byRole.get('date');
  if (date !== undefined && isDateOnly(raws[date])) {
    const time = byRole.get('time');
    if (time !== undefined && isTimeOfDayColumn(raws[time], cellsOf, time)) return { columns: [date, time], roles: ['date', 'time'] };
    const plan: TimePartsPlan = { columns: [date], roles: ['date'] };
    for (const role of ['hour', 'minute'] as const) {
      const c = byRole.get(role);
      if (c === undefined || !wholeNumbersIn(raws[c], RANGES[role]!)) break;
      plan.columns.push(c);
      plan.roles.push(role);
    }
    if (plan.columns.length > 1) return plan;
  }
  const plan: TimePartsPlan = { columns: [], roles: [] };
  for (const role of CALENDAR_ROLES) {
    const c = byRole.get(role);
    const range = role === 'year' ? DETECTED_YEARS : RANGES[role]!;
    if (c === undefined || !wholeNumbersIn(raws[c], range)) break;
    plan.columns.push(c);
    plan.roles.push(role);
  }
  // A year column alone is as likely a feature as a time: ask for year and month at least.
  return plan.columns.length >= 2 ? plan : null;
}

/** The user's list of columns, read in order: year, month, day, hour, minute, or a date then a time (or hour, minute). */
export function planFromNames(requested: string[], names: string[], raws: RawColumn[], cellsOf: CellsOf, fileName: string): TimePartsPlan {
  const columns = requested.map((name) => {
    const c = names.indexOf(name);
    if (c === -1) {
      throw new UserError(`Time part "${name}" is not a column of ${fileName}: choose among ${names.map((n) => `"${n}"`).join(', ')}.`);
    }
    return c;
  });
  if (new Set(columns).size !== columns.length) throw new UserError('Each time part must be a different column: remove the repeated one.');
  const startsWithDate = raws[columns[0]].kind === 'datetime';
  if (requested.length > (startsWithDate ? 3 : 5)) {
    throw new UserError(`Too many time parts (${requested.length}): give year, month, day, hour, minute (or a date, then a time or hour and minute).`);
  }
  const roles: PartRole[] = startsWithDate
    ? ['date', ...(raws[columns[1]]?.kind === 'number' ? (['hour', 'minute'] as const) : (['time'] as const))].slice(0, columns.length) as PartRole[]
    : CALENDAR_ROLES.slice(0, columns.length);
  roles.forEach((role, k) => {
    const c = columns[k];
    const range = RANGES[role];
    const ok =
      role === 'date' ? isDateOnly(raws[c]) : role === 'time' ? isTimeOfDayColumn(raws[c], cellsOf, c) : wholeNumbersIn(raws[c], range!);
    if (!ok) {
      const want =
        role === 'date' ? 'dates without a time of day' : role === 'time' ? 'times of day like 13:00' : `whole numbers from ${range![0]} to ${range![1]}`;
      throw new UserError(
        `Column "${names[c]}" cannot be the ${role === 'time' ? 'time-of-day' : role} part of the time: it should hold ${want}. ` +
          'Choose the columns in the order year, month, day, hour, minute (or a date, then a time of day or hour and minute).',
      );
    }
  });
  return { columns, roles };
}

/** Epoch ms per file row; NaN where a part is missing or the parts make no date (31 April). */
export function assembleTimes(plan: TimePartsPlan, raws: RawColumn[], cellsOf: CellsOf, rowCount: number): Float64Array {
  const times = new Float64Array(rowCount);
  const part = (role: PartRole): Float64Array | null => {
    const k = plan.roles.indexOf(role);
    return k === -1 ? null : (raws[plan.columns[k]].values as Float64Array);
  };
  const [year, month, day, hour, minute] = CALENDAR_ROLES.map(part);
  const date = part('date');
  const time = plan.roles.indexOf('time');
  const timeCells = time === -1 ? null : cellsOf(plan.columns[time]);
  for (let i = 0; i < rowCount; i++) {
    const h = hour ? hour[i] : 0;
    const min = minute ? minute[i] : 0;
    let dayStart: number;
    if (date) {
      dayStart = date[i];
    } else {
      const y = year![i];
      const m = month ? month[i] : 1;
      const d = day ? day[i] : 1;
      dayStart = m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) ? daysFromCivil(y, m, d) * DAY : NaN;
    }
    const clock = timeCells === null ? h * HOUR + min * MINUTE : timeOfDay(timeCells.cell(i));
    times[i] = dayStart + clock;
  }
  return times;
}

function wholeNumbersIn(raw: RawColumn, [min, max]: [number, number]): boolean {
  if (raw.kind !== 'number' || raw.values === null || raw.strays > 0) return false;
  let filled = 0;
  for (const v of raw.values) {
    if (v !== v) continue;
    if (!Number.isInteger(v) || v < min || v > max) return false;
    filled += 1;
  }
  return filled > 0;
}

function isDateOnly(raw: RawColumn | undefined): boolean {
  if (raw === undefined || raw.kind !== 'datetime' || raw.values === null) return false;
  for (const v of raw.values) if (v === v && v % DAY !== 0) return false;
  return true;
}

function isTimeOfDayColumn(raw: RawColumn, cellsOf: CellsOf, c: number): boolean {
  // Date/time columns never are ('13:00' is no ISO date): spare reading their text back from the file.
  if (raw.kind === 'datetime' || raw.kind === 'empty') return false;
  const cells = cellsOf(c);
  let filled = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.cell(i);
    if (isMissing(cell)) continue;
    if (timeOfDay(cell) !== timeOfDay(cell)) return false;
    filled += 1;
  }
  return filled > 0;
}

function timeOfDay(cell: string): number {
  const m = TIME_OF_DAY.exec(cell.trim());
  if (m === null) return NaN;
  const hour = +m[1];
  const minute = +m[2];
  const second = m[3] === undefined ? 0 : +m[3];
  if (hour > 24 || minute > 59 || second > 59) return NaN;
  return hour * HOUR + minute * MINUTE + second * 1000;
}
