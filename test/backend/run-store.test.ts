// Runs in: vitest (Node). The run log against a real SQLite file: migrations, writes, reads, crash marking.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { RunStore } from '../../main/backend/run-log/sqlite/sqlite-run-store';
import { readProcStat } from '../../main/backend/run-log/owner-process';
import type { RunResult } from '../../shared/model/run';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { type ForecastConfig } from '../../shared/model/config';
import { isForecastRun } from '../../shared/model/run';

const config: ForecastConfig = { ...FORECAST_DEFAULTS, datasetId: 'a'.repeat(64), target: 'T', features: ['T'] };
const dataset = { fileName: 'weather.csv', sizeBytes: 1234, sha256: 'a'.repeat(64), rowsUsed: 100 };
const result: RunResult = {
  status: 'completed',
  backend: 'wasm',
  trainSeconds: 1.5,
  trainSamplesPerSecond: 1000,
  metrics: { test: { mae: 0.7, rmse: 0.9, mape: 5 }, validation: { mae: 0.6, rmse: 0.8, mape: 4 } },
  baselines: { persistence: { mae: 0.87, rmse: 1.1, mape: 6 } },
  predictions: { times: [1, 2, 3], truth: [1, 2, 3], predicted: [1.1, 2.1, 2.9], persistence: [0.9, 1, 2] },
};

let dir: string;
let dbPath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-store-'));
  dbPath = join(dir, 'nested', 'runs.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('RunStore', () => {
  it('creates the schema in WAL mode and records the schema version', () => {
    const store = new RunStore(dbPath);
    store.close();
    const db = new Database(dbPath);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type='table' ORDER BY name`).all();
    expect(tables.map((t) => (t as { name: string }).name)).toEqual(expect.arrayContaining(['epochs', 'predictions', 'runs']));
    db.close();
  });

  it('keeps a run with its epochs, metrics and predictions across reopening', () => {
    const store = new RunStore(dbPath);
    const id = store.createRun(config, dataset);
    store.setBackend(id, 'wasm');
    store.addEpoch(id, { epoch: 1, loss: 0.5, valLoss: 0.6, seconds: 1 });
    store.addEpoch(id, { epoch: 2, loss: 0.3, valLoss: null, seconds: 1 });
    expect(store.listRuns()[0]).toMatchObject({ id, status: 'running', epochsRun: 2, backend: 'wasm' });
    store.finishRun(id, result);
    store.close();

    const reopened = new RunStore(dbPath);
    const run = reopened.getRun(id);
    if (!isForecastRun(run)) throw new Error('expected the forecast run back');
    expect(run).toMatchObject({ status: 'completed', epochsRun: 2, backend: 'wasm', config, dataset });
    expect(run.epochs).toEqual([
      { epoch: 1, loss: 0.5, valLoss: 0.6, seconds: 1 },
      { epoch: 2, loss: 0.3, valLoss: null, seconds: 1 },
    ]);
    expect(run.metrics?.test?.mae).toBe(0.7);
    expect(run.baselines?.persistence?.mae).toBe(0.87);
    expect(run.predictions).toEqual(result.predictions);
    expect(run.finishedAt).not.toBeNull();
    expect(reopened.integrityCheck()).toBe('ok');
    reopened.close();
  });

  it('lists runs newest first', () => {
    const store = new RunStore(dbPath);
    const ids = [store.createRun(config, dataset), store.createRun(config, dataset), store.createRun(config, dataset)];
    expect(store.listRuns().map((r) => r.id)).toEqual([...ids].reverse());
    store.close();
  });

  it('marks a failed run with its reason and does not overwrite a finished run', () => {
    const store = new RunStore(dbPath);
    const failed = store.createRun(config, dataset);
    store.failRun(failed, 'The trainer process exited unexpectedly (killed)');
    const done = store.createRun(config, dataset);
    store.finishRun(done, result);
    store.failRun(done, 'late failure');
    expect(store.getRun(failed)).toMatchObject({ status: 'failed', error: 'The trainer process exited unexpectedly (killed)' });
    expect(store.getRun(done)).toMatchObject({ status: 'completed', error: null });
    store.close();
  });

  it('marks runs left running by a dead process as interrupted, keeping their epochs', () => {
    const store = new RunStore(dbPath);
    const id = store.createRun(config, dataset);
    store.addEpoch(id, { epoch: 1, loss: 0.5, valLoss: 0.6, seconds: 1 });
    store.close();
    // Pretend the owner was a process that no longer exists.
    const db = new Database(dbPath);
    db.prepare('UPDATE runs SET owner_pid = ? WHERE id = ?').run(2 ** 22 + 12345, id);
    db.close();

    const next = new RunStore(dbPath);
    expect(next.markInterruptedRuns()).toBe(1);
    expect(next.getRun(id)).toMatchObject({ status: 'interrupted', epochsRun: 1 });
    expect(next.getRun(id).epochs).toHaveLength(1);
    next.close();
  });

  it('leaves runs owned by a live process alone', () => {
    const store = new RunStore(dbPath);
    const id = store.createRun(config, dataset);
    const db = new Database(dbPath);
    // The owner as the log records it: its process id and start time (none where /proc cannot tell).
    db.prepare('UPDATE runs SET owner_pid = ?, owner_start = ? WHERE id = ?').run(process.ppid, readProcStat(process.ppid)?.startTime ?? null, id);
    db.close();
    expect(store.markInterruptedRuns()).toBe(0);
    expect(store.getRun(id).status).toBe('running');
    store.close();
  });

  it('says which run is missing', () => {
    const store = new RunStore(dbPath);
    expect(() => store.getRun(42)).toThrow(/Run 42 is not in the run log/);
    store.close();
  });

  it('refuses a log written by a newer schema with a clear message', () => {
    const db = new Database(dbPath.replace('nested/', ''));
    db.pragma('user_version = 99');
    db.close();
    expect(() => new RunStore(dbPath.replace('nested/', ''))).toThrow(/newer Seqlab/);
  });
});
