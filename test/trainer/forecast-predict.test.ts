// Runs in: vitest (Node). A forecast run saves its kept model and preprocessing, and that model forecasts past the end
// of a new CSV: real importer, real TensorFlow.js training on a Szeged slice, real model files.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ForecastConfig } from '../../shared/model/config';
import type { PredictionSeries } from '../../shared/model/run';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { isUserError } from '../../shared/util/errors';
import { toCsv } from '../../shared/util/csv-write';
import { loadDataset } from '../../main/core/dataset/load-dataset';
import { modelDir, preprocessingPath, runFilesDir } from '../../main/core/run-files';
import { runForecastJob } from '../../main/trainer/jobs/forecast-job';
import type { TrainerToManager } from '../../main/core/trainer-protocol';
import { continueTimes, forecastFromCsv } from '../../main/trainer/predict/forecast-from-csv';
import type { ForecastPreprocessing } from '../../main/trainer/predict/forecast-preprocessing';
import { SZEGED_SLICE } from '../support/built';

const TEMP = 'Temperature (C)';
const HUMIDITY = 'Humidity';
const PRECIP = 'Precip Type';
const HOUR = 3_600_000;
const dir = mkdtempSync(join(tmpdir(), 'seqlab-predict-'));
const runDir = runFilesDir(join(dir, 'runs.db'), 7);
const lines = readFileSync(SZEGED_SLICE, 'utf8').trimEnd().split('\n');
/** The fingerprint the service would send: the trainer checks the file against it. */
const SZEGED_SHA = createHash('sha256').update(readFileSync(SZEGED_SLICE)).digest('hex');
const config: ForecastConfig = {
  ...FORECAST_DEFAULTS,
  datasetId: '0'.repeat(64),
  target: TEMP,
  features: [TEMP, HUMIDITY, PRECIP],
  missing: { [HUMIDITY]: 'ffill' },
  window: 6,
  horizon: 3,
  hiddenUnits: 8,
  epochs: 1,
  batchSize: 64,
  backend: 'wasm',
};
let messages: TrainerToManager[];
let predictions: PredictionSeries;

/** A CSV of the fixture's header and its first `rows` data lines, optionally edited. */
function slice(name: string, rows: number, edit: (line: string) => string = (l) => l): string {
  const path = join(dir, name);
  writeFileSync(path, [lines[0], ...lines.slice(1, rows + 1)].map(edit).join('\n') + '\n');
  return path;
}

async function userErrorOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!isUserError(error)) throw new Error(`expected a UserError, got ${String(error)}`);
  return error.message;
}

beforeAll(async () => {
  messages = [];
  await runForecastJob(
    { type: 'start', runId: 7, datasetPath: SZEGED_SLICE, datasetFileName: 'szeged-3000.csv', datasetSha256: SZEGED_SHA, config, runDir },
    (message) => messages.push(message),
    () => false,
  );
  const result = messages.find((m) => m.type === 'result');
  if (result?.type !== 'result') throw new Error(`no result: ${JSON.stringify(messages.filter((m) => m.type === 'error'))}`);
  predictions = result.result.predictions!;
}, 120_000);

describe('saving the kept model', () => {
  it('writes the model files and the preprocessing, then says so before the result', async () => {
    const types = messages.map((m) => m.type).filter((t) => t === 'model-saved' || t === 'result');
    expect(types).toEqual(['model-saved', 'result']);
    expect(existsSync(join(modelDir(runDir), 'model.json'))).toBe(true);
    expect(existsSync(join(modelDir(runDir), 'weights.bin'))).toBe(true);

    const prep = JSON.parse(readFileSync(preprocessingPath(runDir), 'utf8')) as ForecastPreprocessing;
    expect(prep).toMatchObject({ format: 1, task: 'forecast', target: TEMP, window: 6, horizon: 3, missing: { [HUMIDITY]: 'ffill' } });
    // A category input becomes one input per category seen in training.
    expect(prep.features).toEqual([TEMP, HUMIDITY, `${PRECIP}=rain`, `${PRECIP}=snow`]);
    expect(prep.inputs.map((input) => [input.column, input.kind])).toEqual([[TEMP, 'number'], [HUMIDITY, 'number'], [PRECIP, 'category']]);
    expect(prep.timeColumn).toBe('Formatted Date');
    expect(prep.stepMs).toBe(HOUR);
    expect(prep.frequency).toBe('hourly');
    // The stats are the training rows' (first 70%), computed here independently of the scaler code.
    const dataset = await loadDataset(SZEGED_SLICE);
    const trainRows = Math.floor(dataset.rowCount * 0.7);
    const [temp, humidity] = prep.inputs;
    for (const [name, saved] of [[TEMP, temp], [HUMIDITY, humidity]] as const) {
      if (saved.kind !== 'number') throw new Error(`${name} should be a number input`);
      const train = Array.from(dataset.numeric(name).subarray(0, trainRows)).filter((v) => !Number.isNaN(v));
      const mean = train.reduce((a, b) => a + b, 0) / train.length;
      const std = Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / train.length);
      expect(saved.mean).toBeCloseTo(mean, 9);
      expect(saved.std).toBeCloseTo(std, 9);
    }
    expect(prep.targetScaler).toEqual({ mean: temp.kind === 'number' ? temp.mean : NaN, std: temp.kind === 'number' ? temp.std : NaN });
  });
});

describe('a model that cannot be saved', () => {
  it('leaves the run scored, without a model, and says why', async () => {
    // A run folder inside a regular file cannot be created.
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, 'not a folder');
    const sent: TrainerToManager[] = [];
    await runForecastJob(
      { type: 'start', runId: 8, datasetPath: SZEGED_SLICE, datasetFileName: 'szeged-3000.csv', datasetSha256: SZEGED_SHA, config: { ...config, horizon: 1 }, runDir: join(blocked, '8') },
      (message) => sent.push(message),
      () => false,
    );
    expect(sent.some((m) => m.type === 'model-saved')).toBe(false);
    const result = sent.find((m) => m.type === 'result');
    if (result?.type !== 'result') throw new Error('expected a result');
    expect(result.result.status).toBe('completed');
    expect(result.result.metrics).toHaveProperty('test.mae');
    expect(result.result.metrics.notes?.at(-1)).toMatch(/^The model could not be saved \(.*\), so this run cannot forecast new files\.$/);
  }, 60_000);
});

describe('forecasting from a CSV', () => {
  it('continues the file by `horizon` hours, matching what the run predicted for the same window', async () => {
    // A file of the run's rows up to a test-range hour, in another layout (only the needed columns, another time
    // column name): the run itself predicted that hour from the same window, so the forecast must agree.
    const full = await loadDataset(SZEGED_SLICE);
    const times = full.time!;
    const k = predictions.times!.findIndex((t, i) => i > 20 && times[times.indexOf(t) - 1] === t - HOUR);
    expect(k).toBeGreaterThan(20);
    const cutRows = times.indexOf(predictions.times![k]);
    const temp = full.numeric(TEMP);
    const humidity = full.numeric(HUMIDITY);
    const precip = full.strings(PRECIP);
    const path = join(dir, 'cut.csv');
    const rows = Array.from({ length: cutRows }, (_, r) => [new Date(times[r]).toISOString(), humidity[r], precip[r], temp[r]]);
    writeFileSync(path, toCsv(['when', HUMIDITY, PRECIP, TEMP], rows));
    const last = times[cutRows - 1];
    const result = await forecastFromCsv(runDir, path, 'cut.csv');

    expect(result.task).toBe('forecast');
    expect(result.target).toBe(TEMP);
    expect(result.forecast.values).toHaveLength(3);
    expect(result.forecast.times).toEqual([last + HOUR, last + 2 * HOUR, last + 3 * HOUR]);
    expect(result.forecast.values[0]).toBeCloseTo(predictions.predicted[k], 3);

    // History: the last 4 windows of the file's target, ending at its last row.
    expect(result.history.values).toHaveLength(24);
    expect(result.history.times!.at(-1)).toBe(last);
    expect(result.history.values.at(-1)).toBe(temp[cutRows - 1]);
    const csvLines = result.csv.trimEnd().split('\n');
    // The run's default 80% and 95% intervals (issue 15) come with the forecast, as columns too.
    expect(csvLines[0]).toBe('step,time,forecast,lower_80,upper_80,lower_95,upper_95');
    const [eighty, ninetyFive] = result.intervals!;
    expect(csvLines[1]).toBe(
      `1,${new Date(last + HOUR).toISOString()},${result.forecast.values[0]},${eighty.lower[0]},${eighty.upper[0]},${ninetyFive.lower[0]},${ninetyFive.upper[0]}`,
    );
    expect(eighty.lower[0]).toBeLessThan(result.forecast.values[0]);
    expect(ninetyFive.upper[2] - ninetyFive.lower[2]).toBeGreaterThan(eighty.upper[2] - eighty.lower[2]);
    expect(csvLines).toHaveLength(4);
  });

  it('names a column the run needs that the file lacks, and the run', async () => {
    const path = slice('renamed.csv', 100, (line) => line.replace('Humidity', 'Relative humidity'));
    expect(await userErrorOf(forecastFromCsv(runDir, path, 'renamed.csv'))).toMatch(
      /Column "Humidity" is not in renamed\.csv, but run 7 reads "Temperature \(C\)", "Humidity"/,
    );
  });

  it('names a column that is not numeric', async () => {
    // Swap the Summary text into the Humidity position's header name.
    const path = slice('text-humidity.csv', 100, (line) => line.replace(/^([^,]*),Summary,(.*),Humidity,/, '$1,Humidity,$2,Summary,'));
    expect(await userErrorOf(forecastFromCsv(runDir, path, 'text-humidity.csv'))).toMatch(/Column "Humidity" in text-humidity\.csv holds (category|text) values/);
  });

  it('refuses a file shorter than the window', async () => {
    const path = slice('short.csv', 4);
    expect(await userErrorOf(forecastFromCsv(runDir, path, 'short.csv'))).toMatch(/short\.csv has 4 rows .* reads the last 6: use a file with at least 6 rows/);
  });

  it('fills a gap in the last window as the run did, and refuses one the run would have dropped', async () => {
    const path = slice('gap.csv', 100);
    const rows = readFileSync(path, 'utf8').trimEnd().split('\n');
    const cell = (line: string, column: number, value: string) => line.split(',').map((c, i) => (i === column ? value : c)).join(',');
    const sorted = [...rows.slice(1)].sort((a, b) => Date.parse(a.split(',')[0]) - Date.parse(b.split(',')[0]));
    // Humidity (column 5) is forward-filled: a gap in the last row forecasts exactly like the previous row's value.
    const filled = join(dir, 'filled.csv');
    const previousHumidity = sorted.at(-2)!.split(',')[5];
    writeFileSync(filled, [rows[0], ...sorted.slice(0, -1), cell(sorted.at(-1)!, 5, previousHumidity)].join('\n') + '\n');
    writeFileSync(path, [rows[0], ...sorted.slice(0, -1), cell(sorted.at(-1)!, 5, '')].join('\n') + '\n');
    expect((await forecastFromCsv(runDir, path, 'gap.csv')).forecast.values).toEqual((await forecastFromCsv(runDir, filled, 'filled.csv')).forecast.values);
    // Temperature (column 3) has no fill policy: its gap is refused.
    writeFileSync(path, [rows[0], ...sorted.slice(0, -1), cell(sorted.at(-1)!, 3, '')].join('\n') + '\n');
    expect(await userErrorOf(forecastFromCsv(runDir, path, 'gap.csv'))).toMatch(/Input "Temperature \(C\)" has missing values among the last 6 rows of gap\.csv/);
  });

  it('says when the run has no saved model', async () => {
    expect(await userErrorOf(forecastFromCsv(join(dir, 'runs', '99'), SZEGED_SLICE, 'x.csv'))).toMatch(/no saved model files/);
  });
});

describe('forecast times', () => {
  it('continues monthly data by calendar months and fixed steps by the step', () => {
    const jan1 = Date.UTC(1960, 0, 1);
    expect(continueTimes(jan1, 3, 31 * 24 * HOUR, 'monthly')).toEqual([Date.UTC(1960, 1, 1), Date.UTC(1960, 2, 1), Date.UTC(1960, 3, 1)]);
    // Month ends stay month ends (1960 is a leap year); quarters are three months.
    expect(continueTimes(Date.UTC(1960, 0, 31, 12), 3, null, 'monthly')).toEqual([Date.UTC(1960, 1, 29, 12), Date.UTC(1960, 2, 31, 12), Date.UTC(1960, 3, 30, 12)]);
    expect(continueTimes(Date.UTC(1960, 0, 15), 2, null, 'quarterly')).toEqual([Date.UTC(1960, 3, 15), Date.UTC(1960, 6, 15)]);
    expect(continueTimes(0, 2, HOUR, 'hourly')).toEqual([HOUR, 2 * HOUR]);
    expect(continueTimes(0, 2, null, null)).toBeNull();
  });
});
