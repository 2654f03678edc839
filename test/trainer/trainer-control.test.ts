// Runs in: vitest (Node). Evaluation against every baseline, early stopping, optimizers and dropout, on a real slice
// of the Szeged weather data with real tfjs (wasm).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { fileURLToPath } from 'node:url';
import { trainForecast, type ForecastResult, type ForecastSeries } from '../../main/trainer/train-forecast';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { type ForecastConfig } from '../../shared/model/config';
import { BASELINE_NAMES } from '../../shared/model/metrics';
import { readSzeged } from '../support/szeged-fixture';

const TEMP = 'Temperature (C)';
const fixture = fileURLToPath(new URL('../fixtures/szeged-3000.csv', import.meta.url));

let series: ForecastSeries;
const config: ForecastConfig = {
  ...FORECAST_DEFAULTS,
  datasetId: '0'.repeat(64),
  target: TEMP,
  features: [TEMP],
  hiddenUnits: 8,
  epochs: 1,
  batchSize: 32,
  learningRate: 0.005,
  backend: 'wasm',
};

beforeAll(() => {
  const { duplicates: _, ...read } = readSzeged(fixture, [TEMP]);
  series = { ...read, frequency: 'hourly' };
});

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Population std of the training rows: the target scaler, linking scaled val_loss to validation RMSE in °C. */
function trainStd(): number {
  const rows = series.times!.length;
  const train = Array.from(series.columns[TEMP].subarray(0, Math.floor(rows * 0.7)));
  const m = mean(train);
  return Math.sqrt(mean(train.map((v) => (v - m) ** 2)));
}

function rmseOfEpoch(result: ForecastResult, epoch: number): number {
  return Math.sqrt(result.epochs[epoch - 1].valLoss!) * trainStd();
}

describe('evaluation', () => {
  it('scores the model and every baseline on the same test windows, with the season of hourly data', async () => {
    const result = await trainForecast(series, config);
    const temp = series.columns[TEMP];
    const rows = temp.length;
    // No gaps in this slice: test windows target rows first .. rows - 1.
    const first = Math.floor(rows * 0.85) + 5;
    const targets = Array.from({ length: rows - first }, (_, i) => first + i);
    const maeOf = (forecast: (row: number) => number) => mean(targets.map((r) => Math.abs(temp[r] - forecast(r))));

    expect(result.seasonalPeriod).toBe(24);
    expect(Object.keys(result.baselines).sort()).toEqual([...BASELINE_NAMES].sort());
    expect(result.baselines.persistence.mae).toBeCloseTo(maeOf((r) => temp[r - 1]), 9);
    expect(result.baselines.seasonalNaive.mae).toBeCloseTo(maeOf((r) => temp[r - 24]), 9);
    expect(result.baselines.windowMean.mae).toBeCloseTo(maeOf((r) => mean(Array.from(temp.subarray(r - 5, r)))), 9);
    expect(result.baselines.drift.mae).toBeCloseTo(maeOf((r) => temp[r - 1] + (temp[r - 1] - temp[r - 5]) / 4), 9);
    // A least-squares fit on the training windows beats the mean of the window on hourly temperature.
    expect(result.baselines.linear.mae).toBeLessThan(result.baselines.windowMean.mae);

    // MASE: MAE over the training rows' mean |y[t] - y[t-24]|.
    const trainEnd = Math.floor(rows * 0.7);
    const scale = mean(Array.from({ length: trainEnd - 24 }, (_, i) => Math.abs(temp[i + 24] - temp[i])));
    expect(result.metrics.test.mase).toBeCloseTo(result.metrics.test.mae / scale, 9);
    expect(result.baselines.seasonalNaive.mase).toBeCloseTo(result.baselines.seasonalNaive.mae / scale, 9);

    const maes = BASELINE_NAMES.map((name) => result.baselines[name].mae);
    const best = BASELINE_NAMES[maes.indexOf(Math.min(...maes))];
    expect(result.skill.baseline).toBe(best);
    expect(result.skill.value).toBeCloseTo(1 - result.metrics.test.mae / Math.min(...maes), 12);
    // Temperatures of exactly 0 °C occur; MAPE skips them and says how many.
    expect(result.metrics.test.mapeSkipped).toBe(targets.filter((r) => temp[r] === 0).length);
    for (const m of [result.metrics.test, result.metrics.validation]) {
      expect(m.r2!).toBeGreaterThan(0.5);
      expect(m.smape!).toBeGreaterThan(0);
    }

    const p = result.predictions;
    expect(p.residuals).toHaveLength(p.truth.length);
    p.residuals!.forEach((r, i) => expect(r).toBe(p.truth[i] - p.predicted[i]));
    expect(result.bestEpoch).toBe(1);
    expect(result.stoppedEarly).toBe(false);
  });

  it('gives error by horizon step for a 3-step forecast', async () => {
    const result = await trainForecast(series, { ...config, horizon: 3 });
    const steps = result.metrics.test.byStep!;
    expect(steps.mae).toHaveLength(3);
    expect(mean(steps.mae)).toBeCloseTo(result.metrics.test.mae, 9);
    // Three hours ahead is harder than one for persistence.
    expect(result.baselines.persistence.byStep!.mae[2]).toBeGreaterThan(result.baselines.persistence.byStep!.mae[0]);
  });
});

describe('early stopping', () => {
  it('stops after `patience` epochs without enough improvement and restores the best epoch weights', async () => {
    const before = tf.memory().numTensors;
    // No later epoch can beat epoch 1 by 10 (scaled MSE), so epoch 2 ends training with epoch 1's weights.
    const result = await trainForecast(series, { ...config, epochs: 5, earlyStopping: true, patience: 1, minDelta: 10 });
    expect(result.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(result.stoppedEarly).toBe(true);
    expect(result.bestEpoch).toBe(1);
    expect(result.status).toBe('completed');
    expect(result.findings.join(' ')).toMatch(/Early stopping: .* with epoch 1's weights/);
    // The scored weights are epoch 1's: the validation RMSE is epoch 1's val_loss in °C, not epoch 2's.
    expect(Math.abs(result.metrics.validation.rmse - rmseOfEpoch(result, 1)) / rmseOfEpoch(result, 1)).toBeLessThan(1e-4);
    expect(Math.abs(result.metrics.validation.rmse - rmseOfEpoch(result, 2)) / rmseOfEpoch(result, 2)).toBeGreaterThan(1e-3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the epoch with the lowest validation loss', async () => {
    // A high learning rate makes the validation loss bounce, so the best epoch is often not the last.
    const result = await trainForecast(series, { ...config, epochs: 4, learningRate: 0.05, earlyStopping: true, patience: 4 });
    const losses = result.epochs.map((e) => e.valLoss!);
    const best = losses.indexOf(Math.min(...losses)) + 1;
    expect(result.bestEpoch).toBe(best);
    expect(Math.abs(result.metrics.validation.rmse - rmseOfEpoch(result, best)) / rmseOfEpoch(result, best)).toBeLessThan(1e-4);
  });

  it('restores the best weights when the user stops a run with early stopping on', async () => {
    let epochsSeen = 0;
    const result = await trainForecast(
      series,
      { ...config, epochs: 50, earlyStopping: true, patience: 50 },
      { onEpoch: () => epochsSeen++, shouldStop: () => epochsSeen >= 2 },
    );
    expect(result.status).toBe('stopped');
    const losses = result.epochs.map((e) => e.valLoss!);
    const best = losses.indexOf(Math.min(...losses)) + 1;
    expect(result.bestEpoch).toBe(best);
    expect(Math.abs(result.metrics.validation.rmse - rmseOfEpoch(result, best)) / rmseOfEpoch(result, best)).toBeLessThan(1e-4);
  });
});

describe('optimizers and dropout', () => {
  it('trains with adam, rmsprop and sgd, each to its own weights', async () => {
    const results = [];
    for (const optimizer of ['adam', 'rmsprop', 'sgd'] as const) {
      const result = await trainForecast(series, { ...config, epochs: 2, optimizer, learningRate: optimizer === 'sgd' ? 0.05 : 0.005 });
      expect(result.epochs[1].loss, optimizer).toBeLessThan(result.epochs[0].loss);
      // Far better than predicting the mean (about 6 °C off on this slice).
      expect(result.metrics.test.mae, optimizer).toBeLessThan(2.5);
      results.push(result.predictions.predicted);
    }
    expect(results[1]).not.toEqual(results[0]);
    expect(results[2]).not.toEqual(results[0]);
  });

  it('applies dropout and recurrent dropout, and a fixed seed still repeats the run exactly', async () => {
    const withDropout = { ...config, cell: 'LSTM' as const, dropout: 0.3, recurrentDropout: 0.3 };
    const a = await trainForecast(series, withDropout);
    const b = await trainForecast(series, withDropout);
    const plain = await trainForecast(series, { ...withDropout, dropout: 0, recurrentDropout: 0 });
    expect(b.epochs.map((e) => e.loss)).toEqual(a.epochs.map((e) => e.loss));
    expect(b.predictions.predicted).toEqual(a.predictions.predicted);
    expect(plain.epochs[0].loss).not.toBe(a.epochs[0].loss);
  });
});
