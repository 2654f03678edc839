// Runs in: main process and workers (plain Node). The run log as the rest of the backend sees it, with no word of SQL:
// every method returns a promise, as a networked database (PostgreSQL) needs, and kysely/kysely-run-log.ts implements
// it over SQLite and PostgreSQL alike (opened by open-run-log.ts). Besides runs, sweeps and queries it keeps what
// workers sharing one log need: executions of a run, datasets by content.
import type { RunConfig } from '../../../shared/model/config';
import type { SweepCombination, SweepSpec, SweepStatus } from '../../../shared/model/experiments';
import type { EpochMetrics } from '../../../shared/model/metrics';
import type {
  DatasetFingerprint,
  PredictionSeries,
  Reproduction,
  RunDetail,
  RunResult,
  RunStatus,
  RunSummary,
} from '../../../shared/model/run';
import type { RunPatch, RunsPage, RunsQuery } from '../../../shared/model/run-log';
import type { OwnerProcess } from './owner-process';
import type { ImportedRun, RunOriginRecord, SweepRecord } from './run-log';

export interface AsyncSweepLog {
  create(spec: SweepSpec, pending: SweepCombination[]): Promise<number>;
  get(sweepId: number): Promise<SweepRecord | undefined>;
  list(): Promise<SweepRecord[]>;
  setStatus(sweepId: number, status: SweepStatus): Promise<void>;
  setPending(sweepId: number, pending: SweepCombination[]): Promise<void>;
  runs(sweepId: number): Promise<{ id: number; status: RunStatus }[]>;
  idsWithStatus(status: SweepStatus): Promise<number[]>;
  /** The process that owned the sweep's last run: undefined without runs, null when none recorded. */
  lastOwner(sweepId: number): Promise<OwnerProcess | null | undefined>;
  /** Every path runs of this dataset (by SHA-256) were imported from, newest first. */
  datasetPaths(sha256: string): Promise<string[]>;
}

/** One attempt at a run by a worker. */
export interface ExecutionRecord {
  execution: number;
  worker: string;
  startedAt: string;
  endedAt: string | null;
  outcome: 'running' | 'completed' | 'abandoned' | 'failed';
}

/** A dataset file kept in the log by content, with the options it was imported with. */
export interface StoredDataset {
  sha256: string;
  fileName: string;
  sizeBytes: number;
  importOptions: unknown;
}

export interface AsyncRunLog {
  /** Where the log lives, safe to print: a file path, or a postgres:// URL without its password. */
  readonly path: string;
  readonly sweeps: AsyncSweepLog;

  /** A new run, owned by this process; or, with owner 'queue', by the queue (a sweep's trial: no process of the
   * submitter's machine answers for it, and a worker becomes its owner when it takes the trial up). */
  createRun(config: RunConfig, dataset: DatasetFingerprint, status?: 'running' | 'queued', owner?: 'this-process' | 'queue'): Promise<number>;
  startQueuedRun(runId: number): Promise<void>;
  setBackend(runId: number, backend: string): Promise<void>;
  /** Upserts into the run's current execution (or the one named): logging the same epoch again replaces it. */
  addEpoch(runId: number, epoch: EpochMetrics, execution?: number): Promise<void>;
  /** Finalises a running or queued run (and, when named, only in that execution); false when it was already final or
   * another execution has taken the run over: a run is finalised once. */
  finishRun(runId: number, result: RunResult, execution?: number): Promise<boolean>;
  failRun(runId: number, message: string, status?: Extract<RunStatus, 'failed' | 'stopped' | 'interrupted'>, execution?: number): Promise<boolean>;
  markInterruptedRuns(): Promise<number>;

  /** A worker takes a run up: a new execution (the one before, if still open, is recorded as abandoned), the run
   * 'running' and owned by the worker's process. Returns the execution's number, or null when the run is already
   * final (a worker finished it but died before the queue heard). */
  startExecution(runId: number, worker: string): Promise<number | null>;
  /** A worker hands a trial back unfinished (Ctrl-C): the execution is abandoned and the run queued again. */
  abandonExecution(runId: number, execution: number): Promise<void>;
  executions(runId: number): Promise<ExecutionRecord[]>;

  /** Keeps a dataset file by its SHA-256 (once: a second put of the same content changes nothing). */
  putDataset(dataset: StoredDataset, content: Buffer): Promise<void>;
  getDataset(sha256: string): Promise<(StoredDataset & { content: Buffer }) | undefined>;
  hasDataset(sha256: string): Promise<boolean>;

  listRuns(): Promise<RunSummary[]>;
  queryRuns(query?: RunsQuery): Promise<RunsPage>;
  getSummary(runId: number): Promise<RunSummary>;
  /** The epochs of the run's current execution. */
  getEpochs(runId: number): Promise<EpochMetrics[]>;
  getPredictions(runId: number, maxPoints?: number): Promise<PredictionSeries | null>;
  hasPredictions(runId: number): Promise<boolean>;
  getRun(runId: number): Promise<RunDetail>;

  setRunOrigin(runId: number, origin: RunOriginRecord): Promise<void>;
  /** The runs whose parent is this one (a backtest's folds), oldest first. */
  childRuns(parentRunId: number): Promise<number[]>;
  setReproduction(runId: number, reproduction: Reproduction): Promise<void>;
  setModelSaved(runId: number): Promise<void>;
  importRun(run: ImportedRun, epochs: EpochMetrics[], predictions: PredictionSeries | null): Promise<number>;
  updateRun(runId: number, patch: RunPatch): Promise<RunSummary>;
  deleteRun(runId: number): Promise<void>;
  runFilesDir(runId: number): Promise<string>;

  /** Several reads that see one state of the log: `read` gets the log bound to the transaction. */
  readTransaction<T>(read: (log: AsyncRunLog) => Promise<T>): Promise<T>;
  /** Many writes as one transaction, all or none: `write` gets the log bound to the transaction. */
  batch<T>(write: (log: AsyncRunLog) => Promise<T>): Promise<T>;

  integrityCheck(): Promise<string>;
  close(): Promise<void>;
}
