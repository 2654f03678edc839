// Runs in: vitest (Node). Logs written before the typed store: a schema-1 SQLite file and a schema-6 one (the last the
// retired synchronous store wrote) open in the typed store and upgrade in place; a newer schema and an unreachable server are refused with a
// clear message that never shows the password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KyselyRunLog } from '../../main/backend/run-log/kysely/kysely-run-log';
import { SCHEMA_VERSION } from '../../main/backend/run-log/kysely/migrations';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import type { ForecastConfig } from '../../shared/model/config';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { DatasetFingerprint } from '../../shared/model/run';
import { freePort } from '../support/servers';
import { LOG_TARGETS } from '../support/log-targets';
import { makeOldSqliteLog } from '../support/old-sqlite-log';

const base: ForecastConfig = { ...FORECAST_DEFAULTS, datasetId: 'a'.repeat(64), target: 'T', features: ['T'] };
const weather: DatasetFingerprint = { fileName: 'weather.csv', sizeBytes: 1234, sha256: 'a'.repeat(64), rowsUsed: 100 };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-upgrade-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite logs from before the typed store', () => {
  it('upgrades a schema-1 log in place, keeping its runs, epochs and JSON-text predictions', async () => {
    const path = join(dir, 'schema1.db');
    const old = new Database(path);
    // The shipped schema 1, verbatim.
    old.exec(`CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, finished_at TEXT,
      status TEXT NOT NULL, error TEXT, owner_pid INTEGER, config TEXT NOT NULL, dataset TEXT NOT NULL, backend TEXT,
      epochs_run INTEGER NOT NULL DEFAULT 0, train_seconds REAL, train_samples_per_second REAL, metrics TEXT, baselines TEXT);
      CREATE TABLE epochs (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, epoch INTEGER NOT NULL,
      loss REAL NOT NULL, val_loss REAL, seconds REAL NOT NULL, PRIMARY KEY (run_id, epoch));
      CREATE TABLE predictions (run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE, series TEXT NOT NULL);
      CREATE INDEX runs_created ON runs(created_at DESC);`);
    old.prepare(`INSERT INTO runs (created_at, status, config, dataset, epochs_run) VALUES ('2025-01-01T00:00:00Z', 'completed', ?, ?, 2)`)
      .run(JSON.stringify({ ...base, cell: 'LSTM' }), JSON.stringify(weather));
    old.exec(`INSERT INTO epochs VALUES (1, 1, 0.5, 0.3, 1), (1, 2, 0.4, 0.35, 1)`);
    old.prepare(`INSERT INTO predictions VALUES (1, ?)`).run(JSON.stringify({ times: null, truth: [1, 2], predicted: [1.5, 2.5], persistence: [0, 1] }));
    old.pragma('user_version = 1');
    old.close();

    const log = await KyselyRunLog.open(path);
    const [run] = await log.listRuns();
    expect(run).toMatchObject({ id: 1, tags: [], note: '', starred: false, archived: false, bestValLoss: 0.3, lastValLoss: 0.35 });
    expect((await log.getEpochs(1)).map((e) => e.epoch)).toEqual([1, 2]);
    expect((await log.queryRuns({ filter: { cell: 'LSTM', dataset: 'weather.csv' } })).total).toBe(1);
    expect((await log.queryRuns({ filter: { text: 'Weather' } })).total).toBe(1);
    expect(await log.getPredictions(1)).toEqual({ times: null, truth: [1, 2], predicted: [1.5, 2.5], persistence: [0, 1] });
    // Runs from before each log had its own files folder keep the shared one (schema 5).
    expect(await log.runFilesDir(1)).toBe(join(dir, 'runs', '1'));
    expect(await log.integrityCheck()).toBe('ok');
    await log.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('opens a schema-6 log (the last the synchronous store wrote), upgrades it, and the new epochs key keeps every epoch', async () => {
    const path = join(dir, 'schema6.db');
    const old = makeOldSqliteLog(path, 6);
    // A run still running, with two epochs, a tag and a note, as that store wrote them.
    const id = Number(
      old
        .prepare(`INSERT INTO runs (created_at, status, config, dataset, owner_pid, epochs_run, best_val_loss, last_val_loss, tags, note)
                  VALUES ('2026-01-01T00:00:00Z', 'running', ?, ?, ?, 2, 0.4, 0.45, '["kept"]', 'from before')`)
        .run(JSON.stringify(base), JSON.stringify(weather), process.pid).lastInsertRowid,
    );
    old.prepare('INSERT INTO epochs (run_id, epoch, loss, val_loss, seconds) VALUES (?, 1, 0.5, 0.4, 1), (?, 2, 0.3, 0.45, 1)').run(id, id);
    old.prepare('INSERT INTO run_tags (run_id, tag) VALUES (?, ?)').run(id, 'kept');
    old.close();

    const log = await KyselyRunLog.open(path);
    expect(await log.getSummary(id)).toMatchObject({ status: 'running', epochsRun: 2, tags: ['kept'], note: 'from before', bestValLoss: 0.4 });
    expect((await log.getEpochs(id)).map((e) => e.loss)).toEqual([0.5, 0.3]);
    await log.addEpoch(id, { epoch: 3, loss: 0.2, valLoss: 0.3, seconds: 1 });
    expect((await log.getSummary(id)).epochsRun).toBe(3);
    expect((await log.queryRuns({ filter: { tag: 'kept' } })).total).toBe(1);
    await log.close();
  });
});

describe.each(LOG_TARGETS)('a log written by a newer Seqlab, on $name', (target) => {
  beforeAll(() => target.setup());
  afterAll(() => target.teardown());

  it('is refused with a clear message', async () => {
    const where = await target.fresh();
    const log = await KyselyRunLog.open(where);
    await log.close();
    if (target.name === 'sqlite') await target.raw(where, 'PRAGMA user_version = 99');
    else await target.raw(where, 'UPDATE seqlab_schema SET version = 99');
    await expect(KyselyRunLog.open(where)).rejects.toThrow(/written by a newer Seqlab \(schema 99\)/);
  });
});

describe('a PostgreSQL log where it cannot be used', () => {
  it('says so in one line, without the password', async () => {
    const port = await freePort();
    const url = `postgres://team:s3cret-Pa55@127.0.0.1:${port}/runs`;
    const error = await KyselyRunLog.open(url).then(() => null, (e: Error) => e);
    expect(error?.message).toMatch(new RegExp(`^Cannot reach the run log at postgres://team:\\*\\*\\*@127\\.0\\.0\\.1:${port}/runs: .*ECONNREFUSED`));
    expect(error?.message).not.toContain('s3cret');
    expect(error?.message).not.toContain('\n');
  });

  it('opened by the app\'s callers (openRunLog): the same one line, without the password', async () => {
    const port = await freePort();
    const error = await openRunLog(`postgres://team:s3cret-Pa55@127.0.0.1:${port}/runs`).then(() => null, (e: Error) => e);
    expect(error?.message).toMatch(new RegExp(`^Cannot reach the run log at postgres://team:\\*\\*\\*@127\\.0\\.0\\.1:${port}/runs: .*ECONNREFUSED`));
    expect(error?.message).not.toContain('s3cret');
  });
});
