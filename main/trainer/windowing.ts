// Runs in: trainer process (plain Node). Sliding windows (stride 1) inside one row range, as flat typed arrays.
import type { RowRange } from './split';

export interface WindowSet {
  count: number;
  window: number;
  features: number;
  horizon: number;
  /** Inputs, shape [count, window, features], row-major. */
  x: Float32Array;
  /** Scaled targets, shape [count, horizon]. */
  y: Float32Array;
  /** Row index of each window's first target step; the window's inputs are the `window` rows before it. */
  firstTargetRow: Int32Array;
  /** Windows that fit in the range but were dropped because they touch a missing value. */
  skipped: number;
}

/** How many windows a range of `rows` rows holds before any are dropped. */
export function possibleWindows(rows: number, window: number, horizon: number): number {
  return Math.max(0, rows - window - horizon + 1);
}

/** prefix[i] = how many of the rows start .. start+i-1 are missing, so any span is checked in O(1). */
function missingPrefix(range: RowRange, isMissing: (row: number) => boolean): Int32Array {
  const length = range.end - range.start;
  const prefix = new Int32Array(length + 1);
  for (let i = 0; i < length; i++) prefix[i + 1] = prefix[i] + (isMissing(range.start + i) ? 1 : 0);
  return prefix;
}

/**
 * Windows whose inputs are rows [r, r + window) of `inputs` and whose targets are rows
 * [r + window, r + window + horizon) of `target`, all inside `range`.
 * A window is dropped when any input value or any target value it uses is NaN, including the
 * target at its last input row (the persistence baseline needs it, and both are scored on the same windows).
 */
export function makeWindows(
  inputs: readonly Float32Array[],
  target: Float32Array,
  range: RowRange,
  window: number,
  horizon: number,
): WindowSet {
  const features = inputs.length;
  const { start, end } = range;
  const inputMissing = missingPrefix(range, (r) => {
    for (let f = 0; f < features; f++) if (Number.isNaN(inputs[f][r])) return true;
    return false;
  });
  const targetMissing = missingPrefix(range, (r) => Number.isNaN(target[r]));

  const possible = possibleWindows(end - start, window, horizon);
  const valid = new Uint8Array(possible);
  let count = 0;
  for (let i = 0; i < possible; i++) {
    const inputsClean = inputMissing[i + window] - inputMissing[i] === 0;
    const targetsClean = targetMissing[i + window + horizon] - targetMissing[i + window - 1] === 0;
    if (inputsClean && targetsClean) {
      valid[i] = 1;
      count++;
    }
  }

  const x = new Float32Array(count * window * features);
  const y = new Float32Array(count * horizon);
  const firstTargetRow = new Int32Array(count);
  let n = 0;
  let xo = 0;
  for (let i = 0; i < possible; i++) {
    if (!valid[i]) continue;
    const r = start + i;
    for (let t = 0; t < window; t++) {
      for (let f = 0; f < features; f++) x[xo++] = inputs[f][r + t];
    }
    const first = r + window;
    for (let h = 0; h < horizon; h++) y[n * horizon + h] = target[first + h];
    firstTargetRow[n] = first;
    n++;
  }
  return { count, window, features, horizon, x, y, firstTargetRow, skipped: possible - count };
}

/** Original-unit targets of each window, shape [count, horizon], read from the unscaled column. */
export function windowTruth(target: Float64Array, firstTargetRow: Int32Array, horizon: number): Float64Array {
  const out = new Float64Array(firstTargetRow.length * horizon);
  for (let n = 0; n < firstTargetRow.length; n++) {
    for (let h = 0; h < horizon; h++) out[n * horizon + h] = target[firstTargetRow[n] + h];
  }
  return out;
}

/** Copy the windows listed in order[from, to) into batch buffers (for seeded shuffling without a full copy). */
export function gatherBatch(
  set: WindowSet,
  order: Uint32Array,
  from: number,
  to: number,
): { x: Float32Array; y: Float32Array; size: number } {
  const size = to - from;
  const stride = set.window * set.features;
  const x = new Float32Array(size * stride);
  const y = new Float32Array(size * set.horizon);
  for (let k = 0; k < size; k++) {
    const w = order[from + k];
    x.set(set.x.subarray(w * stride, (w + 1) * stride), k * stride);
    y.set(set.y.subarray(w * set.horizon, (w + 1) * set.horizon), k * set.horizon);
  }
  return { x, y, size };
}
