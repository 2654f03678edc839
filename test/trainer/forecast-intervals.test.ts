// Runs in: vitest (Node). Issue 15 with real TensorFlow.js (wasm) on the UCI air-quality slice (hourly, contiguous,
// -200 for a missing hour): split-conformal intervals cover the test targets about as often as their level says; a
// model predicting the change from the last value is scored, like every baseline, in degrees; marking -200 as
// missing turns a meaningless score into a sensible one.
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { trainForecast, type ForecastResult } from '../../main/trainer/train-forecast';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { ForecastConfig } from '../../shared/model/config';
import { loadDataset, type LoadedDataset } from '../../main/core/dataset/load-dataset';
import { forecastSeriesFromDataset } from '../../main/core/forecast/series-from-dataset';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { medianStepMs, preprocessingOf, saveForecastRun } from '../../main/trainer/predict/forecast-preprocessing';
import { forecastFromCsv } from '../../main/trainer/predict/forecast-from-csv';

const fixture = fileURLToPath(new URL('../fixtures/air-quality-2004-h1.csv', import.meta.url));

let dataset: LoadedDataset;
const marked: ForecastConfig = {
  ...FORECAST_DEFAULTS,
  datasetId: '0'.repeat(64),
  target: 'T',
  features: ['T'],
  window: 24,
  hiddenUnits: 16,
  epochs: 5,
  batchSize: 32,
  learningRate: 0.005,
  backend: 'wasm',
  sentinels: [{ column: 'T', value: -200 }],
  missing: { T: 'interpolate' },
  intervals: [0.8, 0.95],
};
const train = (config: ForecastConfig) => trainForecast(forecastSeriesFromDataset(dataset, config), config);

beforeAll(async () => {
  dataset = await loadDataset(fixture);
});

describe('a difference-transformed model with intervals', () => {
  let differenced: ForecastResult;
  let raw: ForecastResult;
  beforeAll(async () => {
    differenced = await train({ ...marked, targetTransform: 'difference' });
    raw = await train({ ...marked, targetTransform: 'none' });
  });

  it('covers the test targets within a tolerance honest for 342 hourly windows', () => {
    const [eighty, ninetyFive] = differenced.metrics.test.intervals!;
    expect(differenced.samples.test).toBe(342);
    // Binomial spread alone is +-0.02 (80%) and +-0.012 (95%) here; neighbouring hours' errors move together and the
    // calibration set is itself a sample of 380, so allow about three times that.
    expect(Math.abs(eighty.coverage - 0.8)).toBeLessThan(0.08);
    expect(Math.abs(ninetyFive.coverage - 0.95)).toBeLessThan(0.04);
    expect(ninetyFive.meanWidth).toBeGreaterThan(eighty.meanWidth);
    // The bands are the validation errors' quantiles, stored with the run and drawn around every prediction.
    const band = differenced.conformal[0];
    expect(eighty.meanWidth).toBeCloseTo(2 * band.halfWidth[0], 12);
    const { predicted, intervals } = differenced.predictions;
    expect(intervals!.map((b) => b.level)).toEqual([0.8, 0.95]);
    predicted.forEach((p, i) => {
      expect(intervals![0].lower[i]).toBeCloseTo(p - band.halfWidth[0], 9);
      expect(intervals![1].upper[i]).toBeGreaterThan(intervals![0].upper[i]);
    });
  });

  it('is scored in degrees, on the same windows and against the same baselines as the raw model', () => {
    const { truth, predicted, times } = differenced.predictions;
    // The truths are the file's temperatures (interpolated hours are never scored), not changes.
    const temperature = dataset.numeric('T');
    const rowOf = new Map(Array.from(dataset.time!, (t, row) => [t, row]));
    truth.forEach((value, i) => expect(value).toBe(temperature[rowOf.get(times![i])!]));
    const mae = truth.reduce((sum, t, i) => sum + Math.abs(t - predicted[i]), 0) / truth.length;
    expect(differenced.metrics.test.mae).toBeCloseTo(mae, 9);
    // The naive baselines read only the test windows; linear regression is refitted on the training windows, of
    // which the difference has one fewer (the first row has no change before it).
    const { linear, ...naive } = differenced.baselines;
    const { linear: rawLinear, ...rawNaive } = raw.baselines;
    expect(naive).toEqual(rawNaive);
    expect(differenced.samples.train).toBe(raw.samples.train - 1);
    expect(linear.mae).toBeCloseTo(rawLinear.mae, 3);
    expect(raw.predictions.truth).toEqual(truth);
    // Predicting the change starts from persistence, which the raw model must learn: on this slice that wins.
    expect(differenced.metrics.test.mae).toBeLessThan(raw.metrics.test.mae);
  });

  it('fits the linear baseline on every training window whatever the training stride', async () => {
    // Stride 2 on hourly data trains on even hours only; the baselines must not change with it.
    const strided = await train({ ...marked, targetTransform: 'none', stride: 2, epochs: 1 });
    expect(strided.samples.train).toBeLessThanOrEqual(Math.ceil(raw.samples.train / 2) + 1);
    expect(strided.baselines).toEqual(raw.baselines);
  });

  it('reports coverage per step when the horizon is above 1', async () => {
    const result = await train({ ...marked, targetTransform: 'difference', horizon: 3, epochs: 2 });
    const [eighty] = result.metrics.test.intervals!;
    expect(eighty.byStep!.coverage).toHaveLength(3);
    expect(eighty.byStep!.meanWidth).toHaveLength(3);
    // Three hours ahead is harder than one: the band widens with the step.
    expect(eighty.byStep!.meanWidth[2]).toBeGreaterThan(eighty.byStep!.meanWidth[0]);
  });
});

it('scores far better with -200 marked as missing than with -200 read as a temperature', async () => {
  const unmarked = await train({ ...marked, sentinels: [], missing: {}, intervals: [] });
  const markedRun = await train({ ...marked, missing: {}, intervals: [] });
  expect(unmarked.metrics.test.intervals).toBeUndefined();
  // The test split holds 38 of the -200 hours (2004-06-19 to 21): read as temperatures they wreck the score.
  expect(unmarked.metrics.test.rmse).toBeGreaterThan(10);
  expect(markedRun.metrics.test.rmse).toBeLessThan(3);
  expect(markedRun.missing).toEqual([expect.objectContaining({ column: 'T', marked: 79 })]);
});

it('forecasts past the end of a file from a saved difference-transformed model, in degrees, with its intervals', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-transform-'));
  const config: ForecastConfig = { ...marked, targetTransform: 'difference', epochs: 2 };
  const result = await trainForecast(forecastSeriesFromDataset(dataset, config), config, {}, async (kept) => {
    const run = {
      target: 'T',
      window: config.window,
      horizon: config.horizon,
      timeColumn: dataset.summary.timeColumn,
      stepMs: medianStepMs(dataset.time),
      frequency: dataset.summary.frequency,
      sentinels: config.sentinels!,
      missing: config.missing!,
    };
    await saveForecastRun(join(dir, 'run'), kept.model, preprocessingOf(kept, run));
  });
  // The file up to a test hour (no -200 temperature among its last rows): the run predicted that hour from the same window.
  const k = 10;
  const row = Array.from(dataset.time!).indexOf(result.predictions.times![k]);
  const lines = readFileSync(fixture, 'utf8').trimEnd().split('\n');
  const tColumn = lines[0].split(',').indexOf('T');
  expect(lines.slice(row - 30, row + 1).some((line) => line.split(',')[tColumn] === '-200')).toBe(false);
  writeFileSync(join(dir, 'cut.csv'), lines.slice(0, row + 1).join('\n') + '\n');
  const forecast = await forecastFromCsv(join(dir, 'run'), join(dir, 'cut.csv'), 'cut.csv');
  expect(forecast.forecast.values[0]).toBeCloseTo(result.predictions.predicted[k], 3);
  const [eighty] = forecast.intervals!;
  expect(eighty.upper[0] - forecast.forecast.values[0]).toBeCloseTo(result.conformal[0].halfWidth[0], 9);
});
