// Runs in: trainer process (plain Node). Z-score scaling fitted on the training rows only.
import type { RowRange } from './split';

export interface ZScore {
  mean: number;
  /** Population standard deviation (as scikit-learn's StandardScaler); 1 for a constant column. */
  std: number;
  /** True when every training value is the same (the column carries no signal there). */
  constant: boolean;
}

/** Beyond this a square (a variance, an RMSE) overflows a double, whose largest value is ~1.8e308 = (1.3e154)²: such
 * a column would train on NaN and score nothing, so it is refused by name (with room to spare for sums of squares). */
export const MAX_MAGNITUDE = 1e150;

/** The largest |value| among the non-missing values (0 when none). */
export function largestMagnitude(values: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > largest) largest = a;
  }
  return largest;
}

/** Mean and std of the non-missing values in `range`; null when every value there is missing. */
export function fitZScore(values: Float64Array, range: RowRange): ZScore | null {
  let count = 0;
  let sum = 0;
  for (let i = range.start; i < range.end; i++) {
    const v = values[i];
    if (v === v) {
      sum += v;
      count++;
    }
  }
  if (count === 0) return null;
  const mean = sum / count;
  // Second pass on deviations: one-pass sum of squares loses precision on large offsets (e.g. pressure ~1000).
  let squares = 0;
  for (let i = range.start; i < range.end; i++) {
    const v = values[i];
    if (v === v) squares += (v - mean) * (v - mean);
  }
  const std = Math.sqrt(squares / count);
  // A constant column would divide by zero; scaling by 1 keeps it finite (it carries no signal anyway).
  return { mean, std: std > 0 ? std : 1, constant: !(std > 0) };
}

/** The whole column scaled (missing stays NaN), as float32 for the model. */
export function applyZScore(values: Float64Array, scaler: ZScore): Float32Array {
  const out = new Float32Array(values.length);
  const { mean, std } = scaler;
  for (let i = 0; i < values.length; i++) out[i] = (values[i] - mean) / std;
  return out;
}

/** Back to original units, element-wise. */
export function invertZScore(scaled: ArrayLike<number>, scaler: ZScore): Float64Array {
  const out = new Float64Array(scaled.length);
  const { mean, std } = scaler;
  for (let i = 0; i < scaled.length; i++) out[i] = scaled[i] * std + mean;
  return out;
}
