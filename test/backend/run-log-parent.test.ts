// Runs in: vitest (Node). The run log's parent runs (issue 15's backtests) on a real SQLite file: a fold points at its
// backtest, the log lists a parent's children, the runs table carries the link, and deleting the parent keeps the folds.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { RunStore } from '../../main/backend/run-log/sqlite/sqlite-run-store';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { ForecastConfig } from '../../shared/model/config';

const config: ForecastConfig = { ...FORECAST_DEFAULTS, datasetId: 'a'.repeat(64), target: 'T', features: ['T'] };
const dataset = { fileName: 'air.csv', sizeBytes: 10, sha256: 'a'.repeat(64), rowsUsed: 100 };

let dir: string;
let store: RunStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-parent-'));
  store = new RunStore(join(dir, 'runs.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('parent runs', () => {
  it('links folds to their backtest and lists them, oldest first', () => {
    const parent = store.createRun({ ...config, backtest: { folds: 2, mode: 'expanding' } }, dataset);
    const single = store.createRun(config, dataset);
    const folds = [0, 1].map((i) => {
      const id = store.createRun({ ...config, rowSplit: { trainStart: 0, validationStart: 40 + i * 10, testStart: 50 + i * 10, testEnd: 60 + i * 10 } }, dataset);
      store.setRunOrigin(id, { parentRunId: parent });
      return id;
    });
    expect(store.childRuns(parent)).toEqual(folds);
    expect(store.childRuns(single)).toEqual([]);
    expect(store.getSummary(folds[0]).parentRunId).toBe(parent);
    expect(store.getSummary(single).parentRunId).toBeNull();
    expect(store.queryRuns().runs.find((r) => r.id === folds[1])!.parentRunId).toBe(parent);
    // A run that is not a fold keeps no parent when its origin is set without one.
    store.setRunOrigin(single, { rerunOf: null });
    expect(store.getSummary(single).parentRunId).toBeNull();
  });

  it('keeps the folds when their backtest is deleted', () => {
    const parent = store.createRun(config, dataset);
    const fold = store.createRun(config, dataset);
    store.setRunOrigin(fold, { parentRunId: parent });
    store.failRun(parent, 'stopped', 'stopped');
    store.deleteRun(parent);
    expect(store.getSummary(fold).parentRunId).toBeNull();
  });

  it('upgrades a log written before parent runs existed: its runs have none', () => {
    store.createRun(config, dataset);
    store.close();
    // Back to the schema before the parent column, as an older Seqlab left it.
    const db = new Database(join(dir, 'runs.db'));
    const version = db.pragma('user_version', { simple: true }) as number;
    db.exec('DROP INDEX runs_parent; ALTER TABLE runs DROP COLUMN parent_run_id;');
    db.pragma(`user_version = ${version - 1}`);
    db.close();
    store = new RunStore(join(dir, 'runs.db'));
    expect(store.listRuns().map((r) => r.parentRunId)).toEqual([null]);
  });
});
