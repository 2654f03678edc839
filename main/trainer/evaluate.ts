// Runs in: trainer process (plain Node). Scores a model's forecasts and every baseline on the very same windows.
import { BASELINE_NAMES, type BaselineName, type ForecastBaselines, type ForecastMetrics } from '../../shared/model/metrics';
import {
  driftForecast,
  fitLinearBaseline,
  linearForecast,
  persistenceForecast,
  seasonalNaiveForecast,
  windowMeanForecast,
} from './baselines';
import { forecastMetrics, seasonalNaiveScale, seasonalPeriod } from './metrics';
import type { RowRange } from '../core/forecast/split';
import { windowTruth, type WindowSet } from '../core/forecast/windowing';

/** What scoring needs that is fixed by the training part: the season, MASE's scale, the linear baseline's fit. */
export interface EvaluationContext {
  target: Float64Array;
  window: number;
  horizon: number;
  period: number;
  maseScale: number | null;
  linearWeights: Float64Array[];
}

export interface Evaluation {
  metrics: ForecastMetrics;
  baselines: Record<BaselineName, ForecastMetrics>;
  /** Shape [count, horizon], original units. */
  truth: Float64Array;
  predicted: Float64Array;
  persistence: Float64Array;
  /** Windows where seasonal naive fell back to persistence (the value one season earlier is missing or before the data). */
  seasonalFallbacks: number;
}

export function createEvaluationContext(
  target: Float64Array,
  train: WindowSet,
  trainRows: RowRange,
  frequency: string | null | undefined,
): EvaluationContext {
  const period = seasonalPeriod(frequency);
  return {
    target,
    window: train.window,
    horizon: train.horizon,
    period,
    maseScale: seasonalNaiveScale(target, trainRows.start, trainRows.end, period),
    linearWeights: fitLinearBaseline(target, train.firstTargetRow, train.horizon, train.window),
  };
}

export function evaluateWindows(context: EvaluationContext, set: WindowSet, predicted: Float64Array): Evaluation {
  const { target, window, horizon, period } = context;
  const rows = set.firstTargetRow;
  const truth = windowTruth(target, rows, horizon);
  const seasonal = seasonalNaiveForecast(target, rows, horizon, period);
  const forecasts: Record<BaselineName, Float64Array> = {
    persistence: persistenceForecast(target, rows, horizon),
    seasonalNaive: seasonal.forecast,
    windowMean: windowMeanForecast(target, rows, horizon, window),
    drift: driftForecast(target, rows, horizon, window),
    linear: linearForecast(target, rows, context.linearWeights, window),
  };
  const options = { horizon, maseScale: context.maseScale };
  const baselines = {} as Record<BaselineName, ForecastMetrics>;
  for (const name of BASELINE_NAMES) baselines[name] = forecastMetrics(truth, forecasts[name], options);
  return {
    metrics: forecastMetrics(truth, predicted, options),
    baselines,
    truth,
    predicted,
    persistence: forecasts.persistence,
    seasonalFallbacks: seasonal.fallbacks,
  };
}

/** The baseline with the lowest MAE (first in BASELINE_NAMES order on a tie) and the model's skill against it. */
export function skillAgainstBest(model: ForecastMetrics, baselines: ForecastBaselines): { baseline: BaselineName; value: number } | null {
  let best: BaselineName | null = null;
  for (const name of BASELINE_NAMES) {
    const score = baselines[name];
    if (score && (best === null || score.mae < baselines[best]!.mae)) best = name;
  }
  if (best === null) return null;
  const bestMae = baselines[best]!.mae;
  // A perfect baseline (MAE 0) leaves no room for skill; report 0 when the model is perfect too, else -Infinity is no help.
  const value = bestMae > 0 ? 1 - model.mae / bestMae : model.mae === 0 ? 0 : -1;
  return { baseline: best, value };
}
