// Runs in: main and trainer processes (plain Node). Puts rows in time order and drops the ones a time series cannot
// hold twice: exact duplicates, and later rows for a timestamp already taken. Every change becomes a Finding.
import type { Finding } from '../../../shared/model/dataset';
import { formatCount, plural } from './format';

/** Whether two file rows hold the same cells; `prepare` is told first which rows will be compared, so they can be
 * read back from the file in one go. */
export interface RowComparer {
  prepare(rows: number[]): void;
  same(a: number, b: number): boolean;
}

export interface CleanResult {
  /** Indices into the file rows of the rows kept, in their new order. */
  order: Uint32Array;
  findings: Finding[];
}

/**
 * Sorts by time (stable: rows with the same time keep their file order) and keeps the first row per timestamp.
 * Rows without a readable time are dropped: they cannot be placed in the sequence.
 */
export function cleanByTime(times: Float64Array, rows: RowComparer, timeColumn: string, column: string | undefined = timeColumn): CleanResult {
  const findings: Finding[] = [];
  let count = 0;
  const all = new Uint32Array(times.length);
  for (let i = 0; i < times.length; i++) if (times[i] === times[i]) all[count++] = i;
  const timed = all.subarray(0, count);

  const untimed = times.length - timed.length;
  if (untimed > 0) {
    findings.push({
      code: 'missing-time',
      level: 'warning',
      column,
      message: `${plural(untimed, 'row')} ${untimed === 1 ? 'has' : 'have'} no ${timeColumn}: dropped, as ${untimed === 1 ? 'it' : 'they'} cannot be placed in time order`,
    });
  }

  if (!isSorted(timed, times)) {
    sortByTime(timed, times);
    findings.push({
      code: 'unsorted-rows',
      level: 'info',
      column,
      message: `Rows were not in time order; sorted by ${timeColumn}`,
    });
  }

  const shared: number[] = [];
  for (let start = 0; start < timed.length; ) {
    let end = start + 1;
    while (end < timed.length && times[timed[end]] === times[timed[start]]) end += 1;
    if (end - start > 1) for (let k = start; k < end; k++) shared.push(timed[k]);
    start = end;
  }
  if (shared.length > 0) rows.prepare(shared);

  // The kept rows are written over the front of `timed`: never past the group being read.
  let kept = 0;
  let duplicates = 0;
  let conflicts = 0;
  for (let start = 0; start < timed.length; ) {
    let end = start + 1;
    while (end < timed.length && times[timed[end]] === times[timed[start]]) end += 1;
    timed[kept++] = timed[start];
    for (let k = start + 1; k < end; k++) {
      let copy = false;
      for (let j = start; j < k && !copy; j++) copy = rows.same(timed[k], timed[j]);
      if (copy) duplicates += 1;
      else conflicts += 1;
    }
    start = end;
  }

  if (duplicates > 0) {
    findings.push({ code: 'duplicate-rows', level: 'info', message: `${plural(duplicates, 'duplicate row')} dropped` });
  }
  if (conflicts > 0) {
    findings.push({
      code: 'duplicate-timestamps',
      level: 'warning',
      column,
      message:
        `${plural(conflicts, 'row')} repeat${conflicts === 1 ? 's' : ''} the ${timeColumn} of an earlier row with different values: ` +
        `kept the first row for each time, dropped ${formatCount(conflicts)}`,
    });
  }
  return { order: timed.subarray(0, kept), findings };
}

/**
 * Stable sort of row indices (given in file order) by their times: a least-significant-digit radix sort over 16-bit
 * digits of each time's bits, made to order like the numbers. Four linear passes (fewer when a digit never varies),
 * no comparator calls back into JS n log n times.
 */
function sortByTime(indices: Uint32Array, times: Float64Array): void {
  const n = indices.length;
  let from: Uint32Array = indices;
  let to: Uint32Array = new Uint32Array(n);
  const count = new Uint32Array(RADIX + 1);
  for (let pass = 0; pass < 4; pass++) {
    const high = pass >= 2;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let k = 0; k < n; k++) count[timeDigit(times[from[k]], high, shift) + 1] += 1;
    if (oneBucket(count, n)) continue;
    for (let d = 1; d <= RADIX; d++) count[d] += count[d - 1];
    for (let k = 0; k < n; k++) to[count[timeDigit(times[from[k]], high, shift)]++] = from[k];
    const done = from;
    from = to;
    to = done;
  }
  if (from !== indices) indices.set(from);
}

const RADIX = 1 << 16;
const timeBits = new Float64Array(1);
const timeWords = new Uint32Array(timeBits.buffer);

/** 16 bits of `t` as an unsigned key that orders like the doubles: positives get the sign bit, negatives are flipped. */
function timeDigit(t: number, high: boolean, shift: number): number {
  timeBits[0] = t + 0; // -0 and 0 are the same time
  let hi = timeWords[1];
  let lo = timeWords[0];
  if (hi & 0x80000000) {
    hi = ~hi;
    lo = ~lo;
  } else {
    hi |= 0x80000000;
  }
  return ((high ? hi : lo) >>> shift) & 0xffff;
}

function oneBucket(count: Uint32Array, n: number): boolean {
  for (let d = 1; d < count.length; d++) if (count[d] === n) return true;
  return false;
}

/**
 * Without a time column the row order is the sequence, so repeated rows stay (a series may repeat itself);
 * they are only counted, since in a table of samples (reviews, labels) they usually are copies.
 */
export function countRepeatedRows(rowCount: number, columns: number, rowKey: (row: number) => string): Finding | null {
  if (rowCount === 0 || columns < 2) return null;
  const seen = new Set<string>();
  let repeats = 0;
  for (let i = 0; i < rowCount; i++) {
    const key = rowKey(i);
    if (seen.has(key)) repeats += 1;
    else seen.add(key);
  }
  if (repeats === 0) return null;
  return {
    code: 'repeated-rows',
    level: 'info',
    message: `${plural(repeats, 'row')} ${repeats === 1 ? 'repeats' : 'repeat'} an earlier row exactly: kept, as without a time column the row order is the sequence`,
  };
}

function isSorted(order: Uint32Array, times: Float64Array): boolean {
  for (let k = 1; k < order.length; k++) if (times[order[k]] < times[order[k - 1]]) return false;
  return true;
}
