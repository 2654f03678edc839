// Runs in: trainer and main processes (plain Node, no TensorFlow.js). What the model predicts instead of the raw
// target, and the way back: every metric, baseline, chart and export is computed after the inverse, in the target's
// original units.
import type { TargetTransform } from '../../../shared/model/config';
import { UserError } from '../../../shared/util/errors';

/**
 * The series the model sees (as its target and, when the target is also an input, as that input):
 * - none: the target itself;
 * - difference: y[t] - y[t-1], the change from the step before (a model that predicts 0 is persistence);
 * - seasonal-difference: y[t] - y[t-period], the change from one season earlier;
 * - log: log1p(y), for positive skewed targets (needs y >= 0).
 * Missing where the target (or the value it is compared with) is missing; the first row(s) have no predecessor.
 */
export function transformTarget(kind: TargetTransform, target: Float64Array, period: number, column = 'the target'): Float64Array {
  if (kind === 'none') return target;
  const out = new Float64Array(target.length);
  if (kind === 'log') {
    for (let i = 0; i < target.length; i++) {
      const v = target[i];
      if (v < 0) {
        throw new UserError(
          `The log transform needs a target of 0 or more, but ${column} is ${v} in row ${i + 1}: choose difference or none as the target transform.`,
        );
      }
      out[i] = Math.log1p(v);
    }
    return out;
  }
  const lag = lagOf(kind, period);
  for (let i = 0; i < target.length; i++) out[i] = i >= lag ? target[i] - target[i - lag] : NaN;
  return out;
}

function lagOf(kind: 'difference' | 'seasonal-difference', period: number): number {
  if (kind === 'difference') return 1;
  if (period <= 1) {
    throw new UserError(
      'The seasonal difference needs a known season, but the data is not hourly, daily or monthly: choose difference or none as the target transform.',
    );
  }
  return period;
}

/**
 * Forecasts of the transformed series back in original units. `predicted` is [count, horizon] (row-major), window n
 * forecasting rows firstTargetRow[n] .. + horizon - 1; only target rows before firstTargetRow[n] (the past) are read.
 * Multi-step differences add up: step h starts from step h - 1's forecast (or h - period's, seasonally); log1p is
 * undone with expm1. A needed past value that is missing gives NaN (windows plans drop those windows).
 */
export function untransformForecasts(
  kind: TargetTransform,
  predicted: Float64Array,
  target: ArrayLike<number>,
  firstTargetRow: ArrayLike<number>,
  horizon: number,
  period: number,
): Float64Array {
  if (kind === 'none') return predicted;
  const out = new Float64Array(predicted.length);
  if (kind === 'log') {
    for (let i = 0; i < predicted.length; i++) out[i] = Math.expm1(predicted[i]);
    return out;
  }
  const lag = lagOf(kind, period);
  for (let n = 0; n < firstTargetRow.length; n++) {
    const first = firstTargetRow[n];
    for (let h = 0; h < horizon; h++) {
      // The value `lag` steps before this target step: observed when it is in the past, else an earlier forecast.
      const before = h - lag;
      const base = before < 0 ? target[first + before] : out[n * horizon + before];
      out[n * horizon + h] = base + predicted[n * horizon + h];
    }
  }
  return out;
}

export const TARGET_TRANSFORM_LABELS: Record<TargetTransform, string> = {
  none: 'none',
  difference: 'difference (change from the last value)',
  log: 'log1p (positive skewed targets)',
  'seasonal-difference': 'seasonal difference (change from one season earlier)',
};
