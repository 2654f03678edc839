// Runs in: vitest (Node). Missing values, sentinel marks, gaps in time, one-hot categories and stride in the forecast
// data path, on small real Szeged slices read by the app's importer, checked against naive references.
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { loadDataset, type LoadedDataset } from '../../main/core/dataset/load-dataset';
import { planForecastData, prepareForecastData, SPLIT_NAMES } from '../../main/core/forecast/prepare-data';
import { forecastSeriesFromDataset } from '../../main/core/forecast/series-from-dataset';
import { splitRows, type RowRange } from '../../main/core/forecast/split';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { ForecastConfig } from '../../shared/model/config';
import type { MissingPolicy } from '../../shared/model/forecast-data';

const TEMP = 'Temperature (C)';
const PRESSURE = 'Pressure (millibars)';
const PRECIP = 'Precip Type';
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

let pressureSlice: LoadedDataset;
let gapSlice: LoadedDataset;
let szeged3000: LoadedDataset;
let quirks: LoadedDataset;

beforeAll(async () => {
  [pressureSlice, gapSlice, szeged3000, quirks] = await Promise.all([
    loadDataset(fixture('szeged-pressure-2006-08.csv')),
    loadDataset(fixture('szeged-gap-2014-07.csv')),
    loadDataset(fixture('szeged-3000.csv')),
    loadDataset(fixture('szeged-quirks.csv')),
  ]);
});

function configFor(dataset: LoadedDataset, fields: Partial<ForecastConfig>): ForecastConfig {
  return { ...FORECAST_DEFAULTS, datasetId: dataset.summary.id, target: TEMP, features: [TEMP], window: 3, horizon: 1, ...fields };
}

function plan(dataset: LoadedDataset, fields: Partial<ForecastConfig>) {
  const config = configFor(dataset, fields);
  return planForecastData(forecastSeriesFromDataset(dataset, config), config);
}

/** The pressure column straight from the CSV text (the fixture is already in time order): an independent reading. */
function rawPressure(): number[] {
  const lines = readFileSync(fixture('szeged-pressure-2006-08.csv'), 'utf8').trim().split(/\r?\n/);
  const column = lines[0].split(',').indexOf(PRESSURE);
  return lines.slice(1).map((line) => Number(line.split(',')[column]));
}

/**
 * Naive reference: windows of `window` inputs + 1 target starting every `stride` rows of `range`; kept when no input
 * row is flagged. Returns the kept windows' target rows and how many windows there were.
 */
function cleanWindows(range: RowRange, window: number, stride: number, flagged: (row: number) => boolean): { kept: number[]; possible: number } {
  const kept: number[] = [];
  let possible = 0;
  for (let r = range.start; r + window + 1 <= range.end; r += stride) {
    possible++;
    let clean = true;
    for (let k = r; k < r + window; k++) if (flagged(k)) clean = false;
    if (clean) kept.push(r + window);
  }
  return { kept, possible };
}

describe('sentinel marks and the drop policy', () => {
  it('turns Pressure == 0 into missing values and drops exactly the windows whose inputs touch one', () => {
    const raw = rawPressure();
    const zeros = raw.filter((v) => v === 0).length;
    expect(zeros).toBe(24); // the fixture's documented count
    const result = plan(pressureSlice, { features: [TEMP, PRESSURE], sentinels: [{ column: PRESSURE, value: 0 }] });

    const report = result.missing.find((m) => m.column === PRESSURE)!;
    expect(report).toMatchObject({ policy: 'drop', missing: zeros, marked: zeros, filled: 0 });
    let dropped = 0;
    for (const name of SPLIT_NAMES) {
      const range = result.split[name];
      // The target (Temperature) is never missing here: only the 3 input rows matter.
      const reference = cleanWindows(range, 3, 1, (row) => raw[row] === 0);
      expect(Array.from(result.plans[name].firstTargetRow)).toEqual(reference.kept);
      dropped += reference.possible - reference.kept.length;
    }
    expect(report.windowsDropped).toBe(dropped);
    expect(dropped).toBeGreaterThan(0);
  });

  it('leaves the zeros alone without a mark, so no window is dropped', () => {
    const result = plan(pressureSlice, { features: [TEMP, PRESSURE] });
    expect(result.missing).toEqual([]);
    for (const name of SPLIT_NAMES) expect(result.plans[name].skipped).toBe(0);
  });
});

describe('forward fill and interpolation', () => {
  const marked = (policy: MissingPolicy) =>
    plan(pressureSlice, { features: [TEMP, PRESSURE], sentinels: [{ column: PRESSURE, value: 0 }], missing: { [PRESSURE]: policy } });

  it('forward fill takes the last value before each gap and keeps every window', () => {
    const raw = rawPressure();
    const result = marked('ffill');
    const pressure = result.unscaledInputs[1];
    expect(result.featureNames).toEqual([TEMP, PRESSURE]);
    let last = NaN;
    for (let r = 0; r < raw.length; r++) {
      if (raw[r] !== 0) last = raw[r];
      expect(pressure[r]).toBe(last);
    }
    // The slice starts with a reading, so every zero has a value before it.
    expect(result.missing).toEqual([{ column: PRESSURE, policy: 'ffill', missing: 24, marked: 24, filled: 24, windowsDropped: 0 }]);
    for (const name of SPLIT_NAMES) expect(result.plans[name].skipped).toBe(0);
  });

  it('interpolation draws straight lines in time inside each split, leaves split edges missing, and never lets the last input see the future', () => {
    const raw = rawPressure();
    const result = marked('interpolate');
    const pressure = result.unscaledInputs[1];
    const split = splitRows(raw.length, { train: 0.7, validation: 0.15 });
    // Data row 11 (index 10) is a lone zero between two hourly readings: the midpoint.
    expect(raw[10]).toBe(0);
    expect(pressure[10]).toBeCloseTo((raw[9] + raw[11]) / 2, 10);
    // Two missing hours in a row get 1/3 and 2/3 of the way between their neighbours.
    const pairStart = raw.findIndex((v, i) => v === 0 && raw[i + 1] === 0 && i > split.train.start + 1 && i + 2 < split.train.end);
    const before = raw[pairStart - 1];
    const after = raw[pairStart + 2];
    expect(pressure[pairStart]).toBeCloseTo(before + (after - before) / 3, 10);
    expect(pressure[pairStart + 1]).toBeCloseTo(before + (2 * (after - before)) / 3, 10);
    // The test split starts at index 102 with two zeros: nothing before them inside the split, so they stay missing.
    expect(split.test.start).toBe(102);
    expect(raw[102]).toBe(0);
    expect(raw[103]).toBe(0);
    expect(Number.isNaN(pressure[102]) && Number.isNaN(pressure[103])).toBe(true);
    const report = result.missing.find((m) => m.column === PRESSURE)!;
    expect(report).toMatchObject({ policy: 'interpolate', missing: 24, marked: 24, filled: 22 });

    // Reference: a window is kept when its inputs are filled and its last input row was not interpolated.
    let dropped = 0;
    for (const name of SPLIT_NAMES) {
      const range = split[name];
      const all = cleanWindows(range, 3, 1, () => false);
      const kept = all.kept.filter((target) => {
        const rows = [target - 3, target - 2, target - 1];
        return rows.every((row) => !Number.isNaN(pressure[row])) && raw[target - 1] !== 0;
      });
      expect(Array.from(result.plans[name].firstTargetRow)).toEqual(kept);
      dropped += all.possible - kept.length;
    }
    expect(report.windowsDropped).toBe(dropped);
  });

  it('fills the target for training, but scores no validation or test window against a filled value', () => {
    const config = { target: PRESSURE, features: [PRESSURE], sentinels: [{ column: PRESSURE, value: 0 }], missing: { [PRESSURE]: 'ffill' as const } };
    const raw = rawPressure();
    const result = plan(pressureSlice, config);
    const trainTargets = Array.from(result.plans.train.firstTargetRow);
    expect(trainTargets.some((row) => raw[row] === 0)).toBe(true);
    for (const name of ['validation', 'test'] as const) {
      const rows = Array.from(result.plans[name].firstTargetRow);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => raw[row] !== 0)).toBe(true);
    }
  });
});

describe('gaps in time', () => {
  it('drops the windows that would span the file’s 4-hour gap, whatever the policy', () => {
    const times = gapSlice.time!;
    const after = Array.from(times).findIndex((t, i) => i > 0 && t - times[i - 1] > 3_600_000);
    expect(times[after] - times[after - 1]).toBe(4 * 3_600_000);
    for (const policy of ['drop', 'ffill', 'interpolate'] as const) {
      const result = plan(gapSlice, { window: 3, horizon: 2, missing: { [TEMP]: policy } });
      // Windows cover 5 rows; those holding both row after-1 and row after are the ones that start at after-4 .. after-1.
      expect(result.timeGaps).toEqual({ gaps: 1, windowsDropped: 4 });
      const train = Array.from(result.plans.train.firstTargetRow);
      for (let r = after - 4; r <= after - 1; r++) expect(train).not.toContain(r + 3);
      expect(train).toContain(after + 3);
      expect(train).toContain(after - 5 + 3);
    }
  });
});

describe('categorical inputs', () => {
  it('one-hot encodes with the categories of the training part only; a later category is all zeros', () => {
    // The slice's first day (2006-01-01, 24 rows) is rain only; its next day, 2006-01-10, is snow.
    const result = plan(szeged3000, { features: [TEMP, PRECIP], split: { train: 0.008, validation: 0.1 } });
    expect(result.split.train.end).toBe(24);
    const labels = szeged3000.strings(PRECIP);
    const trainLabels = new Set(labels.slice(0, result.split.train.end));
    expect([...trainLabels]).toEqual(['rain']);
    expect(result.featureNames).toEqual([TEMP, `${PRECIP}=rain`]);
    const rain = result.unscaledInputs[1];
    for (let r = 0; r < labels.length; r++) expect(rain[r]).toBe(labels[r] === 'rain' ? 1 : 0);
    expect(labels.slice(result.split.test.start)).toContain('snow');
    expect(result.encoders[1]).toEqual({ column: PRECIP, kind: 'category', categories: ['rain'] });
  });

  it('takes both categories when training sees both, and leaves one-hot inputs unscaled', () => {
    const prepared = prepareForecastData(
      forecastSeriesFromDataset(szeged3000, configFor(szeged3000, { features: [TEMP, PRECIP] })),
      configFor(szeged3000, { features: [TEMP, PRECIP] }),
    );
    expect(prepared.featureNames).toEqual([TEMP, `${PRECIP}=rain`, `${PRECIP}=snow`]);
    const { x, features, window, count } = prepared.sets.train;
    expect(features).toBe(3);
    for (let n = 0; n < count; n++) {
      for (let t = 0; t < window; t++) {
        const base = (n * window + t) * features;
        expect(x[base + 1] + x[base + 2]).toBe(1);
      }
    }
  });

  it('treats a missing label as missing: dropped windows, or forward filled', () => {
    const labels = quirks.strings(PRECIP);
    const nulls = labels.filter((label) => label === null).length;
    expect(nulls).toBe(5); // the fixture's documented 'null' rows
    const dropped = plan(quirks, { features: [TEMP, PRECIP] });
    expect(dropped.missing).toEqual([expect.objectContaining({ column: PRECIP, policy: 'drop', missing: 5, filled: 0 })]);
    expect(dropped.missing[0].windowsDropped).toBeGreaterThan(0);
    const filled = plan(quirks, { features: [TEMP, PRECIP], missing: { [PRECIP]: 'ffill' } });
    expect(filled.missing).toEqual([expect.objectContaining({ column: PRECIP, policy: 'ffill', missing: 5, filled: 5, windowsDropped: 0 })]);
  });

  it('refuses to interpolate categories and says what to choose instead', () => {
    expect(() => plan(quirks, { features: [TEMP, PRECIP], missing: { [PRECIP]: 'interpolate' } })).toThrow(
      /"Precip Type" holds categories, which cannot be interpolated: choose forward fill or drop/,
    );
  });
});

describe('stride', () => {
  it('starts training windows every `stride` rows and keeps every validation and test window', () => {
    const rows = pressureSlice.rowCount;
    const base = plan(pressureSlice, { window: 5, horizon: 1 });
    const strided = plan(pressureSlice, { window: 5, horizon: 1, stride: 3 });
    const trainRows = Math.floor(rows * 0.7);
    const possible = trainRows - 5 - 1 + 1;
    expect(base.plans.train.firstTargetRow.length).toBe(possible);
    expect(strided.plans.train.firstTargetRow.length).toBe(Math.ceil(possible / 3));
    expect(Array.from(strided.plans.train.firstTargetRow).slice(0, 3)).toEqual([5, 8, 11]);
    expect(strided.plans.validation.firstTargetRow).toEqual(base.plans.validation.firstTargetRow);
    expect(strided.plans.test.firstTargetRow).toEqual(base.plans.test.firstTargetRow);
  });
});
