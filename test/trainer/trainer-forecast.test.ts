// Runs in: vitest (Node). trainForecast end to end on a real slice of the Szeged weather data, real tfjs (wasm).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { fileURLToPath } from 'node:url';
import { trainForecast, type ForecastSeries } from '../../main/trainer/train-forecast';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { ForecastConfig } from '../../shared/model/config';
import { isUserError } from '../../shared/util/errors';
import { readSzeged } from '../support/szeged-fixture';

const TEMP = 'Temperature (C)';
const HUMIDITY = 'Humidity';
const fixture = fileURLToPath(new URL('../fixtures/szeged-3000.csv', import.meta.url));

let series: ForecastSeries;
const config: ForecastConfig = {
  ...FORECAST_DEFAULTS,
  datasetId: '0'.repeat(64),
  target: TEMP,
  features: [TEMP],
  hiddenUnits: 16,
  epochs: 3,
  batchSize: 32,
  learningRate: 0.005,
  backend: 'wasm',
};

beforeAll(() => {
  const { duplicates: _, ...read } = readSzeged(fixture, [TEMP, HUMIDITY]);
  series = read;
});

function withColumn(name: string, edit: (values: Float64Array) => void): ForecastSeries {
  const values = Float64Array.from(series.columns[name]);
  edit(values);
  return { ...series, columns: { ...series.columns, [name]: values } };
}

/**
 * Windows of `span` rows inside rows [start, end) that would hold a gap in time (a step over 1.5 hours): the trainer
 * drops them, as the slice's days are not contiguous (2006-01-01, then 2006-01-10, ...).
 */
function gapWindows(start: number, end: number, span: number): number {
  const times = series.times!;
  let count = 0;
  for (let r = start; r + span <= end; r++) {
    let gap = false;
    for (let k = r + 1; k < r + span; k++) if (times[k] - times[k - 1] > 1.5 * 3_600_000) gap = true;
    if (gap) count++;
  }
  return count;
}

async function userErrorOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    expect(isUserError(error), String(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('trainForecast', () => {
  it('trains a SimpleRNN that learns, scores against persistence and leaks no tensors', async () => {
    const rows = series.times!.length;
    const tensorsBefore = tf.memory().numTensors;
    const tensorsAtEpoch: number[] = [];
    const progress: [number, number, number][] = [];
    const result = await trainForecast(series, config, {
      onEpoch: () => tensorsAtEpoch.push(tf.memory().numTensors),
      onProgress: (...args) => progress.push(args),
    });

    expect(result.status).toBe('completed');
    expect(result.backend).toBe('wasm');
    const trainRows = Math.floor(rows * 0.7);
    const testRows = rows - Math.floor(rows * 0.85);
    expect(result.samples.train).toBe(trainRows - 5 - gapWindows(0, trainRows, 6));
    expect(result.samples.test).toBe(testRows - 5 - gapWindows(rows - testRows, rows, 6));
    expect(result.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(result.epochs[2].loss).toBeLessThan(result.epochs[0].loss);
    for (const e of result.epochs) expect(Number.isFinite(e.valLoss)).toBe(true);
    for (const split of [result.metrics.validation, result.metrics.test, result.baselines.persistence]) {
      expect(Number.isFinite(split.mae) && Number.isFinite(split.rmse)).toBe(true);
      expect(split.rmse).toBeGreaterThanOrEqual(split.mae);
    }
    // 2,000 windows and 3 epochs barely reach persistence on hourly temperature, but a model that learned nothing
    // (about the mean: ~6 °C off) or mis-scaled output lands far above it, and a target leaking into the
    // inputs far below it.
    const persistence = result.baselines.persistence.mae;
    expect(result.metrics.test.mae).toBeLessThan(1.4 * persistence);
    expect(result.metrics.test.mae).toBeGreaterThan(0.5 * persistence);
    expect(result.trainSamplesPerSecond).toBeGreaterThan(0);
    // The last epoch's validation loss (scaled MSE) and the validation RMSE (°C) describe the same final weights,
    // linked by the training rows' standard deviation.
    const trainTemps = Array.from(series.columns[TEMP].subarray(0, trainRows));
    const mean = trainTemps.reduce((a, b) => a + b, 0) / trainTemps.length;
    const std = Math.sqrt(trainTemps.reduce((a, b) => a + (b - mean) ** 2, 0) / trainTemps.length);
    const rmseFromLoss = Math.sqrt(result.epochs[2].valLoss!) * std;
    expect(Math.abs(result.metrics.validation.rmse - rmseFromLoss) / rmseFromLoss).toBeLessThan(1e-4);

    const p = result.predictions;
    expect(p.truth).toHaveLength(result.samples.test);
    expect(p.predicted).toHaveLength(result.samples.test);
    expect(p.persistence).toHaveLength(result.samples.test);
    expect(p.times).toHaveLength(result.samples.test);
    // Prediction i targets row (test start + window + i): truth is that row, persistence the row before.
    const temp = series.columns[TEMP];
    const first = Math.floor(rows * 0.85) + 5;
    expect(p.times![0]).toBe(series.times![first]);
    expect(p.truth[0]).toBe(temp[first]);
    expect(p.persistence[0]).toBe(temp[first - 1]);
    expect(p.truth.at(-1)).toBe(temp[rows - 1]);
    const mae = p.predicted.reduce((sum, v, i) => sum + Math.abs(v - p.truth[i]), 0) / p.truth.length;
    expect(mae).toBeCloseTo(result.metrics.test.mae, 6);

    const batches = Math.ceil(result.samples.train / 32);
    for (const [epoch, batch, total] of progress) {
      expect(total).toBe(batches);
      expect(epoch >= 1 && epoch <= 3 && batch >= 1 && batch <= batches).toBe(true);
    }
    expect(new Set(tensorsAtEpoch).size).toBe(1);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it("'auto' threads keep a model too small to share on one thread and say why", async () => {
    // SimpleRNN 16 at window 5, batches of 32: 3 x 5 steps x 16 x (1 + 16) x 32 = 130,560 multiply-adds a batch.
    const auto = await trainForecast(series, { ...config, epochs: 1, threads: 'auto' }, {}, undefined, 4);
    const autoNotes = auto.findings.join('\n');
    expect(autoNotes).toMatch(/on one thread\./);
    expect(autoNotes).toMatch(/Threads: Auto used one thread of the 4 cores it was given: a training batch of this model is about 0\.13 million multiply-adds, too little to share/);
    // An explicit count is the user's choice: no note (that 2 threads are used is the built CLI's test: they need the
    // kernel threads' bundled script).
    const asked = await trainForecast(series, { ...config, epochs: 1, threads: 1 }, {}, undefined, 4);
    expect(asked.findings.join('\n')).not.toMatch(/Threads: Auto/);
  });

  it('gives the same result twice for a seed, and another for a different seed', async () => {
    const short = { ...config, epochs: 1 };
    const a = await trainForecast(series, short);
    const b = await trainForecast(series, short);
    const c = await trainForecast(series, { ...short, seed: 1 });
    expect(b.epochs.map((e) => [e.loss, e.valLoss])).toEqual(a.epochs.map((e) => [e.loss, e.valLoss]));
    expect(b.predictions.predicted).toEqual(a.predictions.predicted);
    expect(c.predictions.predicted).not.toEqual(a.predictions.predicted);
  });

  it('stops within a second when asked, keeping the weights learned so far', async () => {
    let requestedAt = Infinity;
    const started = performance.now();
    const result = await trainForecast(
      series,
      // The fused net trains this slice's epoch in milliseconds: ask for far more than 1.5 s can hold.
      { ...config, epochs: 1_000_000 },
      {
        shouldStop: () => {
          if (performance.now() - started > 1500) requestedAt = Math.min(requestedAt, performance.now());
          return requestedAt !== Infinity;
        },
      },
    );
    const returnedAfter = performance.now() - requestedAt;
    expect(result.status).toBe('stopped');
    expect(returnedAfter).toBeLessThan(1000);
    // Far short of the million asked (an epoch of this slice takes about a millisecond: some thousand fit in 1.5 s).
    expect(result.epochs.length).toBeLessThan(50_000);
    expect(result.predictions.predicted).toHaveLength(result.samples.test);
    expect(result.predictions.predicted.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(result.metrics.test.mae)).toBe(true);
  });

  it('trains several inputs to a 3-step horizon with a bidirectional GRU, skipping windows with gaps', async () => {
    const gappy = withColumn(HUMIDITY, (h) => {
      for (let i = 100; i < 110; i++) h[i] = NaN; // inside the training rows
      h[2800] = NaN; // inside the test rows
    });
    const result = await trainForecast(gappy, {
      ...config,
      features: [TEMP, HUMIDITY],
      horizon: 3,
      cell: 'GRU',
      bidirectional: true,
      hiddenUnits: 8,
      epochs: 1,
    });
    const rows = series.times!.length;
    // Training: 2100 rows hold 2100 - 5 - 3 + 1 windows; the ones whose 5 input rows meet rows 100..109 are dropped,
    // and so are those spanning a gap in time (none of which is near rows 100..109 or 2800 in this slice).
    const trainGaps = gapWindows(0, 2100, 8);
    const testGaps = gapWindows(2550, rows, 8);
    const validationGaps = gapWindows(2100, 2550, 8);
    expect(result.samples.train).toBe(2100 - 5 - 3 + 1 - (10 + 5 - 1) - trainGaps);
    expect(result.samples.test).toBe(rows - 2550 - 5 - 3 + 1 - 5 - testGaps);
    const skipped = `train ${14 + trainGaps}, validation ${validationGaps}, test ${5 + testGaps}`;
    expect(result.findings.join(' ')).toContain(
      `${19 + trainGaps + validationGaps + testGaps} windows touching missing values or gaps in time were skipped (${skipped})`,
    );
    expect(result.predictions.predicted).toHaveLength(result.samples.test);
    expect(Number.isFinite(result.metrics.test.mae)).toBe(true);
  });
});

describe('trainForecast input checks', () => {
  it('names a missing target or input column and lists the real ones', async () => {
    expect(await userErrorOf(trainForecast(series, { ...config, target: 'Temp' }))).toMatch(
      /target column "Temp" is not in the data \(columns: "Temperature \(C\)", "Humidity"\): choose/,
    );
    expect(await userErrorOf(trainForecast(series, { ...config, features: [TEMP, 'Wind'] }))).toMatch(
      /input column "Wind" is not in the data/,
    );
  });

  it('says when the target has no numbers at all', async () => {
    const empty = withColumn(TEMP, (t) => t.fill(NaN));
    expect(await userErrorOf(trainForecast(empty, config))).toMatch(
      /target column "Temperature \(C\)" has no numeric values .*: choose a numeric column/,
    );
  });

  it('says how many rows a window needs and how many each split has', async () => {
    expect(await userErrorOf(trainForecast(series, { ...config, window: 2500 }))).toMatch(
      /^Window 2500 \+ horizon 1 needs at least 2501 rows in the train split \(70% of 3000 rows\), which has 2100 rows: use a smaller window/,
    );
    expect(await userErrorOf(trainForecast(series, { ...config, window: 300, split: { train: 0.8, validation: 0.05 } }))).toMatch(
      /needs at least 301 rows in the validation split \(5% of 3000 rows\), which has 150 rows: .*a larger validation fraction/,
    );
    expect(await userErrorOf(trainForecast(series, { ...config, window: 400, split: { train: 0.5, validation: 0.4 } }))).toMatch(
      /in the test split \(10% of 3000 rows\), which has 300 rows/,
    );
  });

  it('says when missing values leave too few windows', async () => {
    const holes = withColumn(HUMIDITY, (h) => {
      for (let i = 2100; i < 2550; i += 4) h[i] = NaN; // every 4th validation row
    });
    expect(await userErrorOf(trainForecast(holes, { ...config, features: [HUMIDITY] }))).toMatch(
      /Only 0 of 445 windows in the validation split are free of missing values and gaps in time in "Temperature \(C\)", "Humidity".*: fill the missing values/,
    );
  });
});
