// Runs in: main and trainer processes (plain Node). Per-column figures over the cleaned rows: the ColumnSummary the
// user sees, plus what the findings need (placeholder tokens, zeros, a constant value).
import type { ColumnSummary, ColumnType } from '../../../shared/model/dataset';
import { isMissing, missingToken } from './cell-values';
import type { ColumnStore, TextColumn } from './column-store';
import type { RawColumn } from './column-types';

/**
 * Strings are categories when there are few distinct values and they are short labels ('rain', 'Partly Cloudy',
 * a city); otherwise text (sentences, reviews, ids). Sentences are told apart by their word count, so a column reads
 * the same in a slice as in the whole file (Szeged's "Daily Summary": 43 distinct sentences in 3,000 rows, 214 in all).
 */
const MAX_CATEGORIES = 100;
const MAX_CATEGORY_MEAN_LENGTH = 40;
const MAX_CATEGORY_MEAN_WORDS = 3;
/** Even below MAX_CATEGORIES, a column where most values are unique is free text, not a set of categories. */
const MIN_ROWS_FOR_UNIQUENESS_TEST = 20;

export interface ColumnProfile {
  summary: ColumnSummary;
  /** Non-empty placeholder tokens ('null', 'NA', ...) and how many cells hold each. */
  placeholders: Map<string, number>;
  /** Number/datetime cells that did not parse (counted in `missing`). */
  strays: number;
  strayExamples: string[];
  /** Number columns: cells exactly 0, and the spread of the other values (for the zero-as-missing check). */
  zeros: number;
  nonZero: { count: number; min: number; max: number; mean: number; std: number } | null;
  /** Number columns: the one value every filled cell holds; null unless exactly one distinct value. */
  constant: number | null;
  /** Number columns: the lowest and the highest value, each with its count and the spread of every other value
   * (for the missing-value-marker check: -200, -9999, 9999 repeated far outside the rest). */
  extremes?: Extreme[];
}

export interface Extreme {
  value: number;
  count: number;
  /** The column's other values; null when there are none. */
  rest: { count: number; min: number; max: number; mean: number; std: number } | null;
}

/**
 * Profiles one column over the kept rows (`order` = indices into the file rows, in cleaned order).
 */
export function profileColumn(
  name: string,
  raw: RawColumn,
  store: ColumnStore,
  order: Uint32Array,
  /** Room for order.length values, reused column after column: one array instead of one per column. */
  workspace: Float64Array = new Float64Array(order.length),
): ColumnProfile {
  // The text of a cell whose value is NaN (a parsed column keeps all of those), or of any cell of a text column.
  const textOf = (i: number): string => (store.kind === 'text' ? store.cell(i) : (store.knownCell(i) ?? ''));
  const placeholders = new Map<string, number>();
  const countPlaceholder = (cell: string, times = 1) => {
    const token = missingToken(cell);
    if (token !== '') placeholders.set(token, (placeholders.get(token) ?? 0) + times);
  };
  const base = { placeholders, strays: 0, strayExamples: [] as string[], zeros: 0, nonZero: null, constant: null };

  if (raw.kind === 'empty') {
    for (const i of order) countPlaceholder(textOf(i));
    return { ...base, summary: { name, type: 'empty', missing: order.length, distinct: 0 } };
  }

  if (raw.kind === 'number' || raw.kind === 'datetime') {
    const values = raw.values as Float64Array;
    const kept = workspace.subarray(0, order.length);
    let missing = 0;
    let strays = 0;
    for (let k = 0; k < order.length; k++) {
      const v = values[order[k]];
      kept[k] = v;
      if (v !== v) {
        missing += 1;
        const cell = textOf(order[k]);
        if (isMissing(cell)) countPlaceholder(cell);
        else strays += 1;
      }
    }
    const strayExamples = strays > 0 ? raw.strayExamples : [];
    const distinct = countDistinct(kept);
    if (raw.kind === 'datetime') {
      return { ...base, strays, strayExamples, summary: { name, type: 'datetime', missing, distinct } };
    }
    return { ...base, strays, strayExamples, ...numberFigures(name, kept, missing, distinct) };
  }

  if (store.kind !== 'text') throw new Error(`Column ${name} is typed ${raw.kind} but stored as values.`);
  const dictionary = store.dictionaryView;
  const text = dictionary === null ? textFigures(store, order, countPlaceholder) : dictionaryFigures(dictionary, order, countPlaceholder);
  const filled = order.length - text.missing;
  const type: ColumnType =
    filled === 0 ? 'empty' : isCategory(text.distinct, filled, text.totalLength, text.totalWords) ? 'category' : 'text';
  return { ...base, summary: { name, type, missing: text.missing, distinct: text.distinct } };
}

interface TextFigures {
  missing: number;
  distinct: number;
  totalLength: number;
  totalWords: number;
}

/** Text figures from a dictionary-encoded column: each distinct value is measured once, then counted per row. */
function dictionaryFigures(
  { words, codes }: { words: string[]; codes: Uint32Array },
  order: Uint32Array,
  countPlaceholder: (cell: string, times?: number) => void,
): TextFigures {
  const missingWord = words.map((word) => isMissing(word));
  const wordCounts = words.map((word) => countWords(word));
  const rows = new Uint32Array(words.length);
  // Values in the order they first appear among the kept rows, as a row-by-row count would meet them.
  const appearance: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const code = codes[order[k]];
    if (rows[code] === 0) appearance.push(code);
    rows[code] += 1;
  }
  const figures: TextFigures = { missing: 0, distinct: 0, totalLength: 0, totalWords: 0 };
  for (const code of appearance) {
    const count = rows[code];
    if (missingWord[code]) {
      figures.missing += count;
      countPlaceholder(words[code], count);
    } else {
      figures.distinct += 1;
      figures.totalLength += words[code].length * count;
      figures.totalWords += wordCounts[code] * count;
    }
  }
  return figures;
}

function textFigures(store: TextColumn, order: Uint32Array, countPlaceholder: (cell: string) => void): TextFigures {
  let missing = 0;
  let totalLength = 0;
  let totalWords = 0;
  const seen = new Set<string>();
  let previous: string | null = null;
  let previousMissing = false;
  let previousWords = 0;
  for (let k = 0; k < order.length; k++) {
    const cell = store.cell(order[k]);
    // A repeat of the previous cell (common in series: a day's summary over 24 hours) skips hashing it again.
    const repeat = cell === previous;
    const missingCell: boolean = repeat ? previousMissing : isMissing(cell);
    if (missingCell) {
      missing += 1;
      countPlaceholder(cell);
    } else {
      if (!repeat) {
        seen.add(cell);
        previousWords = countWords(cell);
      }
      totalLength += cell.length;
      totalWords += previousWords;
    }
    previous = cell;
    previousMissing = missingCell;
  }
  return { missing, distinct: seen.size, totalLength, totalWords };
}

function isCategory(distinct: number, filled: number, totalLength: number, totalWords: number): boolean {
  if (distinct > MAX_CATEGORIES) return false;
  if (totalLength / filled > MAX_CATEGORY_MEAN_LENGTH || totalWords / filled > MAX_CATEGORY_MEAN_WORDS) return false;
  return filled < MIN_ROWS_FOR_UNIQUENESS_TEST || distinct <= filled / 2;
}

function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) words += 1;
    inWord = !space;
  }
  return words;
}

function numberFigures(name: string, kept: Float64Array, missing: number, distinct: number) {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let zeros = 0;
  let nzCount = 0;
  let nzMin = Infinity;
  let nzMax = -Infinity;
  let nzSum = 0;
  let nzSumSq = 0;
  for (let k = 0; k < kept.length; k++) {
    const v = kept[k];
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    if (v === 0) {
      zeros += 1;
    } else {
      nzCount += 1;
      if (v < nzMin) nzMin = v;
      if (v > nzMax) nzMax = v;
      nzSum += v;
      nzSumSq += v * v;
    }
  }
  const filled = kept.length - missing;
  const summary: ColumnSummary = { name, type: 'number', missing, distinct };
  if (filled > 0) {
    summary.min = min;
    summary.max = max;
    summary.mean = sum / filled;
  }
  let nonZero: ColumnProfile['nonZero'] = null;
  if (nzCount > 0) {
    const mean = nzSum / nzCount;
    // Population variance from sums; clamp the tiny negatives rounding can produce.
    const std = Math.sqrt(Math.max(0, nzSumSq / nzCount - mean * mean));
    nonZero = { count: nzCount, min: nzMin, max: nzMax, mean, std };
  }
  const constant = distinct === 1 ? min : null;
  const extremes = filled > 1 && min < max ? [extremeFigures(kept, min), extremeFigures(kept, max)] : [];
  return { summary, zeros, nonZero, constant, extremes };
}

/** How often `value` occurs, and the spread of the values other than it (one pass). */
function extremeFigures(kept: Float64Array, value: number): Extreme {
  let count = 0;
  let restCount = 0;
  let restMin = Infinity;
  let restMax = -Infinity;
  let restSum = 0;
  let restSumSq = 0;
  for (let k = 0; k < kept.length; k++) {
    const v = kept[k];
    if (v !== v) continue;
    if (v === value) {
      count += 1;
      continue;
    }
    restCount += 1;
    if (v < restMin) restMin = v;
    if (v > restMax) restMax = v;
    restSum += v;
    restSumSq += v * v;
  }
  if (restCount === 0) return { value, count, rest: null };
  const mean = restSum / restCount;
  const std = Math.sqrt(Math.max(0, restSumSq / restCount - mean * mean));
  return { value, count, rest: { count: restCount, min: restMin, max: restMax, mean, std } };
}

const scratch = new Float64Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/**
 * Distinct non-NaN values, with an open-addressing hash set over the values' bits: no allocation per value (a
 * Set<number> boxes every double) and no n log n sort. The table starts small and doubles, so the usual few
 * thousand distinct readings stay in cache.
 */
function countDistinct(values: Float64Array): number {
  // A cleaned time axis rises strictly: every value is new, no table needed.
  let count = 0;
  let last = -Infinity;
  for (let k = 0; k < values.length && count >= 0; k++) {
    const v = values[k];
    if (v !== v) continue;
    count = v > last ? count + 1 : -1;
    last = v;
  }
  if (count >= 0) return count;

  let table: Float64Array = new Float64Array(1024).fill(NaN); // NaN marks an empty slot: NaN values are never inserted
  let distinct = 0;
  let previous = NaN;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v !== v || v === previous) continue; // series often repeat the previous value: skip the lookup
    previous = v;
    if (insert(table, v === 0 ? 0 : v)) {
      distinct += 1;
      if (distinct * 2 > table.length) table = grow(table);
    }
  }
  return distinct;
}

/** Adds `v` unless present; true when added. -0 must arrive as 0. */
function insert(table: Float64Array, v: number): boolean {
  const mask = table.length - 1;
  scratch[0] = v;
  // Murmur3's finaliser over both words: round numbers (251.0) have all-zero low bits, which must still spread.
  let h = Math.imul(scratchBits[1], 0x9e3779b1) ^ scratchBits[0];
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  let slot = (h ^ (h >>> 16)) & mask;
  for (;;) {
    const held = table[slot];
    if (held !== held) {
      table[slot] = v;
      return true;
    }
    if (held === v) return false;
    slot = (slot + 1) & mask;
  }
}

function grow(table: Float64Array): Float64Array {
  const bigger = new Float64Array(table.length * 2).fill(NaN);
  for (let i = 0; i < table.length; i++) if (table[i] === table[i]) insert(bigger, table[i]);
  return bigger;
}
