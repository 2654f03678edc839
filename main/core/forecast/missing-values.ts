// Runs in: trainer and main processes (plain Node, no TensorFlow.js). Missing values in one numeric column: sentinel
// marks turn values into missing ones, then forward fill or linear interpolation in time fill what they can.
import type { RowRange } from './split';

export interface Filled {
  values: Float64Array;
  /** Values filled (were NaN, are not any more). */
  filled: number;
  /** Per row: 1 where the value was filled. */
  wasFilled: Uint8Array;
}

/** A copy with every value equal to one of `marks` set to NaN (e.g. pressure exactly 0). */
export function markSentinels(values: Float64Array, marks: readonly number[]): { values: Float64Array; marked: number } {
  const out = Float64Array.from(values);
  if (marks.length === 0) return { values: out, marked: 0 };
  let marked = 0;
  for (let i = 0; i < out.length; i++) {
    if (marks.includes(out[i])) {
      out[i] = NaN;
      marked++;
    }
  }
  return { values: out, marked };
}

export function countMissing(values: ArrayLike<number>): number {
  let missing = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) missing++;
  return missing;
}

/** Each missing value takes the last value before it; missing values before the first value stay missing. */
export function forwardFill(values: Float64Array): Filled {
  const out = Float64Array.from(values);
  const wasFilled = new Uint8Array(out.length);
  let last = NaN;
  let filled = 0;
  for (let i = 0; i < out.length; i++) {
    if (out[i] === out[i]) {
      last = out[i];
    } else if (last === last) {
      out[i] = last;
      wasFilled[i] = 1;
      filled++;
    }
  }
  return { values: out, filled, wasFilled };
}

/**
 * Straight lines between the known values on each side, placed by timestamp (by row index without times), inside
 * each range separately: a training row is never filled from a validation value. Missing values at a range's
 * start or end have a neighbour on one side only and stay missing.
 */
export function interpolateInTime(values: Float64Array, times: Float64Array | null, ranges: readonly RowRange[]): Filled {
  const out = Float64Array.from(values);
  const wasFilled = new Uint8Array(out.length);
  const at = (i: number) => (times ? times[i] : i);
  let filled = 0;
  for (const { start, end } of ranges) {
    let previous = -1;
    for (let i = start; i < end; i++) {
      if (out[i] !== out[i]) continue;
      if (previous >= 0 && i - previous > 1) {
        const x0 = at(previous);
        const span = at(i) - x0;
        for (let k = previous + 1; k < i; k++) {
          out[k] = out[previous] + ((out[i] - out[previous]) * (at(k) - x0)) / span;
          wasFilled[k] = 1;
          filled++;
        }
      }
      previous = i;
    }
  }
  return { values: out, filled, wasFilled };
}
