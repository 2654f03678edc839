// Runs in: trainer process (plain Node). Forecast error metrics in the data's original units.
import type { ForecastMetrics } from '../../shared/model/metrics';
// The season moved to core (data preparation's seasonal difference needs it too); re-exported for callers here.
export { seasonalPeriod } from '../core/forecast/season';

export interface MetricOptions {
  /** Values per window: with horizon > 1 the pairs are laid out [window, step] and MAE/RMSE are also given per step. */
  horizon?: number;
  /** MASE's denominator: the in-sample seasonal naive MAE on the training part. MASE is null without it (or when it is 0). */
  maseScale?: number | null;
}

/**
 * MAE, RMSE, MAPE and sMAPE (both in percent), MASE and R2 over paired values.
 * MAPE skips pairs whose truth is 0 (the ratio is undefined there), reports how many it skipped,
 * and is null when every truth is 0. sMAPE counts a pair where truth and prediction are both 0 as no error.
 * R2 is null when the truth is constant (its variance, the denominator, is 0).
 */
export function forecastMetrics(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  options: MetricOptions = {},
): ForecastMetrics {
  if (truth.length !== predicted.length) {
    throw new Error(`forecastMetrics: ${truth.length} truths but ${predicted.length} predictions`);
  }
  if (truth.length === 0) throw new Error('forecastMetrics: no values to score');
  const horizon = options.horizon ?? 1;
  if (truth.length % horizon !== 0) throw new Error(`forecastMetrics: ${truth.length} values is not a multiple of horizon ${horizon}`);
  const n = truth.length;
  let absSum = 0;
  let sqSum = 0;
  let pctSum = 0;
  let pctCount = 0;
  let smapeSum = 0;
  let truthSum = 0;
  const stepAbs = new Float64Array(horizon);
  const stepSq = new Float64Array(horizon);
  for (let i = 0; i < n; i++) {
    const err = predicted[i] - truth[i];
    const abs = Math.abs(err);
    absSum += abs;
    sqSum += err * err;
    stepAbs[i % horizon] += abs;
    stepSq[i % horizon] += err * err;
    truthSum += truth[i];
    if (truth[i] !== 0) {
      pctSum += Math.abs(err / truth[i]);
      pctCount++;
    }
    const denominator = Math.abs(truth[i]) + Math.abs(predicted[i]);
    if (denominator > 0) smapeSum += (2 * abs) / denominator;
  }
  const truthMean = truthSum / n;
  let totalSq = 0;
  for (let i = 0; i < n; i++) totalSq += (truth[i] - truthMean) ** 2;
  const mae = absSum / n;
  const scale = options.maseScale;
  const metrics: ForecastMetrics = {
    mae,
    rmse: Math.sqrt(sqSum / n),
    mape: pctCount === 0 ? null : (100 * pctSum) / pctCount,
    mapeSkipped: n - pctCount,
    smape: (100 * smapeSum) / n,
    mase: scale !== undefined && scale !== null && scale > 0 ? mae / scale : null,
    r2: totalSq > 0 ? 1 - sqSum / totalSq : null,
  };
  if (horizon > 1) {
    const perStep = n / horizon;
    metrics.byStep = {
      mae: Array.from(stepAbs, (s) => s / perStep),
      rmse: Array.from(stepSq, (s) => Math.sqrt(s / perStep)),
    };
  }
  return metrics;
}

/**
 * Mean |y[t] - y[t - period]| over the rows [start, end) where both values exist: the in-sample seasonal naive MAE,
 * MASE's scale (computed on the training part only, so the test says nothing about its own yardstick).
 * Null when no pair exists.
 */
export function seasonalNaiveScale(values: ArrayLike<number>, start: number, end: number, period: number): number | null {
  let sum = 0;
  let count = 0;
  for (let t = Math.max(start + period, period); t < end; t++) {
    const d = values[t] - values[t - period];
    if (d === d) {
      sum += Math.abs(d);
      count++;
    }
  }
  return count === 0 ? null : sum / count;
}
