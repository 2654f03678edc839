// Runs in: vitest (Node). previewWindows' backend: the first and last window of each split on a hand-checkable real
// slice, the cache, the service's column checks, and that the preview never loads TensorFlow.js.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset, type LoadedDataset } from '../../main/core/dataset/load-dataset';
import { WindowPreviews, buildWindowPreview, thinSeries } from '../../main/backend/datasets/window-preview';
import { checkConfigAgainstData } from '../../main/backend/datasets/check-against-data';
import { workerColumnLoader } from '../../main/core/dataset/columns-in-worker';
import { columnWorkerEntry } from '../../main/backend/paths';
import { requireBuilt } from '../support/built';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { ForecastConfig } from '../../shared/model/config';

const TEMP = 'Temperature (C)';
const HUMIDITY = 'Humidity';
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const GAP = fixture('szeged-gap-2014-07.csv');

let gapSlice: LoadedDataset;
beforeAll(async () => {
  gapSlice = await loadDataset(GAP);
});

/** The fixture's rows straight from the text (already in time order): time, temperature, humidity. */
function rawRows(): { time: number; temp: number; humidity: number }[] {
  const lines = readFileSync(GAP, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const [t, c, h] = ['Formatted Date', TEMP, HUMIDITY].map((name) => header.indexOf(name));
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return { time: Date.parse(cells[t].replace(' ', 'T').replace(' ', '')), temp: Number(cells[c]), humidity: Number(cells[h]) };
  });
}

const config = (fields: Partial<ForecastConfig> = {}): ForecastConfig => ({
  ...FORECAST_DEFAULTS,
  datasetId: gapSlice.summary.id,
  target: TEMP,
  features: [TEMP, HUMIDITY],
  window: 3,
  horizon: 2,
  ...fields,
});

describe('buildWindowPreview', () => {
  it('shows the first and last window of each split with unscaled values and times, the boundaries and the series', () => {
    const rows = rawRows();
    expect(rows).toHaveLength(117);
    const preview = buildWindowPreview(gapSlice, config());
    expect(preview.features).toEqual([TEMP, HUMIDITY]);
    // 117 rows: train 0..80 (floor 81.9), validation 81..98 (floor 99.45), test 99..116.
    expect(preview.boundaries).toEqual({ validation: rows[81].time, test: rows[99].time });

    const [train, validation, test] = preview.splits;
    expect(train.name).toBe('train');
    expect(train.first.inputs).toEqual([0, 1, 2].map((r) => [rows[r].temp, rows[r].humidity]));
    expect(train.first.inputTimes).toEqual([0, 1, 2].map((r) => rows[r].time));
    expect(train.first.target).toEqual([rows[3].temp, rows[4].temp]);
    expect(train.first.targetTimes).toEqual([rows[3].time, rows[4].time]);
    // The last training window ends on the last training row (80).
    expect(train.last.target).toEqual([rows[79].temp, rows[80].temp]);
    expect(validation.first.inputs[0]).toEqual([rows[81].temp, rows[81].humidity]);
    expect(test.last.target).toEqual([rows[115].temp, rows[116].temp]);
    expect(test.last.inputs[2]).toEqual([rows[114].temp, rows[114].humidity]);

    // 81 training rows hold 77 windows of 5 rows; the 4 that would span the 4-hour gap are dropped.
    const gapAfter = rows.findIndex((row, i) => i > 0 && row.time - rows[i - 1].time > 3_600_000);
    expect(gapAfter).toBeLessThan(81);
    expect(train.windows).toBe(77 - 4);
    expect(validation.windows).toBe(18 - 4);
    expect(test.windows).toBe(18 - 4);
    expect(preview.timeGaps).toEqual({ gaps: 1, windowsDropped: 4 });
    expect(preview.missing).toEqual([]);

    expect(preview.series.x).toEqual(rows.map((row) => row.time));
    expect(preview.series.y).toEqual(rows.map((row) => row.temp));
  });

  it('thins a long series to at most 2,000 points spread over the whole of it', () => {
    const values = Float64Array.from({ length: 96_429 }, (_, i) => i);
    const thinned = thinSeries(values, null);
    expect(thinned.x.length).toBeLessThanOrEqual(2_000);
    expect(thinned.x.length).toBeGreaterThan(1_900);
    expect(thinned.x[0]).toBe(0);
    expect(thinned.x.at(-1)).toBeGreaterThan(96_429 - 49);
  });

  it('says why there is no preview when a split has no usable window', () => {
    expect(() => buildWindowPreview(gapSlice, config({ window: 20, split: { train: 0.7, validation: 0.15 } }))).toThrow(
      /needs at least 22 rows in the validation split/,
    );
  });
});

describe('WindowPreviews', () => {
  it('reads the file once, answers again from its cache, and asks for an import when the dataset is unknown', async () => {
    const previews = new WindowPreviews();
    const known = { path: GAP, summary: gapSlice.summary };
    const first = await previews.preview(config(), known);
    const started = performance.now();
    const second = await previews.preview(config({ horizon: 1 }), known);
    expect(performance.now() - started).toBeLessThan(100);
    expect(second.splits[0].first.target).toHaveLength(1);
    expect(second.boundaries).toEqual(first.boundaries);
    await expect(previews.preview(config(), undefined)).rejects.toThrow(/import the CSV again/);
  });

  it('reads the columns in a worker thread (the built column-worker) with the same result, and says when the file is gone', async () => {
    requireBuilt();
    const inWorker = new WindowPreviews(workerColumnLoader(columnWorkerEntry()));
    const known = { path: GAP, summary: gapSlice.summary };
    expect(await inWorker.preview(config(), known)).toEqual(buildWindowPreview(gapSlice, config()));
    const gone = { path: join(dirname(GAP), 'no-such-file.csv'), summary: { ...gapSlice.summary, id: 'f'.repeat(64) } };
    await expect(inWorker.preview({ ...config(), datasetId: gone.summary.id }, gone)).rejects.toThrow(/no-such-file|not found|no file|ENOENT/i);
  });
});

describe('checkConfigAgainstData (service)', () => {
  const withColumn = (type: 'category' | 'text', distinct: number) => ({
    ...gapSlice.summary,
    columns: [...gapSlice.summary.columns, { name: 'Kind', type, missing: 0, distinct }],
  });

  it('accepts a category input column, refuses it as the target, and caps its categories', () => {
    expect(() => checkConfigAgainstData(config({ features: [TEMP, 'Kind'] }), withColumn('category', 3))).not.toThrow();
    expect(() => checkConfigAgainstData(config({ target: 'Kind', features: ['Kind'] }), withColumn('category', 3))).toThrow(
      /Target column "Kind" holds category values, not numbers/,
    );
    expect(() => checkConfigAgainstData(config({ features: [TEMP, 'Kind'] }), withColumn('category', 51))).toThrow(
      /"Kind" has 51 categories; one-hot encoding takes at most 50: leave it out/,
    );
    expect(() => checkConfigAgainstData(config({ features: [TEMP, 'Kind'] }), withColumn('text', 3))).toThrow(
      /Input column "Kind" holds text values: choose a numeric or category column/,
    );
  });
});

describe('the preview stays free of TensorFlow.js', () => {
  it('imports no @tensorflow module, directly or through the modules it uses', () => {
    const root = resolve(import.meta.dirname, '..', '..');
    const seen = new Set<string>();
    const tf: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g)) {
        const spec = match[1] ?? match[2];
        if (spec.startsWith('@tensorflow')) tf.push(`${file}: ${spec}`);
        if (!spec.startsWith('.')) continue;
        const target = join(dirname(file), spec);
        const path = [`${target}.ts`, join(target, 'index.ts')].find(existsSync);
        if (path) visit(path);
      }
    };
    visit(join(root, 'main', 'backend', 'datasets', 'window-preview.ts'));
    expect(seen.size).toBeGreaterThan(10);
    expect([...seen].some((file) => file.endsWith('prepare-data.ts'))).toBe(true);
    expect(tf).toEqual([]);
  });
});

describe('missing-value sentences', () => {
  it('words each policy with its counts', async () => {
    const { describeMissing, describeTimeGaps } = await import('../../shared/model/missing-text');
    expect(describeMissing({ column: 'P', policy: 'drop', missing: 1, filled: 0, windowsDropped: 5 })).toBe(
      'P: 1 missing value; 5 windows touching them dropped.',
    );
    expect(describeMissing({ column: 'P', policy: 'ffill', missing: 1_200, marked: 3, filled: 1_200, windowsDropped: 1 })).toBe(
      'P: 1,200 missing values (3 values marked as missing); forward fill filled 1,200, 1 window dropped.',
    );
    expect(describeTimeGaps({ gaps: 0, windowsDropped: 0 })).toBeNull();
    expect(describeTimeGaps(undefined)).toBeNull();
  });
});
