// Runs in: trainer process (plain Node). Forecast error metrics in the data's original units.
import type { ForecastMetrics } from '../../shared/api';

/**
 * MAE, RMSE and MAPE (in percent) over paired values. MAPE skips pairs whose truth is 0
 * (the ratio is undefined there) and is null when every truth is 0.
 */
export function forecastMetrics(truth: ArrayLike<number>, predicted: ArrayLike<number>): ForecastMetrics {
  if (truth.length !== predicted.length) {
    throw new Error(`forecastMetrics: ${truth.length} truths but ${predicted.length} predictions`);
  }
  if (truth.length === 0) throw new Error('forecastMetrics: no values to score');
  let absSum = 0;
  let sqSum = 0;
  let pctSum = 0;
  let pctCount = 0;
  for (let i = 0; i < truth.length; i++) {
    const err = predicted[i] - truth[i];
    absSum += Math.abs(err);
    sqSum += err * err;
    if (truth[i] !== 0) {
      pctSum += Math.abs(err / truth[i]);
      pctCount++;
    }
  }
  return {
    mae: absSum / truth.length,
    rmse: Math.sqrt(sqSum / truth.length),
    mape: pctCount === 0 ? null : (100 * pctSum) / pctCount,
  };
}
