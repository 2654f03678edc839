// Runs in: vitest (Node). Two run logs in one folder keep their run files apart (issue 12, item 6): run 1 of a.db and
// run 1 of b.db each have their own model, deleting one leaves the other's, and a log from before this (its files in
// the folder's shared runs/) still finds them. Real SQLite files and real TensorFlow.js model files.
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { RunBundle } from '../../shared/model/experiments';
import { exportRun, importRun } from '../../main/backend/experiments/run-bundle';
import { RunStore } from '../../main/backend/run-log/sqlite/sqlite-run-store';
import { makeSourceLog } from '../support/bundle-fixture';

let dir: string;
let bundle: RunBundle;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-two-logs-'));
  const sourceDb = join(dir, 'source', 'runs.db');
  mkdirSync(dirname(sourceDb));
  const { forecastId } = await makeSourceLog(sourceDb);
  const source = new RunStore(sourceDb);
  bundle = exportRun(source, forecastId);
  source.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const weightsOf = (b: RunBundle) => b.files.find((f) => f.path === 'model/weights.bin')!.base64!;

/** The bundle with other weights of the same size: another model with the same architecture. */
function otherModel(b: RunBundle): RunBundle {
  const bytes = Buffer.from(weightsOf(b), 'base64').map((byte) => byte ^ 0x5a);
  return { ...b, files: b.files.map((f) => (f.path === 'model/weights.bin' ? { path: f.path, base64: Buffer.from(bytes).toString('base64') } : f)) };
}

describe('run files per log', () => {
  it('run 1 of a.db and run 1 of b.db in one folder each keep their own model; deleting one leaves the other', () => {
    const folder = join(dir, 'shared-folder');
    const a = new RunStore(join(folder, 'a.db'));
    const b = new RunStore(join(folder, 'b.db'));
    try {
      const other = otherModel(bundle);
      expect(importRun(a, bundle).id).toBe(1);
      expect(importRun(b, other).id).toBe(1);
      expect(weightsOf(exportRun(a, 1))).toBe(weightsOf(bundle));
      expect(weightsOf(exportRun(b, 1))).toBe(weightsOf(other));

      b.deleteRun(1);
      expect(weightsOf(exportRun(a, 1))).toBe(weightsOf(bundle));
    } finally {
      a.close();
      b.close();
    }
  });

  it('a log whose run files are in the old shared runs/ folder keeps finding them', () => {
    const folder = join(dir, 'old-layout');
    const store = new RunStore(join(folder, 'runs.db'));
    const id = importRun(store, bundle).id;
    const filesNow = store.runFilesDir(id);
    store.close();
    // Make it the log an older Seqlab left: schema 4, files in <folder>/runs/<id>.
    mkdirSync(join(folder, 'runs'));
    renameSync(filesNow, join(folder, 'runs', String(id)));
    const db = new Database(join(folder, 'runs.db'));
    db.exec('ALTER TABLE runs DROP COLUMN files_in_shared_folder');
    db.pragma('user_version = 4');
    db.close();

    const reopened = new RunStore(join(folder, 'runs.db'));
    try {
      expect(reopened.runFilesDir(id)).toBe(join(folder, 'runs', String(id)));
      expect(weightsOf(exportRun(reopened, id))).toBe(weightsOf(bundle));
      // A new run of that log gets its own folder, never the shared one.
      const next = importRun(reopened, bundle).id;
      expect(reopened.runFilesDir(next)).toBe(join(folder, 'runs.db.runs', String(next)));
      expect(existsSync(join(folder, 'runs', String(next)))).toBe(false);
      reopened.deleteRun(id);
      expect(existsSync(join(folder, 'runs', String(id)))).toBe(false);
      expect(reopened.integrityCheck()).toBe('ok');
    } finally {
      reopened.close();
    }
  });

  it('a copied log folder finds its files beside its own name', () => {
    const folder = join(dir, 'copied');
    const store = new RunStore(join(folder, 'mine.db'));
    const id = importRun(store, bundle).id;
    store.close();
    cpSync(folder, join(dir, 'copy'), { recursive: true });
    const copy = new RunStore(join(dir, 'copy', 'mine.db'));
    expect(weightsOf(exportRun(copy, id))).toBe(weightsOf(bundle));
    copy.close();
  });
});
