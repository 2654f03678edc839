// Runs in: main process and workers (plain Node). The run log's tables as Kysely sees them, for SQLite and PostgreSQL
// alike. JSON documents are kept as text (portable, and parsed where the store reads them); booleans as 0/1 integers;
// times as ISO text. Generated columns (dataset_name, cell, test_mae, ...) are read-only: the databases compute them.
import type { ColumnType, Generated } from 'kysely';
import type { RunStatus } from '../../../../shared/model/run';
import type { SweepStatus } from '../../../../shared/model/experiments';

type ReadOnly<T> = ColumnType<T, never, never>;

export interface RunsTable {
  id: Generated<number>;
  created_at: string;
  finished_at: string | null;
  status: RunStatus;
  error: string | null;
  owner_pid: number | null;
  config: string;
  dataset: string;
  backend: string | null;
  epochs_run: Generated<number>;
  train_seconds: number | null;
  train_samples_per_second: number | null;
  metrics: string | null;
  baselines: string | null;
  // 2
  note: Generated<string>;
  starred: Generated<number>;
  archived: Generated<number>;
  tags: Generated<string>;
  best_val_loss: number | null;
  last_val_loss: number | null;
  dataset_name: ReadOnly<string | null>;
  dataset_sha: ReadOnly<string | null>;
  task: ReadOnly<string | null>;
  cell: ReadOnly<string | null>;
  layers: ReadOnly<number | null>;
  hidden_units: ReadOnly<number | null>;
  window_size: ReadOnly<number | null>;
  horizon: ReadOnly<number | null>;
  test_mae: ReadOnly<number | null>;
  test_rmse: ReadOnly<number | null>;
  test_accuracy: ReadOnly<number | null>;
  skill: ReadOnly<number | null>;
  /** Kept by triggers (SQLite) or generated (PostgreSQL): never written by the store. */
  search: ReadOnly<string>;
  // 3
  sweep_id: number | null;
  provenance: string | null;
  rerun_of: number | null;
  reproduction: string | null;
  has_model: Generated<number>;
  // 4
  owner_start: number | null;
  // 5
  files_in_shared_folder: Generated<number>;
  // 6
  parent_run_id: number | null;
  // 7
  owner_host: string | null;
  /** The run's current execution: 1, then one more each time a worker takes the trial up again. */
  execution: Generated<number>;
}

export interface EpochsTable {
  run_id: number;
  execution: Generated<number>;
  epoch: number;
  loss: number;
  val_loss: number | null;
  seconds: number;
}

export interface PredictionsTable {
  run_id: number;
  series: Buffer | string;
  preview: Buffer | null;
}

export interface RunTagsTable {
  run_id: number;
  tag: string;
}

export interface SweepsTable {
  id: Generated<number>;
  created_at: string;
  name: string;
  status: SweepStatus;
  spec: string;
  pending: Generated<string>;
}

export type ExecutionOutcome = 'running' | 'completed' | 'abandoned' | 'failed';

/** One attempt at a run by a worker: a trial handed back or lost to a killed worker leaves an 'abandoned' row. */
export interface ExecutionsTable {
  run_id: number;
  execution: number;
  worker: string;
  started_at: string;
  ended_at: string | null;
  outcome: ExecutionOutcome;
}

/** Datasets by content: the file's bytes once, by SHA-256, with how it was imported; workers fetch them by hash. */
export interface DatasetsTable {
  sha256: string;
  file_name: string;
  size_bytes: number;
  import_options: string;
  content: Buffer;
  created_at: string;
}

/** PostgreSQL's schema version (SQLite keeps it in PRAGMA user_version, as logs always have). */
export interface SchemaVersionTable {
  version: number;
}

export interface LogTables {
  runs: RunsTable;
  epochs: EpochsTable;
  predictions: PredictionsTable;
  run_tags: RunTagsTable;
  sweeps: SweepsTable;
  executions: ExecutionsTable;
  datasets: DatasetsTable;
  seqlab_schema: SchemaVersionTable;
}
