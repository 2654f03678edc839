// Runs in: vitest (Node). Each metric and baseline on arrays small enough to check by hand (expected values worked out below).
import { describe, expect, it } from 'vitest';
import { forecastMetrics, seasonalNaiveScale, seasonalPeriod } from '../../main/trainer/metrics';
import {
  driftForecast,
  fitLinearBaseline,
  linearForecast,
  persistenceForecast,
  seasonalNaiveForecast,
  solve,
  windowMeanForecast,
  windowTarget,
} from '../../main/trainer/baselines';
import { skillAgainstBest } from '../../main/trainer/evaluate';
import type { ForecastMetrics } from '../../shared/model/metrics';

describe('forecastMetrics', () => {
  // truth [1, 2, 0, 4], predicted [2, 2, 1, 2]: errors +1, 0, +1, -2.
  const truth = [1, 2, 0, 4];
  const predicted = [2, 2, 1, 2];

  it('computes MAE, RMSE, MAPE (skipping zero targets), sMAPE, MASE and R2', () => {
    const m = forecastMetrics(truth, predicted, { maseScale: 0.5 });
    expect(m.mae).toBeCloseTo((1 + 0 + 1 + 2) / 4, 12);
    expect(m.rmse).toBeCloseTo(Math.sqrt((1 + 0 + 1 + 4) / 4), 12);
    // The zero target is skipped: (|1/1| + 0 + |2/4|) / 3 = 50 %.
    expect(m.mape).toBeCloseTo(50, 10);
    expect(m.mapeSkipped).toBe(1);
    // 2|e| / (|a| + |f|): 2/3, 0, 2/1, 4/6 -> (10/3) / 4 = 83.33 %.
    expect(m.smape).toBeCloseTo(83.3333333333, 8);
    // MAE 1 over a seasonal naive MAE of 0.5.
    expect(m.mase).toBeCloseTo(2, 12);
    // mean 1.75; SST = 0.5625 + 0.0625 + 3.0625 + 5.0625 = 8.75; SSE = 6.
    expect(m.r2).toBeCloseTo(1 - 6 / 8.75, 12);
    expect(m.byStep).toBeUndefined();
  });

  it('reports MAPE null when every target is 0, R2 null for a constant truth, MASE null without a scale', () => {
    const m = forecastMetrics([0, 0], [1, -1]);
    expect(m.mape).toBeNull();
    expect(m.mapeSkipped).toBe(2);
    expect(m.r2).toBeNull();
    expect(m.mase).toBeNull();
    // sMAPE of a pair that is 0 on both sides is no error.
    expect(forecastMetrics([0, 2], [0, 2]).smape).toBe(0);
  });

  it('gives MAE and RMSE by horizon step, pairs laid out [window, step]', () => {
    // Step 1 errors: +1, +1; step 2 errors: 0, -2.
    const m = forecastMetrics(truth, predicted, { horizon: 2 });
    expect(m.byStep!.mae).toEqual([1, 1]);
    expect(m.byStep!.rmse[0]).toBeCloseTo(1, 12);
    expect(m.byStep!.rmse[1]).toBeCloseTo(Math.sqrt(2), 12);
    expect(m.mae).toBe(1);
  });

  it('derives the season from the frequency and scales by the in-sample seasonal naive MAE', () => {
    expect([seasonalPeriod('hourly'), seasonalPeriod('daily'), seasonalPeriod('monthly')]).toEqual([24, 7, 12]);
    expect([seasonalPeriod('every 10 minutes'), seasonalPeriod(null), seasonalPeriod('irregular')]).toEqual([1, 1, 1]);
    // Period 2 over [1, 2, 3, 5, 8]: |3-1|, |5-2|, |8-3| = 2, 3, 5.
    expect(seasonalNaiveScale([1, 2, 3, 5, 8], 0, 5, 2)).toBeCloseTo(10 / 3, 12);
    // Only rows [0, 4): |3-1|, |5-2|; a missing value drops its pair.
    expect(seasonalNaiveScale([1, 2, 3, 5, 8], 0, 4, 2)).toBeCloseTo(2.5, 12);
    expect(seasonalNaiveScale([1, NaN, 3, 5], 0, 4, 2)).toBeCloseTo(2, 12);
    expect(seasonalNaiveScale([1, 2], 0, 2, 24)).toBeNull();
  });
});

describe('baselines', () => {
  const target = Float64Array.from([10, 12, 11, 15, 14, 18, 20, 19]);
  // Two windows of 3 rows: the last observed rows are 2 and 4.
  const rows = Int32Array.from([3, 5]);

  it('persistence repeats the last observed value', () => {
    expect(Array.from(persistenceForecast(target, rows, 2))).toEqual([11, 11, 14, 14]);
  });

  it('seasonal naive takes the same step one season ago, from the series, falling back to the last value', () => {
    // Period 2: step 1 -> row T-1, step 2 -> row T.
    expect(Array.from(seasonalNaiveForecast(target, rows, 2, 2).forecast)).toEqual([12, 11, 15, 14]);
    // Period 4 (longer than the 3-row window): T=2 step 1 -> row -1 (before the data: last value 11), step 2 -> row 0.
    const long = seasonalNaiveForecast(target, rows, 2, 4);
    expect(Array.from(long.forecast)).toEqual([11, 10, 12, 11]);
    expect(long.fallbacks).toBe(1);
    // Period 1 with horizon 3 never reads past T: it is persistence.
    expect(Array.from(seasonalNaiveForecast(target, Int32Array.from([5]), 3, 1).forecast)).toEqual([14, 14, 14]);
    // Period 2 with horizon 3: step 3 -> row T + 3 - 4 = T - 1.
    expect(Array.from(seasonalNaiveForecast(target, Int32Array.from([5]), 3, 2).forecast)).toEqual([15, 14, 15]);
  });

  it('mean of the window and drift use the window of target values', () => {
    expect(Array.from(windowMeanForecast(target, rows, 2, 3))).toEqual([11, 11, 40 / 3, 40 / 3]);
    // T=2: 10 -> 11 over 2 steps, slope 0.5; T=4: 11 -> 14, slope 1.5.
    expect(Array.from(driftForecast(target, rows, 2, 3))).toEqual([11.5, 12, 15.5, 17]);
    // A one-row window has no slope.
    expect(Array.from(driftForecast(target, rows, 1, 1))).toEqual([11, 14]);
  });

  it('fills gaps inside a window from their neighbours', () => {
    const gappy = Float64Array.from([NaN, 4, NaN, 6]);
    expect(Array.from(windowTarget(gappy, 3, 4, new Float64Array(4)))).toEqual([4, 4, 4, 6]);
  });

  it('solves the normal equations', () => {
    // 2a + b = 5, a + 3b = 10 -> a = 1, b = 3.
    const w = solve(Float64Array.from([2, 1, 1, 3]), Float64Array.from([5, 10]), 2);
    expect(w[0]).toBeCloseTo(1, 12);
    expect(w[1]).toBeCloseTo(3, 12);
  });

  it('the linear regression recovers an exact AR(2) rule, at every horizon step', () => {
    // y[t] = 0.5 y[t-1] + 0.3 y[t-2] + 1 (a series the least-squares fit reproduces exactly).
    const y = new Float64Array(14);
    y[0] = 1;
    y[1] = 5;
    for (let t = 2; t < y.length; t++) y[t] = 0.5 * y[t - 1] + 0.3 * y[t - 2] + 1;
    const trainRows = Int32Array.from([2, 3, 4, 5, 6, 7, 8]);
    const weights = fitLinearBaseline(y, trainRows, 2, 2);
    // Weights are [w(t-2), w(t-1), intercept].
    expect(weights[0][0]).toBeCloseTo(0.3, 6);
    expect(weights[0][1]).toBeCloseTo(0.5, 6);
    expect(weights[0][2]).toBeCloseTo(1, 5);
    const forecast = linearForecast(y, Int32Array.from([11]), weights, 2);
    expect(forecast[0]).toBeCloseTo(y[11], 6);
    expect(forecast[1]).toBeCloseTo(y[12], 6);
  });
});

describe('skillAgainstBest', () => {
  const m = (mae: number): ForecastMetrics => ({ mae, rmse: mae, mape: null });
  it('names the baseline with the lowest MAE and the model skill against it', () => {
    const skill = skillAgainstBest(m(0.88), { persistence: m(1.2), seasonalNaive: m(1.0), drift: m(1.5) });
    expect(skill!.baseline).toBe('seasonalNaive');
    expect(skill!.value).toBeCloseTo(0.12, 12);
    expect(skillAgainstBest(m(1.1), { persistence: m(1) })!.value).toBeCloseTo(-0.1, 12);
    expect(skillAgainstBest(m(1), {})).toBeNull();
  });
});
