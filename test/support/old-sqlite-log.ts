// Runs in: vitest (Node). The SQLite run log's schemas 1 to 6, verbatim as the synchronous store that wrote them
// (main/backend/run-log/sqlite/, retired in issue 14) applied them, one migration per PRAGMA user_version step: a
// test makes a log exactly as an older Seqlab left it, then checks the typed store upgrades it in place.
import Database from 'better-sqlite3';

export const OLD_SQLITE_MIGRATIONS: string[] = [
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

/** A new SQLite log at `path` at schema `version` (1-6), empty, as that Seqlab created it. */
export function makeOldSqliteLog(path: string, version: number): Database.Database {
  const db = new Database(path);
  for (let v = 0; v < version; v++) {
    db.exec(OLD_SQLITE_MIGRATIONS[v]);
    db.pragma(`user_version = ${v + 1}`);
  }
  return db;
}
