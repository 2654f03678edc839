// Runs in: trainer and main processes (plain Node, no TensorFlow.js). Sliding windows inside one row range: which
// windows are usable (planWindows), then their values as flat typed arrays (materializeWindows).
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

/** prefix[i] = how many of the rows start .. start+i-1 are flagged, so any span is checked in O(1). */
function flagPrefix(range: RowRange, flags: ArrayLike<number> | null | undefined): Int32Array | null {
  if (!flags) return null;
  const length = range.end - range.start;
  const prefix = new Int32Array(length + 1);
  for (let i = 0; i < length; i++) prefix[i + 1] = prefix[i] + (flags[range.start + i] ? 1 : 0);
  return prefix;
}

/** What rules a window must pass; every mask is per row of the whole series (1 = flagged). */
export interface WindowRules {
  window: number;
  horizon: number;
  /** Windows start every `stride` rows of the range (1 = every row). */
  stride?: number;
  /** An input value at this row is missing. */
  inputMissing?: Uint8Array | null;
  /** The target at this row is missing: it can be neither the last observed value nor a target step. */
  targetMissing?: Uint8Array | null;
  /** The target at this row was filled in, so it is no truth to score against (it can still be an input). */
  unscored?: Uint8Array | null;
  /** This row's inputs were interpolated from a later row: as the last input row it would show the model the future. */
  notLastInput?: Uint8Array | null;
  /** The step before this row is a gap in time: no window spans it. */
  afterGap?: Uint8Array | null;
}

export interface WindowPlan {
  /** Row index of each kept window's first target step; its inputs are the `window` rows before it. */
  firstTargetRow: Int32Array;
  /** Windows on the stride grid before any were dropped. */
  possible: number;
  skipped: number;
}

/**
 * Windows whose inputs are rows [r, r + window) and whose targets are rows [r + window, r + window + horizon), all
 * inside `range`, for r = range.start, range.start + stride, ... A window is dropped when an input value it uses is
 * missing, when the target is missing at its last input row (the persistence baseline needs it, and both are scored
 * on the same windows) or at a target step, when a target step is unscored, when its last input row is flagged
 * notLastInput, or when it spans a gap in time.
 */
export function planWindows(range: RowRange, rules: WindowRules): WindowPlan {
  const { window, horizon } = rules;
  const stride = Math.max(1, rules.stride ?? 1);
  const inputs = flagPrefix(range, rules.inputMissing);
  const targets = flagPrefix(range, rules.targetMissing);
  const unscored = flagPrefix(range, rules.unscored);
  const gaps = flagPrefix(range, rules.afterGap);
  const notLast = rules.notLastInput;
  const span = possibleWindows(range.end - range.start, window, horizon);
  const possible = Math.ceil(span / stride);
  const rows = new Int32Array(possible);
  let count = 0;
  for (let i = 0; i < span; i += stride) {
    const first = i + window; // offset of the first target step in the range
    if (inputs && inputs[first] - inputs[i] !== 0) continue;
    if (targets && targets[first + horizon] - targets[first - 1] !== 0) continue;
    if (unscored && unscored[first + horizon] - unscored[first] !== 0) continue;
    // A gap before row i itself is outside the window; one before any later row of it is inside.
    if (gaps && gaps[first + horizon] - gaps[i + 1] !== 0) continue;
    if (notLast && notLast[range.start + first - 1]) continue;
    rows[count++] = range.start + first;
  }
  return { firstTargetRow: rows.slice(0, count), possible, skipped: possible - count };
}

/** The planned windows as flat arrays for the model. */
export function materializeWindows(inputs: readonly Float32Array[], target: Float32Array, plan: WindowPlan, window: number, horizon: number): WindowSet {
  const features = inputs.length;
  const count = plan.firstTargetRow.length;
  const x = new Float32Array(count * window * features);
  const y = new Float32Array(count * horizon);
  let xo = 0;
  for (let n = 0; n < count; n++) {
    const first = plan.firstTargetRow[n];
    for (let r = first - window; r < first; r++) {
      for (let f = 0; f < features; f++) x[xo++] = inputs[f][r];
    }
    for (let h = 0; h < horizon; h++) y[n * horizon + h] = target[first + h];
  }
  return { count, window, features, horizon, x, y, firstTargetRow: plan.firstTargetRow, skipped: plan.skipped };
}

/** Per row: 1 where any of `columns` is NaN there. */
export function missingRows(columns: readonly ArrayLike<number>[], rows: number): Uint8Array {
  const out = new Uint8Array(rows);
  for (const column of columns) for (let r = 0; r < rows; r++) if (column[r] !== column[r]) out[r] = 1;
  return out;
}

/** Windows from NaN-marked columns (see planWindows for the rules). */
export function makeWindows(
  inputs: readonly Float32Array[],
  target: Float32Array,
  range: RowRange,
  window: number,
  horizon: number,
  extra: Omit<WindowRules, 'window' | 'horizon' | 'inputMissing' | 'targetMissing'> = {},
): WindowSet {
  const rows = target.length;
  const plan = planWindows(range, {
    ...extra,
    window,
    horizon,
    inputMissing: missingRows(inputs, rows),
    targetMissing: missingRows([target], rows),
  });
  return materializeWindows(inputs, target, plan, window, horizon);
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
