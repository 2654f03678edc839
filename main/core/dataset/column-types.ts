// Runs in: main and trainer processes (plain Node). Decides what each column holds by looking at every cell:
// numbers, date/times, strings, or nothing. Columns the store already parsed (numbers, ISO date/times) only need their
// stray count checked; text columns are parsed here.
import type { DateOrder } from '../../../shared/model/forecast-data';
import { isMissing, toNumber, trimmed } from './cell-values';
import type { Cells, ColumnStore } from './column-store';
import { looksLikeDateTime, parseDateTime } from './datetime';
import { looksLikeDayMonthDate, parseDayMonthColumn, type DayMonthColumn } from './date-order';

export { isMissing, missingToken } from './cell-values';

/**
 * A column that is numeric (or date/time) except for a few stray words still counts as numeric; the strays are
 * reported and treated as missing. "A few": at most 1% of the filled cells, and only in columns of 100+ values,
 * so a short column with one word in it stays a text column.
 */
const MAX_STRAY_SHARE = 0.01;
const MIN_VALUES_FOR_STRAYS = 100;
const STRAY_EXAMPLES = 3;

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

/**
 * Classifies a stored column over all rows; `dateOrder` reads 03/04/2011-style dates the file leaves open. Null when
 * a column stored as numbers or date/times turns out to be text: its cells must then be read again as text.
 */
export function classifyColumn(store: ColumnStore, dateOrder?: DateOrder): RawColumn | null {
  if (store.kind === 'text') return classifyText(store, dateOrder);
  const n = store.length;
  const filled = store.filled;
  const { strays } = store;
  if (strays > Math.floor(MAX_STRAY_SHARE * n)) return null;
  if (strays > 0 && (filled < MIN_VALUES_FOR_STRAYS || strays > MAX_STRAY_SHARE * filled)) return null;
  return { kind: store.kind, values: store.data, strays, strayExamples: [...store.strayExamples] };
}

function classifyText(cells: Cells, dateOrder?: DateOrder): RawColumn {
  let firstRow = 0;
  while (firstRow < cells.length && isMissing(cells.cell(firstRow))) firstRow += 1;
  if (firstRow === cells.length) return { kind: 'empty', values: null, strays: 0, strayExamples: [] };
  const first = trimmed(cells.cell(firstRow));
  const numbers = parseAll(cells, false);
  if (numbers) return { kind: 'number', ...numbers };
  if (looksLikeDateTime(first)) {
    const times = parseAll(cells, true);
    if (times) return { kind: 'datetime', ...times };
  }
  if (looksLikeDayMonthDate(first)) {
    const dates = parseDayMonthColumn(cells, dateOrder, isMissing);
    if (dates) {
      const { kind, values, strays, strayExamples, ...dayMonth } = dates;
      return { kind, values, strays, strayExamples, dayMonth };
    }
  }
  return { kind: 'string', values: null, strays: 0, strayExamples: [] };
}

/** Parses every cell as a number (or a date/time); null as soon as too many filled cells fail to parse. */
function parseAll(cells: Cells, dates: boolean): { values: Float64Array; strays: number; strayExamples: string[] } | null {
  const n = cells.length;
  const values = new Float64Array(n);
  const maxStrays = Math.floor(MAX_STRAY_SHARE * n);
  const strayExamples: string[] = [];
  let strays = 0;
  let filled = 0;
  let previousCell = '';
  let previousValue = NaN;
  for (let i = 0; i < n; i++) {
    const cell = cells.cell(i);
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
