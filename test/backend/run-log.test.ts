// Runs in: vitest (Node). The experiment log on a real SQLite file: the schema-2 migration of a schema-1 log,
// the runs table's query (filter, sort, page), annotations and delete. (Compare: run-compare.test.ts, on both logs.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { RunStore } from '../../main/backend/run-log/sqlite/sqlite-run-store';
import type { RunResult } from '../../shared/model/run';
import { decodeSeries, encodeSeries } from '../../main/backend/run-log/series-codec';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { ForecastConfig } from '../../shared/model/config';
import type { DatasetFingerprint } from '../../shared/model/run';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);
const base: ForecastConfig = { ...FORECAST_DEFAULTS, datasetId: SHA_A, target: 'T', features: ['T'] };
const weather: DatasetFingerprint = { fileName: 'weather.csv', sizeBytes: 1234, sha256: SHA_A, rowsUsed: 100 };
const airline: DatasetFingerprint = { fileName: 'airline.csv', sizeBytes: 99, sha256: SHA_B, rowsUsed: 144 };

function result(mae: number): RunResult {
  return {
    status: 'completed',
    backend: 'wasm',
    trainSeconds: 1,
    trainSamplesPerSecond: 100,
    metrics: { test: { mae, rmse: mae * 1.3, mape: 5 } },
    baselines: { persistence: { mae: 1, rmse: 1.2, mape: 6 } },
    predictions: { times: [1, 2, 3], truth: [1, 2, 3], predicted: [1, 2, mae], persistence: [0, 1, 2] },
  };
}

let dir: string;
let store: RunStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-log-'));
  store = new RunStore(join(dir, 'runs.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Three finished runs and one running: GRU/LSTM/SimpleRNN on two datasets. */
function seed(): number[] {
  const a = store.createRun({ ...base, cell: 'GRU', window: 24 }, weather);
  store.addEpoch(a, { epoch: 1, loss: 0.5, valLoss: 0.4, seconds: 1 });
  store.addEpoch(a, { epoch: 2, loss: 0.3, valLoss: 0.45, seconds: 1 });
  store.finishRun(a, result(0.8));
  const b = store.createRun({ ...base, cell: 'LSTM' }, weather);
  store.addEpoch(b, { epoch: 1, loss: 0.5, valLoss: 0.2, seconds: 1 });
  store.finishRun(b, result(0.5));
  const c = store.createRun({ ...base, datasetId: SHA_B }, airline);
  store.finishRun(c, result(0.9));
  const d = store.createRun(base, weather); // still running
  return [a, b, c, d];
}

describe('schema 2 migration', () => {
  it('upgrades a schema-1 log in place, keeping its runs and computing their validation-loss summaries', () => {
    const path = join(dir, 'old.db');
    const old = new Database(path);
    // The shipped schema 1, verbatim.
    old.exec(`CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, finished_at TEXT,
      status TEXT NOT NULL, error TEXT, owner_pid INTEGER, config TEXT NOT NULL, dataset TEXT NOT NULL, backend TEXT,
      epochs_run INTEGER NOT NULL DEFAULT 0, train_seconds REAL, train_samples_per_second REAL, metrics TEXT, baselines TEXT);
      CREATE TABLE epochs (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, epoch INTEGER NOT NULL,
      loss REAL NOT NULL, val_loss REAL, seconds REAL NOT NULL, PRIMARY KEY (run_id, epoch));
      CREATE TABLE predictions (run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE, series TEXT NOT NULL);
      CREATE INDEX runs_created ON runs(created_at DESC);`);
    old.prepare(`INSERT INTO runs (created_at, status, config, dataset, epochs_run) VALUES ('2025-01-01T00:00:00Z', 'completed', ?, ?, 2)`).run(
      JSON.stringify({ ...base, cell: 'LSTM' }),
      JSON.stringify(weather),
    );
    old.exec(`INSERT INTO epochs VALUES (1, 1, 0.5, 0.3, 1), (1, 2, 0.4, 0.35, 1)`);
    // Schema 1 stored predictions as JSON text; they must still read back.
    old.prepare(`INSERT INTO predictions VALUES (1, ?)`).run(JSON.stringify({ times: null, truth: [1, 2], predicted: [1.5, 2.5], persistence: [0, 1] }));
    old.pragma('user_version = 1');
    old.close();

    const upgraded = new RunStore(path);
    const [run] = upgraded.listRuns();
    expect(run).toMatchObject({ id: 1, tags: [], note: '', starred: false, archived: false, bestValLoss: 0.3, lastValLoss: 0.35 });
    expect(upgraded.queryRuns({ filter: { cell: 'LSTM', dataset: 'weather.csv' } }).total).toBe(1);
    expect(upgraded.queryRuns({ filter: { text: 'Weather' } }).total).toBe(1);
    expect(upgraded.getPredictions(1)).toEqual({ times: null, truth: [1, 2], predicted: [1.5, 2.5], persistence: [0, 1] });
    expect(upgraded.integrityCheck()).toBe('ok');
    upgraded.close();
  });
});

describe('queryRuns', () => {
  it('pages newest first with the total, and offers datasets and tags to filter by', () => {
    const [a, b, c, d] = seed();
    const first = store.queryRuns({ limit: 2 });
    expect(first.runs.map((r) => r.id)).toEqual([d, c]);
    expect(first.total).toBe(4);
    expect(store.queryRuns({ limit: 2, offset: 2 }).runs.map((r) => r.id)).toEqual([b, a]);
    expect(first.datasets).toEqual(['airline.csv', 'weather.csv']);
  });

  it('filters by text, dataset, cell, status and tag', () => {
    const [a, b, c, d] = seed();
    store.updateRun(b, { tags: ['baseline', 'keep'], note: 'Best LSTM so far' });
    const ids = (filter: Parameters<RunStore['queryRuns']>[0]) => store.queryRuns(filter).runs.map((r) => r.id).sort();
    expect(ids({ filter: { text: 'airline' } })).toEqual([c]);
    expect(ids({ filter: { text: 'lstm' } })).toEqual([b]);
    expect(ids({ filter: { text: 'so far' } })).toEqual([b]);
    expect(ids({ filter: { text: 'KEEP' } })).toEqual([b]);
    expect(ids({ filter: { text: `#${a}` } })).toEqual([a]);
    expect(ids({ filter: { text: '100%' } })).toEqual([]);
    expect(ids({ filter: { dataset: 'weather.csv' } })).toEqual([a, b, d].sort());
    expect(ids({ filter: { cell: 'SimpleRNN' } })).toEqual([c, d].sort());
    expect(ids({ filter: { status: 'running' } })).toEqual([d]);
    expect(ids({ filter: { tag: 'keep' } })).toEqual([b]);
    expect(ids({ filter: { tag: 'kee' } })).toEqual([]);
    expect(store.queryRuns({}).tags).toEqual(['baseline', 'keep']);
  });

  it('sorts by metrics and settings with empty values last in both directions', () => {
    const [a, b, c, d] = seed();
    const order = (column: 'testMae' | 'bestValLoss' | 'window' | 'skill', direction: 'asc' | 'desc') =>
      store.queryRuns({ sort: { column, direction } }).runs.map((r) => r.id);
    expect(order('testMae', 'asc')).toEqual([b, a, c, d]);
    expect(order('testMae', 'desc')).toEqual([c, a, b, d]);
    // Best, not last: run a's best validation loss is its first epoch's 0.4, not the final 0.45.
    expect(store.getSummary(a)).toMatchObject({ bestValLoss: 0.4, lastValLoss: 0.45 });
    expect(order('bestValLoss', 'asc')).toEqual([b, a, c, d]);
    expect(order('bestValLoss', 'desc')).toEqual([a, b, d, c]);
    expect(order('window', 'desc')[0]).toBe(a);
    expect(order('skill', 'desc')).toEqual([b, a, c, d]);
  });

  it('hides archived runs unless asked, and finds starred ones', () => {
    const [a, b] = seed();
    store.updateRun(a, { archived: true });
    store.updateRun(b, { starred: true });
    expect(store.queryRuns({}).runs.map((r) => r.id)).not.toContain(a);
    expect(store.queryRuns({ filter: { archived: 'only' } }).runs.map((r) => r.id)).toEqual([a]);
    expect(store.queryRuns({ filter: { archived: 'include' } }).total).toBe(4);
    expect(store.queryRuns({ filter: { starred: true } }).runs.map((r) => r.id)).toEqual([b]);
  });
});

describe('updateRun and deleteRun', () => {
  it('keeps tags trimmed and unique, and the note, star and archive flags, across reopening', () => {
    const [a] = seed();
    const updated = store.updateRun(a, { tags: [' sweep-1 ', 'sweep-1', 'gru', ''], note: 'window 24 helps', starred: true });
    expect(updated).toMatchObject({ tags: ['sweep-1', 'gru'], note: 'window 24 helps', starred: true, archived: false });
    store.updateRun(a, { tags: ['gru'] });
    store.close();
    store = new RunStore(join(dir, 'runs.db'));
    expect(store.getSummary(a)).toMatchObject({ tags: ['gru'], note: 'window 24 helps', starred: true });
    expect(store.queryRuns({ filter: { tag: 'sweep-1' } }).total).toBe(0);
    expect(() => store.updateRun(999, { starred: true })).toThrow(/Run 999 is not in the run log/);
  });

  it('deletes a run with its epochs, predictions and tags, and refuses a run still training', () => {
    const [a, , , d] = seed();
    store.updateRun(a, { tags: ['x'] });
    store.deleteRun(a);
    expect(() => store.getSummary(a)).toThrow(/not in the run log/);
    const db = new Database(join(dir, 'runs.db'), { readonly: true });
    for (const table of ['epochs', 'predictions', 'run_tags']) {
      expect((db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE run_id = ?`).get(a) as { n: number }).n).toBe(0);
    }
    db.close();
    expect(() => store.deleteRun(d)).toThrow(/still training: stop it first/);
    expect(store.integrityCheck()).toBe('ok');
  });
});

describe('prediction series storage', () => {
  it('round-trips every field through the binary format, NaN and null times included', () => {
    const series = { times: null, truth: [1.5, -2, NaN], predicted: [0.1, 0.2, 0.3], persistence: [1, 1.5, -2], residuals: [1.4, -2.2, NaN] };
    const decoded = decodeSeries<typeof series>(encodeSeries(series));
    expect(decoded).toEqual(series);
    // An unaligned copy of the bytes (as a blob may come back) reads the same.
    const blob = encodeSeries(series);
    const shifted = Buffer.alloc(blob.length + 1).subarray(1);
    blob.copy(shifted);
    expect(decodeSeries(shifted)).toEqual(series);
  });

  it('thins a long series to at most the asked points, keeping the first and last step, from blobs and old JSON alike', () => {
    const n = 5001;
    const series = { times: Array.from({ length: n }, (_, i) => i), truth: Array.from({ length: n }, (_, i) => i * 2), predicted: new Array(n).fill(0) };
    for (const stored of [encodeSeries(series), JSON.stringify(series)]) {
      const out = decodeSeries<typeof series>(stored, 2000);
      expect(out.truth.length).toBeLessThanOrEqual(2000);
      expect(out.truth.length).toBeGreaterThan(1000);
      expect(out.times[0]).toBe(0);
      expect(out.times.at(-1)).toBe(n - 1);
      expect(out.truth.at(-1)).toBe((n - 1) * 2);
      expect(out.predicted).toHaveLength(out.truth.length);
    }
  });
});

describe('prediction previews', () => {
  it('stores a thinned copy for overview charts and the whole series for the run view', () => {
    const n = 9000;
    const long = { times: Array.from({ length: n }, (_, i) => i * 1000), truth: Array.from({ length: n }, (_, i) => Math.sin(i)), predicted: new Array(n).fill(0.5), persistence: new Array(n).fill(0) };
    const id = store.createRun(base, weather);
    store.finishRun(id, { ...result(0.5), predictions: long });
    expect(store.getPredictions(id)).toEqual(long);
    const preview = store.getPredictions(id, 2000)!;
    // Thinned once, when stored: reading the preview back at the same limit keeps all of it.
    // 9,000 steps at most 2,000: every 5th step (1,800) and the last.
    expect(preview.truth.length).toBe(1801);
    expect(preview.times?.at(-1)).toBe((n - 1) * 1000);
    expect(preview.truth[1]).toBe(long.truth[preview.times![1] / 1000]);
    const db = new Database(join(dir, 'runs.db'), { readonly: true });
    const sizes = db.prepare('SELECT length(series) AS full, length(preview) AS preview FROM predictions WHERE run_id = ?').get(id) as { full: number; preview: number };
    db.close();
    expect(sizes.preview).toBeLessThan(sizes.full / 3);
  });
});
