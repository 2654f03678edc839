// Runs in: main and trainer processes (plain Node). Decides what each column holds by looking at every cell:
// numbers, date/times, strings, or nothing; numbers and times are parsed in the same pass.
import type { DateOrder } from '../../../shared/forecast-data';
import { looksLikeDateTime, parseDateTime } from './datetime';
import { looksLikeDayMonthDate, parseDayMonthColumn, type DayMonthColumn } from './date-order';

/** Cells that mean "no value". Compared after trimming spaces. */
const MISSING_TOKENS = new Set(['', 'NA', 'N/A', 'n/a', '#N/A', 'null', 'NULL', 'Null', 'NaN', 'nan', '?', '-']);

/**
 * A column that is numeric (or date/time) except for a few stray words still counts as numeric; the strays are
 * reported and treated as missing. "A few": at most 1% of the filled cells, and only in columns of 100+ values,
 * so a short column with one word in it stays a text column.
 */
const MAX_STRAY_SHARE = 0.01;
const MIN_VALUES_FOR_STRAYS = 100;
const STRAY_EXAMPLES = 3;

export function isMissing(cell: string): boolean {
  if (cell.length <= 4 && MISSING_TOKENS.has(cell)) return true;
  // Only cells with a space at either end need trimming; checking the ends avoids trimming 1M cells.
  if (cell.length > 0 && cell.charCodeAt(0) > 32 && cell.charCodeAt(cell.length - 1) > 32) return false;
  return MISSING_TOKENS.has(cell.trim());
}

/** The placeholder a missing cell holds, as the user wrote it (trimmed); '' for an empty cell. */
export function missingToken(cell: string): string {
  return cell.trim();
}

export type RawKind = 'number' | 'datetime' | 'string' | 'empty';

export interface RawColumn {
  kind: RawKind;
  /** number: the values; datetime: epoch ms. NaN where missing or not parseable. Row-aligned with the file rows. */
  values: Float64Array | null;
  /** Filled cells that did not parse in a number/datetime column (treated as missing). */
  strays: number;
  strayExamples: string[];
  /** Set for dates written day/month or month/day (31/12/2011): the order read and the evidence for it. */
  dayMonth?: Omit<DayMonthColumn, 'kind' | 'values' | 'strays' | 'strayExamples'>;
}

/** Classifies column `c` of `rows` over all rows; `dateOrder` reads 03/04/2011-style dates the file leaves open. */
export function classifyColumn(rows: string[][], c: number, dateOrder?: DateOrder): RawColumn {
  const first = rows.find((row) => !isMissing(row[c]));
  if (first === undefined) return { kind: 'empty', values: null, strays: 0, strayExamples: [] };
  const numbers = parseAll(rows, c, false);
  if (numbers) return { kind: 'number', ...numbers };
  if (looksLikeDateTime(trimmed(first[c]))) {
    const times = parseAll(rows, c, true);
    if (times) return { kind: 'datetime', ...times };
  }
  if (looksLikeDayMonthDate(trimmed(first[c]))) {
    const dates = parseDayMonthColumn(rows, c, dateOrder, isMissing);
    if (dates) {
      const { kind, values, strays, strayExamples, ...dayMonth } = dates;
      return { kind, values, strays, strayExamples, dayMonth };
    }
  }
  return { kind: 'string', values: null, strays: 0, strayExamples: [] };
}

/** Parses every cell as a number (or a date/time); null as soon as too many filled cells fail to parse. */
function parseAll(
  rows: string[][],
  c: number,
  dates: boolean,
): { values: Float64Array; strays: number; strayExamples: string[] } | null {
  const n = rows.length;
  const values = new Float64Array(n);
  const maxStrays = Math.floor(MAX_STRAY_SHARE * n);
  const strayExamples: string[] = [];
  let strays = 0;
  let filled = 0;
  let previousCell = '';
  let previousValue = NaN;
  for (let i = 0; i < n; i++) {
    const cell = rows[i][c];
    // Series repeat themselves from row to row (a constant column, a daily value over 24 hours): comparing with the
    // previous cell is much cheaper than parsing it again. Two call sites rather than a callback keep V8 inlining.
    const value = cell === previousCell ? previousValue : dates ? parseDateTime(trimmed(cell)) : toNumber(cell);
    previousCell = cell;
    previousValue = value;
    values[i] = value;
    if (value === value) {
      filled += 1;
    } else if (!isMissing(cell)) {
      strays += 1;
      if (strays > maxStrays) return null;
      if (strayExamples.length < STRAY_EXAMPLES && !strayExamples.includes(cell)) strayExamples.push(cell);
    }
  }
  if (strays > 0 && (filled < MIN_VALUES_FOR_STRAYS || strays > MAX_STRAY_SHARE * filled)) return null;
  return { values, strays, strayExamples };
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * Plain decimals of at most 15 digits ('1015.13', '-0.89'): digits into an exact integer, one division by an exact
 * power of ten, which IEEE rounds correctly (Clinger's fast path), so the result equals `+cell` at a fraction of
 * the cost. NaN for anything else (exponents, spaces, 16+ digits), which `toNumber` then hands to `+cell`.
 */
function parsePlainDecimal(cell: string): number {
  const n = cell.length;
  let i = 0;
  let negative = false;
  const first = cell.charCodeAt(0);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i = 1;
  }
  let mantissa = 0;
  let digitCount = 0;
  let decimals = -1; // -1 until the decimal point
  for (; i < n; i++) {
    const c = cell.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digitCount += 1;
      if (decimals >= 0) decimals += 1;
    } else if (c === 46 && decimals < 0) {
      decimals = 0;
    } else {
      return NaN;
    }
  }
  if (digitCount === 0 || digitCount > 15) return NaN;
  const value = decimals > 0 ? mantissa / POWERS_OF_TEN[decimals] : mantissa;
  return negative ? -value : value;
}

/** A finite decimal number, or NaN. Rejects what `+cell` would also accept but no one means as a number here. */
function toNumber(cell: string): number {
  const n = cell.length;
  if (n === 0) return NaN;
  // Longer than 16 characters can't be 15 digits plus sign or point: don't scan it twice.
  const plain = n <= 16 ? parsePlainDecimal(cell) : NaN;
  if (plain === plain) return plain;
  const value = +cell;
  if (value !== value || value === Infinity || value === -Infinity) return NaN;
  // ' ' becomes 0 under +cell; '0x1F', '0b1', '0o7' are hex/binary/octal ids rather than quantities.
  const c0 = cell.charCodeAt(0);
  if (c0 <= 32 && cell.trim() === '') return NaN;
  if (c0 === 48 && n > 2 && ((cell.charCodeAt(1) | 32) === 120 || (cell.charCodeAt(1) | 32) === 98 || (cell.charCodeAt(1) | 32) === 111)) {
    return NaN;
  }
  return value;
}

function trimmed(cell: string): string {
  return cell.length > 0 && cell.charCodeAt(0) > 32 && cell.charCodeAt(cell.length - 1) > 32 ? cell : cell.trim();
}
