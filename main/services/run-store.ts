// Runs in: main process (plain Node). The run log: one SQLite file, WAL mode, migrations on PRAGMA user_version.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  DatasetFingerprint,
  EpochMetrics,
  ForecastConfig,
  ForecastMetrics,
  PredictionSeries,
  RunDetail,
  RunStatus,
  RunSummary,
} from '../../shared/api';
import { UserError } from '../../shared/errors';

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
];

export interface RunResult {
  status: Extract<RunStatus, 'completed' | 'stopped'>;
  backend: string;
  trainSeconds: number;
  trainSamplesPerSecond: number;
  metrics: NonNullable<RunSummary['metrics']>;
  baselines: NonNullable<RunSummary['baselines']>;
  predictions: PredictionSeries;
}

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
}

export class RunStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    try {
      this.db = new Database(path);
    } catch (error) {
      throw new UserError(`Cannot open the run log at ${path}: ${(error as Error).message}. Choose another --db path.`);
    }
    this.db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode (only an OS crash may lose the last commit).
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.statements = {
      insert: this.db.prepare(
        `INSERT INTO runs (created_at, status, config, dataset, owner_pid) VALUES (@createdAt, 'running', @config, @dataset, @ownerPid)`,
      ),
      setBackend: this.db.prepare(`UPDATE runs SET backend = ? WHERE id = ?`),
      insertEpoch: this.db.prepare(
        `INSERT OR REPLACE INTO epochs (run_id, epoch, loss, val_loss, seconds) VALUES (?, ?, ?, ?, ?)`,
      ),
      countEpochs: this.db.prepare(`UPDATE runs SET epochs_run = (SELECT COUNT(*) FROM epochs WHERE run_id = ?) WHERE id = ?`),
      finish: this.db.prepare(
        `UPDATE runs SET status = @status, finished_at = @finishedAt, backend = COALESCE(@backend, backend),
           train_seconds = @trainSeconds, train_samples_per_second = @trainSamplesPerSecond,
           metrics = @metrics, baselines = @baselines WHERE id = @id`,
      ),
      fail: this.db.prepare(`UPDATE runs SET status = ?, error = ?, finished_at = ? WHERE id = ? AND status = 'running'`),
      insertPredictions: this.db.prepare(`INSERT OR REPLACE INTO predictions (run_id, series) VALUES (?, ?)`),
      list: this.db.prepare(`SELECT * FROM runs ORDER BY id DESC`),
      get: this.db.prepare(`SELECT * FROM runs WHERE id = ?`),
      epochs: this.db.prepare(`SELECT epoch, loss, val_loss, seconds FROM epochs WHERE run_id = ? ORDER BY epoch`),
      predictions: this.db.prepare(`SELECT series FROM predictions WHERE run_id = ?`),
      running: this.db.prepare(`SELECT id, owner_pid FROM runs WHERE status = 'running'`),
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

  createRun(config: ForecastConfig, dataset: DatasetFingerprint): number {
    const info = this.statements.insert.run({
      createdAt: new Date().toISOString(),
      config: JSON.stringify(config),
      dataset: JSON.stringify(dataset),
      ownerPid: process.pid,
    });
    return Number(info.lastInsertRowid);
  }

  setBackend(runId: number, backend: string): void {
    this.statements.setBackend.run(backend, runId);
  }

  /** One transaction per epoch: a crash after this returns never loses the epoch. */
  addEpoch(runId: number, epoch: EpochMetrics): void {
    this.db.transaction(() => {
      this.statements.insertEpoch.run(runId, epoch.epoch, epoch.loss, epoch.valLoss, epoch.seconds);
      this.statements.countEpochs.run(runId, runId);
    })();
  }

  finishRun(runId: number, result: RunResult): void {
    this.db.transaction(() => {
      this.statements.insertPredictions.run(runId, JSON.stringify(result.predictions));
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

  /** Ends a running run without a result (failed, or stopped before it could be scored); a finished run is left alone. */
  failRun(runId: number, message: string, status: Extract<RunStatus, 'failed' | 'stopped' | 'interrupted'> = 'failed'): void {
    this.statements.fail.run(status, message, new Date().toISOString(), runId);
  }

  /** At start-up: a run still 'running' whose owning process is gone was cut off mid-training. Runs owned by a
   * live process (another Seqlab window, a CLI run on the same log) are left alone. */
  markInterruptedRuns(): number {
    const orphans = (this.statements.running.all() as { id: number; owner_pid: number | null }[]).filter(
      (row) => row.owner_pid === null || !processAlive(row.owner_pid),
    );
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

  getRun(runId: number): RunDetail {
    const row = this.statements.get.get(runId) as RunRow | undefined;
    if (!row) throw new UserError(`Run ${runId} is not in the run log at ${this.path}.`);
    const epochs = (this.statements.epochs.all(runId) as { epoch: number; loss: number; val_loss: number | null; seconds: number }[]).map(
      (e) => ({ epoch: e.epoch, loss: e.loss, valLoss: e.val_loss, seconds: e.seconds }),
    );
    const predictionRow = this.statements.predictions.get(runId) as { series: string } | undefined;
    return {
      ...toSummary(row),
      epochs,
      predictions: predictionRow ? (JSON.parse(predictionRow.series) as PredictionSeries) : null,
    };
  }

  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  close(): void {
    this.db.close();
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return false; // our own pid from an earlier life: this process has no runs yet
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function toSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    status: row.status,
    error: row.error,
    config: JSON.parse(row.config) as ForecastConfig,
    dataset: JSON.parse(row.dataset) as DatasetFingerprint,
    backend: row.backend,
    epochsRun: row.epochs_run,
    trainSeconds: row.train_seconds,
    trainSamplesPerSecond: row.train_samples_per_second,
    metrics: row.metrics ? (JSON.parse(row.metrics) as { validation?: ForecastMetrics; test?: ForecastMetrics }) : null,
    baselines: row.baselines ? (JSON.parse(row.baselines) as { persistence?: ForecastMetrics }) : null,
  };
}
