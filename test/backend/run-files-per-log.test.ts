// Runs in: vitest (Node). Two run logs in one folder keep their run files apart (issue 12, item 6): run 1 of a.db and
// run 1 of b.db each have their own model, deleting one leaves the other's, and a log from before this (its files in
// the folder's shared runs/) still finds them. Real SQLite files (the
// layout is a SQLite log's: a server log keeps its files on each machine) and real TensorFlow.js model files.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { RunBundle } from '../../shared/model/experiments';
import { exportRun, importRun } from '../../main/backend/experiments/run-bundle';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import { makeSourceLog } from '../support/bundle-fixture';

let dir: string;
let bundle: RunBundle;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-two-logs-'));
  const sourceDb = join(dir, 'source', 'runs.db');
  mkdirSync(dirname(sourceDb));
  const { forecastId } = await makeSourceLog(sourceDb);
  const source = await openRunLog(sourceDb);
  bundle = await exportRun(source, forecastId);
  await source.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const weightsOf = (b: RunBundle) => b.files.find((f) => f.path === 'model/weights.bin')!.base64!;

/** The bundle with other weights of the same size: another model with the same architecture. */
function otherModel(b: RunBundle): RunBundle {
  const bytes = Buffer.from(weightsOf(b), 'base64').map((byte) => byte ^ 0x5a);
  return { ...b, files: b.files.map((f) => (f.path === 'model/weights.bin' ? { path: f.path, base64: Buffer.from(bytes).toString('base64') } : f)) };
}

describe('run files per log', async () => {
  it('run 1 of a.db and run 1 of b.db in one folder each keep their own model; deleting one leaves the other', async () => {
    const folder = join(dir, 'shared-folder');
    const a = await openRunLog(join(folder, 'a.db'));
    const b = await openRunLog(join(folder, 'b.db'));
    try {
      const other = otherModel(bundle);
      expect((await importRun(a, bundle)).id).toBe(1);
      expect((await importRun(b, other)).id).toBe(1);
      expect(weightsOf(await exportRun(a, 1))).toBe(weightsOf(bundle));
      expect(weightsOf(await exportRun(b, 1))).toBe(weightsOf(other));

      await b.deleteRun(1);
      expect(weightsOf(await exportRun(a, 1))).toBe(weightsOf(bundle));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a log whose run files are in the old shared runs/ folder keeps finding them', async () => {
    const folder = join(dir, 'old-layout');
    mkdirSync(folder);
    // A log as the first Seqlab wrote it (schema 1, verbatim) with one finished run, its files in <folder>/runs/1.
    const old = new Database(join(folder, 'runs.db'));
    old.exec(`CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, finished_at TEXT,
      status TEXT NOT NULL, error TEXT, owner_pid INTEGER, config TEXT NOT NULL, dataset TEXT NOT NULL, backend TEXT,
      epochs_run INTEGER NOT NULL DEFAULT 0, train_seconds REAL, train_samples_per_second REAL, metrics TEXT, baselines TEXT);
      CREATE TABLE epochs (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, epoch INTEGER NOT NULL,
      loss REAL NOT NULL, val_loss REAL, seconds REAL NOT NULL, PRIMARY KEY (run_id, epoch));
      CREATE TABLE predictions (run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE, series TEXT NOT NULL);
      CREATE INDEX runs_created ON runs(created_at DESC);`);
    const run = JSON.parse(bundle.files.find((f) => f.path === 'run.json')!.text!).run as { config: unknown; dataset: unknown };
    old
      .prepare(`INSERT INTO runs (created_at, finished_at, status, config, dataset, backend) VALUES ('2025-01-01T00:00:00Z', '2025-01-01T00:01:00Z', 'completed', ?, ?, 'wasm')`)
      .run(JSON.stringify(run.config), JSON.stringify(run.dataset));
    old.pragma('user_version = 1');
    old.close();
    for (const file of bundle.files.filter((f) => f.path.startsWith('model/'))) {
      const path = join(folder, 'runs', '1', ...file.path.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.base64 !== undefined ? Buffer.from(file.base64, 'base64') : file.text!);
    }

    const reopened = await openRunLog(join(folder, 'runs.db'));
    try {
      expect(await reopened.runFilesDir(1)).toBe(join(folder, 'runs', '1'));
      expect(weightsOf(await exportRun(reopened, 1))).toBe(weightsOf(bundle));
      // A new run of that log gets its own folder, never the shared one.
      const next = (await importRun(reopened, bundle)).id;
      expect(await reopened.runFilesDir(next)).toBe(join(folder, 'runs.db.runs', String(next)));
      expect(existsSync(join(folder, 'runs', String(next)))).toBe(false);
      await reopened.deleteRun(1);
      expect(existsSync(join(folder, 'runs', '1'))).toBe(false);
      expect(await reopened.integrityCheck()).toBe('ok');
    } finally {
      await reopened.close();
    }
  });

  it('a copied log folder finds its files beside its own name', async () => {
    const folder = join(dir, 'copied');
    const store = await openRunLog(join(folder, 'mine.db'));
    const id = (await importRun(store, bundle)).id;
    await store.close();
    cpSync(folder, join(dir, 'copy'), { recursive: true });
    const copy = await openRunLog(join(dir, 'copy', 'mine.db'));
    expect(weightsOf(await exportRun(copy, id))).toBe(weightsOf(bundle));
    await copy.close();
  });
});
