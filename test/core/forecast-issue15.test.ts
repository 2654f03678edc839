// Runs in: vitest (Node). Issue 15's plain-Node parts on real slices: missing-value markers at import (-200 in the
// UCI air-quality file, -9999 written into a Szeged slice), target transforms and their inverse, the split-conformal
// quantile, the season seen in the autocorrelation, and backtest folds.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../../main/core/dataset/load-dataset';
import { transformTarget, untransformForecasts } from '../../main/core/forecast/target-transform';
import { conformalBands, scoreIntervals } from '../../main/core/forecast/conformal';
import { detectSeasonality } from '../../main/core/forecast/season';
import { createRng } from '../../main/core/rng';
import { readSzeged } from '../support/szeged-fixture';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const TEMP = 'Temperature (C)';

describe('missing-value markers at import', () => {
  it('reports -200 in the air-quality file with its count, per sensor column', async () => {
    const text = readFileSync(fixture('air-quality-2004-h1.csv'), 'utf8').trim().split('\n');
    const header = text[0].split(',');
    const countOf = (column: string) => text.slice(1).filter((line) => line.split(',')[header.indexOf(column)] === '-200').length;
    const dataset = await loadDataset(fixture('air-quality-2004-h1.csv'));
    const markers = dataset.summary.findings.filter((f) => f.code === 'missing-marker');
    const t = markers.find((f) => f.column === 'T')!;
    expect(t).toMatchObject({ level: 'warning', value: -200, count: countOf('T') });
    expect(countOf('T')).toBe(79);
    expect(t.message).toMatch(/^T is -200 in 79 rows: probably a missing-value marker \(its other values lie between 6\.1 and 42\.2\)$/);
    // The column's other values, so the window can show its figures with -200 marked as missing.
    const others = text.slice(1).map((line) => line.split(',')[header.indexOf('T')]).filter((cell) => cell !== '' && cell !== '-200').map(Number);
    expect(t.others).toMatchObject({ count: others.length, min: Math.min(...others), max: Math.max(...others) });
    expect(t.others!.mean).toBeCloseTo(others.reduce((a, b) => a + b, 0) / others.length, 9);
    // NOx never goes below 0 otherwise, so its -200 counts although its range is wider than the gap.
    expect(markers.find((f) => f.column === 'NOx_GT')).toMatchObject({ value: -200, count: countOf('NOx_GT') });
  });

  it('reports -9999 written into a Szeged slice, and nothing on the untouched slice but the pressure zeros', async () => {
    const lines = readFileSync(fixture('szeged-pressure-2006-08.csv'), 'utf8').split('\r\n');
    const header = lines[0].split(',');
    const column = header.indexOf('Humidity');
    // Every 20th row's humidity becomes -9999, as a logger writes a missing reading.
    const edited = lines.map((line, i) => {
      if (i === 0 || line === '' || i % 20 !== 0) return line;
      const cells = line.split(',');
      cells[column] = '-9999';
      return cells.join(',');
    });
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-marker-'));
    writeFileSync(join(dir, 'humidity-9999.csv'), edited.join('\r\n'));
    const marked = await loadDataset(join(dir, 'humidity-9999.csv'));
    expect(marked.summary.findings.filter((f) => f.code === 'missing-marker')).toEqual([
      expect.objectContaining({ column: 'Humidity', value: -9999, count: 6 }),
    ]);
    const untouched = await loadDataset(fixture('szeged-pressure-2006-08.csv'));
    expect(untouched.summary.findings.filter((f) => f.code === 'missing-marker')).toEqual([]);
    // 0/1 labels are two values, not a value far outside the rest.
    const imdb = await loadDataset(fixture('imdb-300.csv'));
    expect(imdb.summary.findings.filter((f) => f.code === 'missing-marker')).toEqual([]);
  });
});

describe('target transforms', () => {
  const { columns } = readSzeged(fixture('szeged-3000.csv'), [TEMP, 'Humidity']);
  const temperature = columns[TEMP];
  const horizon = 3;
  // Every window of the slice that has a full past season and a full horizon.
  const firstRows = Int32Array.from({ length: temperature.length - 24 - horizon }, (_, i) => i + 24);

  it.each([
    ['difference', TEMP],
    ['seasonal-difference', TEMP],
    ['log', 'Humidity'],
  ] as const)('%s round-trips: the true transformed values give back the target', (kind, column) => {
    const target = columns[column];
    const z = transformTarget(kind, target, 24);
    const truthZ = new Float64Array(firstRows.length * horizon);
    firstRows.forEach((row, n) => {
      for (let h = 0; h < horizon; h++) truthZ[n * horizon + h] = z[row + h];
    });
    const back = untransformForecasts(kind, truthZ, target, firstRows, horizon, 24);
    let worst = 0;
    firstRows.forEach((row, n) => {
      for (let h = 0; h < horizon; h++) worst = Math.max(worst, Math.abs(back[n * horizon + h] - target[row + h]));
    });
    // Float sums (a + (b - a)) are exact to rounding only: 1e-12 of values around 1-40.
    expect(worst).toBeLessThan(1e-12);
    expect(transformTarget('none', target, 24)).toBe(target);
  });

  it('refuses a log of negative temperatures and a seasonal difference without a season', () => {
    expect(() => transformTarget('log', temperature, 24, '"T"')).toThrow(/log transform needs a target of 0 or more/);
    expect(() => transformTarget('seasonal-difference', temperature, 1)).toThrow(/needs a known season/);
  });
});

describe('split-conformal quantile', () => {
  it('takes the ceil((n + 1) level)-th smallest validation error per step, and counts test coverage', () => {
    // Step 1 errors 1..19, step 2 errors 2, 4, ..., 38 (n = 19 windows).
    const truth = new Float64Array(38);
    const predicted = new Float64Array(38);
    for (let n = 0; n < 19; n++) {
      truth[2 * n] = n + 1;
      truth[2 * n + 1] = -2 * (n + 1);
    }
    const bands = conformalBands(truth, predicted, 2, [0.8, 0.95]);
    expect(bands).toEqual([
      { level: 0.8, halfWidth: [16, 32] },
      { level: 0.95, halfWidth: [19, 38] },
    ]);
    const scores = scoreIntervals(truth, predicted, 2, bands);
    expect(scores[0]).toEqual({ level: 0.8, coverage: 16 / 19, meanWidth: 48, byStep: { coverage: [16 / 19, 16 / 19], meanWidth: [32, 64] } });
    expect(scores[1].coverage).toBe(1);
  });
});

describe('seasonality', () => {
  it("finds Szeged's daily season in the temperature's autocorrelation and suggests a window covering it", () => {
    const { columns } = readSzeged(fixture('szeged-3000.csv'), [TEMP]);
    const found = detectSeasonality(columns[TEMP], 74);
    expect(found.season).toBe(24);
    expect(found.suggestedWindow).toBe(24);
    expect(found.acf[24]).toBeGreaterThan(found.acf[12]);
  });

  it('finds none in white noise', () => {
    const random = createRng(7);
    const noise = Float64Array.from({ length: 3000 }, () => random() - 0.5);
    const found = detectSeasonality(noise, 74);
    expect(found.season).toBeNull();
    expect(Math.max(...found.acf.slice(1).map(Math.abs))).toBeLessThan(0.08);
  });
});
