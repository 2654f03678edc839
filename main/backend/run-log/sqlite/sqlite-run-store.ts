// Runs in: main process (plain Node). The run log: one SQLite file, WAL mode, migrations on PRAGMA user_version.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RunConfig } from '../../../../shared/model/config';
import type { EpochMetrics } from '../../../../shared/model/metrics';
import type { DatasetFingerprint, PredictionSeries, RunDetail, RunResult, RunStatus, RunSummary } from '../../../../shared/model/run';
import { UserError } from '../../../../shared/util/errors';
import type { Reproduction, RunProvenance } from '../../../../shared/model/run';
import { COMPARE_MAX_POINTS, normaliseTags, type RunPatch, type RunsPage, type RunsQuery } from '../../../../shared/model/run-log';
import { selectRunsPage } from './run-query';
import { decodeSeries, encodeSeries } from '../series-codec';
import { SweepStore } from './sweep-store';
import type { ImportedRun, RunLog, RunOriginRecord } from '../run-log';
import { currentProcess, ownerAlive } from '../owner-process';
import { makeFolder } from '../../../core/make-folder';
import { plainDatabaseError } from './database-errors';
import { runFilesDir, sharedRunFilesDir } from '../../../core/run-files';

/** Points kept in a prediction series' preview copy: what the compare view draws. */
const PREVIEW_POINTS = COMPARE_MAX_POINTS;

/** Each entry upgrades the schema by one version; never edit a shipped entry, append a new one. */
const MIGRATIONS: string[] = [
  `CREATE TABLE runs (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     created_at TEXT NOT NULL,
     finished_at TEXT,
     status TEXT NOT NULL,
     error TEXT,
     owner_pid INTEGER,
     config TEXT NOT NULL,
     dataset TEXT NOT NULL,
     backend TEXT,
     epochs_run INTEGER NOT NULL DEFAULT 0,
     train_seconds REAL,
     train_samples_per_second REAL,
     metrics TEXT,
     baselines TEXT
   );
   CREATE TABLE epochs (
     run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
     epoch INTEGER NOT NULL,
     loss REAL NOT NULL,
     val_loss REAL,
     seconds REAL NOT NULL,
     PRIMARY KEY (run_id, epoch)
   );
   CREATE TABLE predictions (
     run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
     series TEXT NOT NULL
   );
   CREATE INDEX runs_created ON runs(created_at DESC);`,
  // 2: the experiment log. What the user keeps on a run (tags, note, star, archive); validation-loss summaries kept
  // up to date per epoch; generated columns over the JSON documents so the runs table filters and sorts in SQL
  // without parsing them. Tags live in their own table (indexed by tag) and as a JSON copy for display.
  `ALTER TABLE runs ADD COLUMN note TEXT NOT NULL DEFAULT '';
   ALTER TABLE runs ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE runs ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE runs ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
   ALTER TABLE runs ADD COLUMN best_val_loss REAL;
   ALTER TABLE runs ADD COLUMN last_val_loss REAL;
   ALTER TABLE runs ADD COLUMN dataset_name TEXT GENERATED ALWAYS AS (json_extract(dataset, '$.fileName')) VIRTUAL;
   ALTER TABLE runs ADD COLUMN dataset_sha TEXT GENERATED ALWAYS AS (json_extract(dataset, '$.sha256')) VIRTUAL;
   ALTER TABLE runs ADD COLUMN task TEXT GENERATED ALWAYS AS (json_extract(config, '$.task')) VIRTUAL;
   ALTER TABLE runs ADD COLUMN cell TEXT GENERATED ALWAYS AS (json_extract(config, '$.cell')) VIRTUAL;
   ALTER TABLE runs ADD COLUMN layers INTEGER GENERATED ALWAYS AS (json_extract(config, '$.layers')) VIRTUAL;
   ALTER TABLE runs ADD COLUMN hidden_units INTEGER GENERATED ALWAYS AS (json_extract(config, '$.hiddenUnits')) VIRTUAL;
   ALTER TABLE runs ADD COLUMN window_size INTEGER GENERATED ALWAYS AS (json_extract(config, '$.window')) VIRTUAL;
   ALTER TABLE runs ADD COLUMN horizon INTEGER GENERATED ALWAYS AS (json_extract(config, '$.horizon')) VIRTUAL;
   ALTER TABLE runs ADD COLUMN test_mae REAL GENERATED ALWAYS AS (json_extract(metrics, '$.test.mae')) VIRTUAL;
   ALTER TABLE runs ADD COLUMN test_rmse REAL GENERATED ALWAYS AS (json_extract(metrics, '$.test.rmse')) VIRTUAL;
   ALTER TABLE runs ADD COLUMN test_accuracy REAL GENERATED ALWAYS AS (json_extract(metrics, '$.test.accuracy')) VIRTUAL;
   ALTER TABLE runs ADD COLUMN skill REAL GENERATED ALWAYS AS (COALESCE(json_extract(metrics, '$.skill.value'),
     1 - json_extract(metrics, '$.test.mae') / NULLIF(json_extract(baselines, '$.persistence.mae'), 0))) VIRTUAL;
   ALTER TABLE runs ADD COLUMN duration_seconds REAL GENERATED ALWAYS AS
     ((julianday(finished_at) - julianday(created_at)) * 86400) VIRTUAL;
   -- What the runs table's text filter searches, lower case; kept by triggers so no write path can forget it.
   ALTER TABLE runs ADD COLUMN search TEXT NOT NULL DEFAULT '';
   CREATE TRIGGER runs_search_insert AFTER INSERT ON runs BEGIN
     UPDATE runs SET search = lower(concat_ws(' ', NEW.dataset_name, NEW.task, NEW.cell, NEW.backend, NEW.note, NEW.tags)) WHERE id = NEW.id;
   END;
   CREATE TRIGGER runs_search_update AFTER UPDATE OF backend, note, tags, config, dataset ON runs BEGIN
     UPDATE runs SET search = lower(concat_ws(' ', NEW.dataset_name, NEW.task, NEW.cell, NEW.backend, NEW.note, NEW.tags)) WHERE id = NEW.id;
   END;
   UPDATE runs SET search = lower(concat_ws(' ', dataset_name, task, cell, backend, note, tags));
   -- A thinned copy of each prediction series (every k-th step), for charts that overlay several runs.
   ALTER TABLE predictions ADD COLUMN preview BLOB;
   CREATE TABLE run_tags (
     run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
     tag TEXT NOT NULL,
     PRIMARY KEY (run_id, tag)
   );
   CREATE INDEX run_tags_tag ON run_tags(tag, run_id);
   CREATE INDEX runs_status ON runs(status, created_at);
   CREATE INDEX runs_archived_created ON runs(archived, created_at, id);
   CREATE INDEX runs_dataset_name ON runs(dataset_name);
   CREATE INDEX runs_cell ON runs(cell);
   UPDATE runs SET
     best_val_loss = (SELECT MIN(val_loss) FROM epochs WHERE run_id = runs.id),
     last_val_loss = (SELECT val_loss FROM epochs WHERE run_id = runs.id ORDER BY epoch DESC LIMIT 1);`,
  // 3: sweeps, reruns and saved models (issues 3-5). A sweep keeps its spec and the combinations still to run;
  // its runs point back at it. A run records where its data came from and what it ran on, so "Run again" can
  // find the file and say whether the rerun matched.
  `CREATE TABLE sweeps (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     created_at TEXT NOT NULL,
     name TEXT NOT NULL,
     status TEXT NOT NULL,
     spec TEXT NOT NULL,
     pending TEXT NOT NULL DEFAULT '[]'
   );
   ALTER TABLE runs ADD COLUMN sweep_id INTEGER REFERENCES sweeps(id) ON DELETE SET NULL;
   ALTER TABLE runs ADD COLUMN provenance TEXT;
   ALTER TABLE runs ADD COLUMN rerun_of INTEGER;
   ALTER TABLE runs ADD COLUMN reproduction TEXT;
   ALTER TABLE runs ADD COLUMN has_model INTEGER NOT NULL DEFAULT 0;
   CREATE INDEX runs_sweep ON runs(sweep_id) WHERE sweep_id IS NOT NULL;`,
  // 4: the owner's start time beside its process id (see owner-process.ts): a zombie or a reused id is not the owner.
  `ALTER TABLE runs ADD COLUMN owner_start INTEGER;`,
  // 5: each log keeps its run files in its own folder (run-files.ts); runs logged before keep theirs where they are,
  // in the folder's shared runs/ (two logs in one folder overwrote each other's there).
  `ALTER TABLE runs ADD COLUMN files_in_shared_folder INTEGER NOT NULL DEFAULT 0;
   UPDATE runs SET files_in_shared_folder = 1;`,
  // 6: backtests (issue 15): each fold is a run of its own, pointing at the backtest's parent run.
  `ALTER TABLE runs ADD COLUMN parent_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL;
   CREATE INDEX runs_parent ON runs(parent_run_id) WHERE parent_run_id IS NOT NULL;`,
];



interface RunRow {
  id: number;
  created_at: string;
  finished_at: string | null;
  status: RunStatus;
  error: string | null;
  config: string;
  dataset: string;
  backend: string | null;
  epochs_run: number;
  train_seconds: number | null;
  train_samples_per_second: number | null;
  metrics: string | null;
  baselines: string | null;
  // Schema 2:
  tags: string;
  note: string;
  starred: number;
  archived: number;
  best_val_loss: number | null;
  last_val_loss: number | null;
  // Schema 3:
  sweep_id: number | null;
  provenance: string | null;
  rerun_of: number | null;
  reproduction: string | null;
  has_model: number;
  // Schema 6:
  parent_run_id: number | null;
}

export class RunStore implements RunLog {
  private readonly db: Database.Database;
  private readonly statements;
  /** The sweeps table, on this connection so its writes can join a run's transaction. */
  readonly sweeps: SweepStore;

  constructor(readonly path: string) {
    if (path !== ':memory:') {
      try {
        makeFolder(dirname(path));
      } catch (error) {
        throw new UserError(`Cannot create the folder for the run log at ${path} (${(error as Error).message}): choose another --db path.`);
      }
    }
    try {
      this.db = new Database(path);
    } catch (error) {
      throw plainOpenError(error, path);
    }
    try {
      // First, so that every statement below waits for another writer rather than failing at once.
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('journal_mode = WAL');
      // NORMAL is durable across application crashes in WAL mode (only an OS crash may lose the last commit).
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.migrate();
    } catch (error) {
      this.db.close();
      throw plainDatabaseError(error, path);
    }
    this.sweeps = new SweepStore(this.db);
    this.statements = {
      insert: this.db.prepare(
        `INSERT INTO runs (created_at, status, config, dataset, owner_pid, owner_start)
         VALUES (@createdAt, @status, @config, @dataset, @ownerPid, @ownerStart)`,
      ),
      setBackend: this.db.prepare(`UPDATE runs SET backend = ? WHERE id = ?`),
      insertEpoch: this.db.prepare(
        `INSERT OR REPLACE INTO epochs (run_id, epoch, loss, val_loss, seconds) VALUES (?, ?, ?, ?, ?)`,
      ),
      countEpochs: this.db.prepare(
        `UPDATE runs SET epochs_run = (SELECT COUNT(*) FROM epochs WHERE run_id = @id),
           best_val_loss = (SELECT MIN(val_loss) FROM epochs WHERE run_id = @id),
           last_val_loss = (SELECT val_loss FROM epochs WHERE run_id = @id ORDER BY epoch DESC LIMIT 1) WHERE id = @id`,
      ),
      finish: this.db.prepare(
        `UPDATE runs SET status = @status, finished_at = @finishedAt, backend = COALESCE(@backend, backend),
           train_seconds = @trainSeconds, train_samples_per_second = @trainSamplesPerSecond,
           metrics = @metrics, baselines = @baselines WHERE id = @id`,
      ),
      fail: this.db.prepare(`UPDATE runs SET status = ?, error = ?, finished_at = ? WHERE id = ? AND status IN ('running', 'queued')`),
      startQueued: this.db.prepare(`UPDATE runs SET status = 'running' WHERE id = ? AND status = 'queued'`),
      insertPredictions: this.db.prepare(`INSERT OR REPLACE INTO predictions (run_id, series, preview) VALUES (?, ?, ?)`),
      preview: this.db.prepare(`SELECT preview FROM predictions WHERE run_id = ?`),
      list: this.db.prepare(`SELECT * FROM runs ORDER BY id DESC`),
      get: this.db.prepare(`SELECT * FROM runs WHERE id = ?`),
      epochs: this.db.prepare(`SELECT epoch, loss, val_loss, seconds FROM epochs WHERE run_id = ? ORDER BY epoch`),
      predictions: this.db.prepare(`SELECT series FROM predictions WHERE run_id = ?`),
      running: this.db.prepare(`SELECT id, owner_pid, owner_start FROM runs WHERE status IN ('running', 'queued')`),
      hasPredictions: this.db.prepare(`SELECT 1 FROM predictions WHERE run_id = ?`),
      setTags: this.db.prepare(`UPDATE runs SET tags = ? WHERE id = ?`),
      clearTags: this.db.prepare(`DELETE FROM run_tags WHERE run_id = ?`),
      addTag: this.db.prepare(`INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)`),
      setNote: this.db.prepare(`UPDATE runs SET note = ? WHERE id = ?`),
      setStarred: this.db.prepare(`UPDATE runs SET starred = ? WHERE id = ?`),
      setArchived: this.db.prepare(`UPDATE runs SET archived = ? WHERE id = ?`),
      delete: this.db.prepare(`DELETE FROM runs WHERE id = ?`),
      setRunOrigin: this.db.prepare(`UPDATE runs SET sweep_id = @sweepId, provenance = @provenance, rerun_of = @rerunOf WHERE id = @id`),
      setReproduction: this.db.prepare(`UPDATE runs SET reproduction = ? WHERE id = ?`),
      setModelSaved: this.db.prepare(`UPDATE runs SET has_model = 1 WHERE id = ?`),
      setParent: this.db.prepare(`UPDATE runs SET parent_run_id = ? WHERE id = ?`),
      children: this.db.prepare(`SELECT id FROM runs WHERE parent_run_id = ? ORDER BY id`),
      filesInSharedFolder: this.db.prepare(`SELECT files_in_shared_folder AS shared FROM runs WHERE id = ?`),
    };
  }

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new UserError(
        `The run log at ${this.path} was written by a newer Seqlab (schema ${current}); update Seqlab or use another --db.`,
      );
    }
    for (let version = current; version < MIGRATIONS.length; version++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[version]);
        this.db.pragma(`user_version = ${version + 1}`);
      })();
    }
  }

  createRun(config: RunConfig, dataset: DatasetFingerprint, status: 'running' | 'queued' = 'running'): number {
    const owner = currentProcess();
    const info = this.statements.insert.run({
      createdAt: new Date().toISOString(),
      status,
      config: JSON.stringify(config),
      dataset: JSON.stringify(dataset),
      ownerPid: owner.pid,
      ownerStart: owner.startTime,
    });
    return Number(info.lastInsertRowid);
  }

  /** A queued run's turn has come. */
  startQueuedRun(runId: number): void {
    this.statements.startQueued.run(runId);
  }

  setBackend(runId: number, backend: string): void {
    this.statements.setBackend.run(backend, runId);
  }

  /** One transaction per epoch: a crash after this returns never loses the epoch. */
  addEpoch(runId: number, epoch: EpochMetrics): void {
    this.db.transaction(() => {
      this.statements.insertEpoch.run(runId, epoch.epoch, epoch.loss, epoch.valLoss, epoch.seconds);
      this.statements.countEpochs.run({ id: runId });
    })();
  }

  finishRun(runId: number, result: RunResult): void {
    this.db.transaction(() => {
      if (result.predictions) {
        const full = encodeSeries(result.predictions);
        // Charts that overlay many runs read the thinned copy: a few KB instead of the whole test range.
        const preview = encodeSeries(decodeSeries(full, PREVIEW_POINTS));
        this.statements.insertPredictions.run(runId, full, preview);
      }
      this.statements.finish.run({
        id: runId,
        status: result.status,
        finishedAt: new Date().toISOString(),
        backend: result.backend,
        trainSeconds: result.trainSeconds,
        trainSamplesPerSecond: result.trainSamplesPerSecond,
        metrics: JSON.stringify(result.metrics),
        baselines: JSON.stringify(result.baselines),
      });
    })();
  }

  /** Ends a running or queued run without a result (failed, or stopped before it could be scored); a finished run is
   * left alone. */
  failRun(runId: number, message: string, status: Extract<RunStatus, 'failed' | 'stopped' | 'interrupted'> = 'failed'): void {
    this.statements.fail.run(status, message, new Date().toISOString(), runId);
  }

  /** At start-up: a run still 'running' (or 'queued') whose owning process is gone was cut off. Runs owned by a
   * live process (another Seqlab window, a CLI run on the same log) are left alone. */
  markInterruptedRuns(): number {
    const rows = this.statements.running.all() as { id: number; owner_pid: number | null; owner_start: number | null }[];
    const orphans = rows.filter((row) => row.owner_pid === null || !ownerAlive({ pid: row.owner_pid, startTime: row.owner_start }));
    this.db.transaction(() => {
      for (const row of orphans) {
        this.failRun(row.id, 'The app or its trainer stopped while this run was training', 'interrupted');
      }
    })();
    return orphans.length;
  }

  listRuns(): RunSummary[] {
    return (this.statements.list.all() as RunRow[]).map(toSummary);
  }

  /** One page of the runs table (see run-query.ts); summaries only, never the prediction blobs. */
  queryRuns(query: RunsQuery = {}): RunsPage {
    const page = selectRunsPage<RunRow>(this.db, query);
    return { runs: page.rows.map(toSummary), total: page.total, datasets: page.datasets, tags: page.tags };
  }

  getSummary(runId: number): RunSummary {
    const row = this.statements.get.get(runId) as RunRow | undefined;
    if (!row) throw new UserError(`Run ${runId} is not in the run log at ${this.path}.`);
    return toSummary(row);
  }

  getEpochs(runId: number): EpochMetrics[] {
    return (this.statements.epochs.all(runId) as { epoch: number; loss: number; val_loss: number | null; seconds: number }[]).map(
      (e) => ({ epoch: e.epoch, loss: e.loss, valLoss: e.val_loss, seconds: e.seconds }),
    );
  }

  /** The test-range predictions; `maxPoints` thins long series to every k-th step for overview charts. */
  getPredictions(runId: number, maxPoints?: number): PredictionSeries | null {
    if (maxPoints !== undefined && maxPoints <= PREVIEW_POINTS) {
      const preview = this.statements.preview.get(runId) as { preview: Buffer | null } | undefined;
      if (preview?.preview) return decodeSeries<PredictionSeries>(preview.preview, maxPoints);
    }
    const predictionRow = this.statements.predictions.get(runId) as { series: string | Buffer } | undefined;
    return predictionRow ? decodeSeries<PredictionSeries>(predictionRow.series, maxPoints) : null;
  }

  /** Whether a prediction series is stored, without reading it. */
  hasPredictions(runId: number): boolean {
    return this.statements.hasPredictions.get(runId) !== undefined;
  }

  getRun(runId: number): RunDetail {
    return { ...this.getSummary(runId), epochs: this.getEpochs(runId), predictions: this.getPredictions(runId) } as RunDetail;
  }

  /** Where a run came from: its sweep, what it ran on, and the run it repeats. Set right after createRun. */
  setRunOrigin(runId: number, origin: RunOriginRecord): void {
    this.statements.setRunOrigin.run({
      id: runId,
      sweepId: origin.sweepId ?? null,
      provenance: origin.provenance ? JSON.stringify(origin.provenance) : null,
      rerunOf: origin.rerunOf ?? null,
    });
    if (origin.parentRunId !== undefined) this.statements.setParent.run(origin.parentRunId, runId);
  }

  /** The runs whose parent is this one (a backtest's folds), oldest first. */
  childRuns(parentRunId: number): number[] {
    return (this.statements.children.all(parentRunId) as { id: number }[]).map((row) => row.id);
  }

  setReproduction(runId: number, reproduction: Reproduction): void {
    this.statements.setReproduction.run(JSON.stringify(reproduction), runId);
  }

  /** The trainer saved the run's model files (see run-files.ts). */
  setModelSaved(runId: number): void {
    this.statements.setModelSaved.run(runId);
  }

  /** A run from another log (a bundle, see run-bundle.ts) inserted whole as a new id, in one transaction. */
  importRun(run: ImportedRun, epochs: EpochMetrics[], predictions: PredictionSeries | null): number {
    return this.db.transaction(() => {
      const { statements } = this;
      const config = JSON.stringify(run.config);
      const inserted = statements.insert.run({ createdAt: run.createdAt, status: 'running', config, dataset: JSON.stringify(run.dataset), ownerPid: null, ownerStart: null });
      const id = Number(inserted.lastInsertRowid);
      for (const e of epochs) statements.insertEpoch.run(id, e.epoch, e.loss, e.valLoss, e.seconds);
      statements.countEpochs.run({ id });
      if (predictions) {
        const full = encodeSeries(predictions);
        statements.insertPredictions.run(id, full, encodeSeries(decodeSeries(full, PREVIEW_POINTS)));
      }
      if (run.error !== null) statements.fail.run(run.status, run.error, run.finishedAt, id);
      statements.finish.run({
        id,
        status: run.status,
        finishedAt: run.finishedAt,
        backend: run.backend,
        trainSeconds: run.trainSeconds,
        trainSamplesPerSecond: run.trainSamplesPerSecond,
        metrics: run.metrics ? JSON.stringify(run.metrics) : null,
        baselines: run.baselines ? JSON.stringify(run.baselines) : null,
      });
      const tags = normaliseTags(run.tags);
      statements.setTags.run(JSON.stringify(tags), id);
      for (const tag of tags) statements.addTag.run(id, tag);
      statements.setNote.run(run.note, id);
      statements.setStarred.run(run.starred ? 1 : 0, id);
      statements.setRunOrigin.run({ id, sweepId: null, provenance: run.provenance ? JSON.stringify(run.provenance) : null, rerunOf: null });
      return id;
    })();
  }

  /** Tags, note, star and archive; the rest of a run is what it logged and stays as it was. */
  updateRun(runId: number, patch: RunPatch): RunSummary {
    this.db.transaction(() => {
      this.getSummary(runId);
      if (patch.tags !== undefined) {
        const tags = normaliseTags(patch.tags);
        this.statements.setTags.run(JSON.stringify(tags), runId);
        this.statements.clearTags.run(runId);
        for (const tag of tags) this.statements.addTag.run(runId, tag);
      }
      if (patch.note !== undefined) this.statements.setNote.run(patch.note, runId);
      if (patch.starred !== undefined) this.statements.setStarred.run(patch.starred ? 1 : 0, runId);
      if (patch.archived !== undefined) this.statements.setArchived.run(patch.archived ? 1 : 0, runId);
    })();
    return this.getSummary(runId);
  }

  /** The run's own folder beside this log; runs logged before logs had their own folder keep the shared one. */
  runFilesDir(runId: number): string {
    const row = this.statements.filesInSharedFolder.get(runId) as { shared: number } | undefined;
    return row?.shared === 1 ? sharedRunFilesDir(this.path, runId) : runFilesDir(this.path, runId);
  }

  /** Removes a run with its epochs, predictions and tags (foreign keys cascade), then its files. A run still training
   * is refused. */
  deleteRun(runId: number): void {
    const run = this.getSummary(runId);
    if (run.status === 'running' || run.status === 'queued') {
      throw new UserError(`Run ${runId} is ${run.status === 'queued' ? 'queued to train' : 'still training'}: stop it first, then delete it.`);
    }
    const files = this.runFilesDir(runId);
    this.statements.delete.run(runId);
    rmSync(files, { recursive: true, force: true });
  }

  /** Several reads that must see the same state of the log (a writer may commit between them otherwise). */
  readTransaction<T>(read: () => T): T {
    return this.db.transaction(read)();
  }

  /** Many writes as one transaction (each store call inside becomes a savepoint): bulk imports and benchmarks. */
  batch<T>(write: () => T): T {
    return this.db.transaction(write)();
  }

  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  close(): void {
    this.db.close();
  }
}

/** Opening fails before any statement runs: a plain message whatever SQLite said. */
function plainOpenError(error: unknown, path: string): UserError {
  const plain = plainDatabaseError(error, path);
  return plain instanceof UserError ? plain : new UserError(`Cannot open the run log at ${path} (${(error as Error).message}): choose another --db path.`);
}

function toSummary(row: RunRow): RunSummary {
  // The JSON columns were written from the same RunConfig / result pair, so config.task tells their shapes.
  return {
    id: row.id,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    status: row.status,
    error: row.error,
    config: JSON.parse(row.config) as RunConfig,
    dataset: JSON.parse(row.dataset) as DatasetFingerprint,
    backend: row.backend,
    epochsRun: row.epochs_run,
    trainSeconds: row.train_seconds,
    trainSamplesPerSecond: row.train_samples_per_second,
    metrics: row.metrics ? JSON.parse(row.metrics) : null,
    baselines: row.baselines ? JSON.parse(row.baselines) : null,
    tags: JSON.parse(row.tags) as string[],
    note: row.note,
    starred: row.starred === 1,
    archived: row.archived === 1,
    bestValLoss: row.best_val_loss,
    lastValLoss: row.last_val_loss,
    sweepId: row.sweep_id,
    provenance: row.provenance ? (JSON.parse(row.provenance) as RunProvenance) : null,
    rerunOf: row.rerun_of,
    reproduction: row.reproduction ? (JSON.parse(row.reproduction) as Reproduction) : null,
    hasModel: row.has_model === 1,
    parentRunId: row.parent_run_id ?? null,
  } as RunSummary;
}
