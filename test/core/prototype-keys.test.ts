// Runs in: vitest (Node). Column names are user text, and `__proto__`, `constructor` or `toString` are names like any
// other (issue 12, item 9): such a column can be the target or an input, a missing-value policy keyed by it is kept,
// and a name that is not in the file is reported as missing, never found on Object.prototype.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { loadDataset, type LoadedDataset } from '../../main/core/dataset/load-dataset';
import { forecastSeriesFromDataset } from '../../main/core/forecast/series-from-dataset';
import { planForecastData } from '../../main/core/forecast/prepare-data';
import { cleanColumn } from '../../main/core/forecast/input-columns';
import { splitRows } from '../../main/core/forecast/split';
import { FORECAST_DEFAULTS, forecastConfigSchema } from '../../shared/model/run-config';
import type { ForecastConfig } from '../../shared/model/config';
import { isUserError } from '../../shared/util/errors';

let dir: string;
let dataset: LoadedDataset;
const ROWS = 80;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-proto-'));
  const lines = Array.from({ length: ROWS }, (_, i) => {
    const time = new Date(Date.UTC(2020, 0, 1, i)).toISOString();
    // constructor has a gap at row 10, to be filled by its policy.
    return `${time},${Math.sin(i / 4).toFixed(3)},${i === 10 ? '' : i % 5},${i % 3 ? 'a' : 'b'},${(i * 0.5).toFixed(1)}`;
  });
  const path = join(dir, 'proto.csv');
  writeFileSync(path, `time,__proto__,constructor,toString,value\n${lines.join('\n')}\n`);
  dataset = await loadDataset(path);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (overrides: Partial<ForecastConfig>): ForecastConfig => ({
  ...FORECAST_DEFAULTS,
  datasetId: 'a'.repeat(64),
  target: 'value',
  features: ['value'],
  window: 3,
  ...overrides,
});

describe('prototype names as columns', () => {
  it('__proto__ is a target, constructor and toString are inputs, every column the full length', () => {
    // As the window sends it (JSON): an object literal cannot even spell this key for TypeScript.
    const missing = JSON.parse('{"constructor":"ffill"}') as ForecastConfig['missing'];
    const c = config({ target: '__proto__', features: ['__proto__', 'constructor', 'toString'], missing });
    const series = forecastSeriesFromDataset(dataset, c);
    expect(Object.keys(series.columns).sort()).toEqual(['__proto__', 'constructor']);
    const plan = planForecastData(series, c);
    expect(plan.featureNames).toEqual(['__proto__', 'constructor', 'toString=a', 'toString=b']);
    expect(plan.target).toHaveLength(ROWS);
    expect(plan.missing).toEqual([expect.objectContaining({ column: 'constructor', policy: 'ffill', filled: 1 })]);
  });

  it('a missing-value policy keyed by __proto__ survives the config schema (as JSON from the window or a sweep file)', () => {
    const parsed = forecastConfigSchema.parse(JSON.parse(JSON.stringify(config({})).replace('"missing":{}', '"missing":{"__proto__":"ffill","toString":"interpolate"}')));
    expect(Object.entries(parsed.missing ?? {})).toEqual([['__proto__', 'ffill'], ['toString', 'interpolate']]);
  });

  it('a name that is not a column is not found on Object.prototype', () => {
    const c = config({});
    const series = forecastSeriesFromDataset(dataset, c);
    for (const name of ['constructor', 'hasOwnProperty', 'valueOf']) {
      const error = (() => {
        try {
          cleanColumn(series, c, name, 'input', splitRows(ROWS, c.split));
          return null;
        } catch (e) {
          return e;
        }
      })();
      expect(isUserError(error), name).toBe(true);
      expect((error as Error).message).toMatch(new RegExp(`^The input column "${name}" is not in the data`));
    }
    // A policy never comes from the prototype either: no 'missing' entry means drop.
    expect(cleanColumn(series, c, 'value', 'target', splitRows(ROWS, c.split)).policy).toBe('drop');
    expect(cleanColumn(series, { ...c, missing: {} }, 'value', 'target', splitRows(ROWS, c.split)).policy).toBe('drop');
  });

  it('a column named constructor that is missing from the file is named in the error', () => {
    expect(() => forecastSeriesFromDataset(dataset, config({ features: ['value', 'valueOf'] }))).toThrow(/Column "valueOf" is not in proto\.csv/);
  });
});
