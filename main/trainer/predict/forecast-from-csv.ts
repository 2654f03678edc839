// Runs in: trainer process (plain Node). A saved forecast run applied to a new CSV: its last `window` rows in, the
// next `horizon` steps out, in the target's units, with times continuing the file's.
import * as tf from '@tensorflow/tfjs';
import { basename } from 'node:path';
import type { ImportOptions } from '../../../shared/model/forecast-data';
import type { ForecastFromCsv } from '../../../shared/model/inference';
import { toCsv } from '../../../shared/util/csv-write';
import { UserError } from '../../../shared/util/errors';
import { loadDataset, type LoadedDataset } from '../../core/dataset/load-dataset';
import { modelDir } from '../../core/run-files';
import { categoryCodes, oneHot } from '../../core/forecast/categorical';
import { forwardFill, interpolateInTime, markSentinels } from '../../core/forecast/missing-values';
import { loadModel } from '../model-io';
import { transformTarget, untransformForecasts } from '../../core/forecast/target-transform';
import { intervalBounds } from '../../core/forecast/conformal';
import { percentName } from '../../../shared/model/interval-names';
import { medianStepMs, readForecastPreprocessing, type ForecastPreprocessing, type SavedInput } from './forecast-preprocessing';

/** The chart shows this many windows of the file's end before the forecast. */
const HISTORY_WINDOWS = 4;
const CALENDAR_MONTHS: Record<string, number> = { monthly: 1, quarterly: 3, yearly: 12 };

function runName(runDir: string): string {
  const id = basename(runDir);
  return /^\d+$/.test(id) ? `run ${id}` : 'the run';
}

/** The model's input columns and the target, from the file: checked, with the run's sentinels and policies applied. */
function readColumns(dataset: LoadedDataset, prep: ForecastPreprocessing, run: string): { inputs: Float64Array[]; target: Float64Array } {
  const { fileName } = dataset.summary;
  const wanted = [...new Set([prep.target, ...prep.inputs.map((input) => input.column)])];
  const needed = `${run} reads ${wanted.map((n) => `"${n}"`).join(', ')}`;
  const columnOf = (name: string, kind: SavedInput['kind']) => {
    const column = dataset.summary.columns.find((c) => c.name === name);
    if (!column) {
      throw new UserError(`Column "${name}" is not in ${fileName}, but ${needed}: choose a file with the same columns as the run's data.`);
    }
    if (kind === 'number' && column.type !== 'number') {
      throw new UserError(
        `Column "${name}" in ${fileName} holds ${column.type} values, not numbers, but ${run} reads it as numbers: choose a file with the same columns as the run's data.`,
      );
    }
    if (kind === 'category' && column.type !== 'category' && column.type !== 'text') {
      throw new UserError(
        `Column "${name}" in ${fileName} holds ${column.type} values, but ${run} reads it as categories: choose a file with the same columns as the run's data.`,
      );
    }
  };
  const numbers = (name: string) => {
    columnOf(name, 'number');
    const marks = prep.sentinels.filter((s) => s.column === name).map((s) => s.value);
    const { values } = markSentinels(dataset.numeric(name), marks);
    const policy = prep.missing[name];
    if (policy === 'ffill') return forwardFill(values).values;
    if (policy === 'interpolate') return interpolateInTime(values, dataset.time, [{ start: 0, end: values.length }]).values;
    return values;
  };
  const transform = prep.targetTransform ?? 'none';
  const inputs = prep.inputs.flatMap((input) => {
    if (input.kind === 'number') {
      const { mean, std } = input;
      // The target as an input is read as the model learned it: through the run's target transform.
      const values = input.column === prep.target ? transformTarget(transform, numbers(input.column), prep.period ?? 1, `"${prep.target}"`) : numbers(input.column);
      return [values.map((v) => (v - mean) / std)];
    }
    columnOf(input.column, 'category');
    const codes = categoryCodes(dataset.strings(input.column), input.categories);
    // A label the run never saw is all zeros, as in training's validation and test rows.
    return oneHot(prep.missing[input.column] === 'ffill' ? forwardFill(codes).values : codes, input.categories.length);
  });
  return { inputs, target: numbers(prep.target) };
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

/** The same day `months` later; a month-end date stays at month ends (31 Jan -> 28/29 Feb -> 31 Mar). */
function addMonths(time: number, months: number): number {
  const date = new Date(time);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  const targetDays = daysInMonth(year, month + months);
  const targetDay = day === daysInMonth(year, month) ? targetDays : Math.min(day, targetDays);
  const timeOfDay = time - Date.UTC(year, month, day);
  return Date.UTC(year, month + months, targetDay) + timeOfDay;
}

/** `count` times after `last`: calendar months for monthly/quarterly/yearly data, else a fixed step. */
export function continueTimes(last: number, count: number, stepMs: number | null, frequency: string | null): number[] | null {
  const months = frequency ? CALENDAR_MONTHS[frequency] : undefined;
  if (months) return Array.from({ length: count }, (_, k) => addMonths(last, months * (k + 1)));
  if (stepMs === null) return null;
  return Array.from({ length: count }, (_, k) => last + stepMs * (k + 1));
}

export async function forecastFromCsv(
  runDir: string,
  csvPath: string,
  fileName: string,
  importOptions?: ImportOptions,
): Promise<Omit<ForecastFromCsv, 'runId'>> {
  const prep = readForecastPreprocessing(runDir);
  const run = runName(runDir);
  const dataset = await loadDataset(csvPath, { fileName, importOptions });
  const columns = readColumns(dataset, prep, run);
  const rows = dataset.rowCount;
  const width = prep.features.length;
  const { window, horizon } = prep;
  if (rows < window) {
    throw new UserError(
      `${fileName} has ${rows} rows after cleaning, but ${run}'s model reads the last ${window}: use a file with at least ${window} rows.`,
    );
  }

  const start = rows - window;
  const input = new Float32Array(window * width);
  columns.inputs.forEach((values, f) => {
    for (let step = 0; step < window; step++) {
      const value = values[start + step];
      if (value !== value) {
        throw new UserError(
          `Input "${prep.features[f]}" has missing values among the last ${window} rows of ${fileName}, which ${run}'s model reads: ` +
            'fill them in, or end the file before the gap.',
        );
      }
      input[step * width + f] = value;
    }
  });

  const model = await loadModel(modelDir(runDir));
  const xs = tf.tensor3d(input, [1, window, width]);
  let scaled: Float32Array;
  try {
    const ys = model.predict(xs) as tf.Tensor;
    scaled = (await ys.data()) as Float32Array;
    ys.dispose();
  } finally {
    xs.dispose();
    model.dispose();
  }
  const { mean, std } = prep.targetScaler;
  const transform = prep.targetTransform ?? 'none';
  const modelValues = Float64Array.from(scaled.subarray(0, horizon), (v) => v * std + mean);
  const values = Array.from(untransformForecasts(transform, modelValues, columns.target, [rows], horizon, prep.period ?? 1));
  if (values.some((v) => !Number.isFinite(v))) {
    throw new UserError(
      `${run} predicts the change of "${prep.target}" from its last values, but they are missing at the end of ${fileName}: fill them in, or end the file before the gap.`,
    );
  }
  const intervals = (prep.conformal ?? []).map((band) => ({ level: band.level, ...intervalBounds(values, horizon, band) }));

  const times = dataset.time;
  const step = prep.stepMs ?? medianStepMs(times);
  const forecastTimes = times ? continueTimes(times[rows - 1], horizon, step, prep.frequency ?? dataset.summary.frequency) : null;

  // History for the chart: the file's end, missing points left out (JSON has no NaN).
  const target = columns.target;
  const historyTimes: number[] = [];
  const historyValues: number[] = [];
  for (let row = Math.max(0, rows - HISTORY_WINDOWS * window); row < rows; row++) {
    if (target[row] !== target[row]) continue;
    historyValues.push(target[row]);
    if (times) historyTimes.push(times[row]);
  }

  const bandHeader = intervals.flatMap((band) => [`lower_${percentName(band.level)}`, `upper_${percentName(band.level)}`]);
  const csv = toCsv(
    ['step', 'time', 'forecast', ...bandHeader],
    values.map((value, k) => [
      k + 1,
      forecastTimes ? new Date(forecastTimes[k]).toISOString() : null,
      value,
      ...intervals.flatMap((band) => [band.lower[k], band.upper[k]]),
    ]),
  );
  return {
    task: 'forecast',
    fileName,
    target: prep.target,
    history: { times: times ? historyTimes : null, values: historyValues },
    forecast: { times: forecastTimes, values },
    ...(intervals.length > 0 ? { intervals } : {}),
    csv,
  };
}
