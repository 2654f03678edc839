// Runs in: main and trainer processes (plain Node). Dates written with the day and month as two small numbers
// (31/12/2011 23:00, 12/31/2011 11:00 PM, 01.02.2009 00:10:00, 13-01-2012): which order a column uses, and its instants.
//
// Only a cell whose first number is above 12 proves day-first, and one whose second is above 12 proves month-first.
// A column of cells that never do (all within the first 12 days of months) is ambiguous: the user is asked.
import type { DateOrder } from '../../../shared/model/forecast-data';
import type { Cells } from './column-store';
import { daysFromCivil, daysInMonth } from './datetime';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const EXAMPLES = 3;

// D/M/YYYY, D.M.YYYY or D-M-YYYY (either order), then an optional time of day H:MM[:SS[.fff]] with an optional AM/PM.
const DAY_MONTH = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?(?:\s*([AaPp])\.?[Mm]\.?)?)?$/;

/** What a column's cells say about their order. */
export interface DateOrderEvidence {
  /** Cells that only read as day-first (first number above 12), and a few of them. */
  dayFirst: number;
  dayFirstExamples: string[];
  monthFirst: number;
  monthFirstExamples: string[];
  /** Cells that read either way; a few of them. */
  either: number;
  eitherExamples: string[];
}

/** How the order was settled: by the file, by the user's choice, by assumption, or not at all (mixed). */
export type OrderSource = 'file' | 'choice' | 'assumed' | 'mixed';

export interface DayMonthColumn {
  kind: 'datetime';
  values: Float64Array;
  strays: number;
  strayExamples: string[];
  order: DateOrder;
  source: OrderSource;
  evidence: DateOrderEvidence;
  /** The user chose an order the file rules out (the file wins). */
  choiceOverruled: boolean;
}

export function looksLikeDayMonthDate(text: string): boolean {
  return text.length >= 8 && DAY_MONTH.test(text);
}

/** Epoch ms of `text` read in `order` (wall-clock time on a UTC axis, as for ISO times without an offset), or NaN. */
export function parseDayMonth(text: string, order: DateOrder): number {
  const m = DAY_MONTH.exec(text);
  if (m === null) return NaN;
  const a = +m[1];
  const b = +m[3];
  const year = +m[4];
  const day = order === 'dmy' ? a : b;
  const month = order === 'dmy' ? b : a;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  const time = timeOfDay(m);
  return time === time ? daysFromCivil(year, month, day) * DAY + time : NaN;
}

function timeOfDay(m: RegExpExecArray): number {
  if (m[5] === undefined) return 0;
  let hour = +m[5];
  const minute = +m[6];
  const second = m[7] === undefined ? 0 : +m[7];
  const millis = m[8] === undefined ? 0 : +(m[8] + '00').slice(0, 3);
  const meridiem = m[9]?.toLowerCase();
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return NaN;
    hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 60) return NaN;
  return hour * HOUR + minute * MINUTE + second * 1000 + millis;
}

/** Counts, over every filled cell, which order each allows. `missing(cell)` says which cells hold no value. */
export function gatherEvidence(cells: Cells, missing: (cell: string) => boolean): DateOrderEvidence & { unreadable: number } {
  const evidence = { dayFirst: 0, dayFirstExamples: [] as string[], monthFirst: 0, monthFirstExamples: [] as string[], either: 0, eitherExamples: [] as string[], unreadable: 0 };
  let previous = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.cell(i);
    if (cell === previous || missing(cell)) continue;
    previous = cell;
    const m = DAY_MONTH.exec(cell.trim());
    if (m === null) {
      evidence.unreadable += 1;
      continue;
    }
    const a = +m[1];
    const b = +m[3];
    const year = +m[4];
    const dmy = b >= 1 && b <= 12 && a >= 1 && a <= daysInMonth(year, b);
    const mdy = a >= 1 && a <= 12 && b >= 1 && b <= daysInMonth(year, a);
    const text = cell.trim();
    if (dmy && mdy) {
      evidence.either += 1;
      addExample(evidence.eitherExamples, text);
    } else if (dmy) {
      evidence.dayFirst += 1;
      addExample(evidence.dayFirstExamples, text);
    } else if (mdy) {
      evidence.monthFirst += 1;
      addExample(evidence.monthFirstExamples, text);
    } else {
      evidence.unreadable += 1;
    }
  }
  return evidence;
}

function addExample(examples: string[], text: string): void {
  if (examples.length < EXAMPLES && !examples.includes(text)) examples.push(text);
}

/** The order to read a column in: the file's when it settles it, else the user's choice, else day-first. */
export function decideOrder(evidence: DateOrderEvidence, chosen: DateOrder | undefined): { order: DateOrder; source: OrderSource; choiceOverruled: boolean } {
  const { dayFirst, monthFirst } = evidence;
  if (dayFirst > 0 && monthFirst > 0) {
    return { order: chosen ?? (dayFirst >= monthFirst ? 'dmy' : 'mdy'), source: 'mixed', choiceOverruled: false };
  }
  if (dayFirst > 0 || monthFirst > 0) {
    const order: DateOrder = dayFirst > 0 ? 'dmy' : 'mdy';
    return { order, source: 'file', choiceOverruled: chosen !== undefined && chosen !== order };
  }
  // Day-first is what most of the world writes; the user is asked either way.
  return chosen ? { order: chosen, source: 'choice', choiceOverruled: false } : { order: 'dmy', source: 'assumed', choiceOverruled: false };
}

/**
 * Reads a column as day/month dates, or returns null when too many filled cells are not dates of this shape (the
 * same 1% rule as numbers). Cells that only fit the other order (a mixed column) become missing times, never a reason
 * to give the column up: the findings say how many.
 */
export function parseDayMonthColumn(
  cells: Cells,
  chosen: DateOrder | undefined,
  missing: (cell: string) => boolean,
): DayMonthColumn | null {
  const evidence = gatherEvidence(cells, missing);
  const filledDistinct = evidence.dayFirst + evidence.monthFirst + evidence.either + evidence.unreadable;
  if (evidence.unreadable > 0.01 * filledDistinct) return null;
  const { order, source, choiceOverruled } = decideOrder(evidence, chosen);
  const values = new Float64Array(cells.length);
  const strayExamples: string[] = [];
  let strays = 0;
  let previousCell = '';
  let previousValue = NaN;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.cell(i);
    const value = cell === previousCell ? previousValue : parseDayMonth(cell.trim(), order);
    previousCell = cell;
    previousValue = value;
    values[i] = value;
    if (value !== value && !missing(cell)) {
      strays += 1;
      addExample(strayExamples, cell);
    }
  }
  const { unreadable: _unreadable, ...kept } = evidence;
  return { kind: 'datetime', values, strays, strayExamples, order, source, evidence: kept, choiceOverruled };
}
