// Runs in: main process (plain Node). The run log as the rest of the backend sees it: what it stores and answers,
// with no word of SQL. SQLite (sqlite/sqlite-run-store.ts) implements it today; a server database can implement the
// same interface without its callers changing (as MLflow's abstract tracking store does).
//
// The methods are synchronous because better-sqlite3 is; a networked implementation will make them return promises
// (issue 14), a change the type checker will walk through every caller.
import type { RunConfig } from '../../../shared/model/config';
import type { SweepCombination, SweepSpec, SweepStatus } from '../../../shared/model/experiments';
import type { EpochMetrics } from '../../../shared/model/metrics';
import type {
  DatasetFingerprint,
  PredictionSeries,
  Reproduction,
  RunDetail,
  RunProvenance,
  RunResult,
  RunStatus,
  RunSummary,
} from '../../../shared/model/run';
import type { RunPatch, RunsPage, RunsQuery } from '../../../shared/model/run-log';
import type { OwnerProcess } from './owner-process';

/** A finished run as another log recorded it (from a bundle); its ids there (sweep, rerun) do not carry over. */
export interface ImportedRun {
  createdAt: string;
  finishedAt: string | null;
  status: Exclude<RunStatus, 'running' | 'queued'>;
  error: string | null;
  config: RunConfig;
  dataset: DatasetFingerprint;
  backend: string | null;
  trainSeconds: number | null;
  trainSamplesPerSecond: number | null;
  metrics: RunSummary['metrics'];
  baselines: RunSummary['baselines'];
  tags: string[];
  note: string;
  starred: boolean;
  provenance: RunProvenance | null;
}

/** A sweep as the log keeps it: its spec, status and the combinations still to run. */
export interface SweepRecord {
  id: number;
  createdAt: string;
  name: string;
  status: SweepStatus;
  spec: SweepSpec;
  pending: SweepCombination[];
}

/** Where a run comes from: the sweep that made it, the file and versions it used, the run it repeats. */
export interface RunOriginRecord {
  sweepId?: number | null;
  provenance?: RunProvenance | null;
  rerunOf?: number | null;
  /** A backtest fold: the backtest's parent run (issue 15). */
  parentRunId?: number | null;
}

export interface SweepLog {
  create(spec: SweepSpec, pending: SweepCombination[]): number;
  get(sweepId: number): SweepRecord | undefined;
  list(): SweepRecord[];
  setStatus(sweepId: number, status: SweepStatus): void;
  setPending(sweepId: number, pending: SweepCombination[]): void;
  runs(sweepId: number): { id: number; status: RunStatus }[];
  idsWithStatus(status: SweepStatus): number[];
  /** The process that owned the sweep's last run: undefined without runs, null when none recorded. */
  lastOwner(sweepId: number): OwnerProcess | null | undefined;
  /** Every path runs of this dataset (by SHA-256) were imported from, newest first. */
  datasetPaths(sha256: string): string[];
}

export interface RunLog {
  /** Where the log lives, as the user named it (a file path). */
  readonly path: string;
  readonly sweeps: SweepLog;

  /** A new run owned by this process: training now, or 'queued' to start when a trainer is free. */
  createRun(config: RunConfig, dataset: DatasetFingerprint, status?: 'running' | 'queued'): number;
  /** A queued run starts training. */
  startQueuedRun(runId: number): void;
  setBackend(runId: number, backend: string): void;
  /** Upserts: logging the same epoch again replaces it. */
  addEpoch(runId: number, epoch: EpochMetrics): void;
  finishRun(runId: number, result: RunResult): void;
  /** Only a run still running or queued changes; a finished run keeps its status. */
  failRun(runId: number, message: string, status?: Extract<RunStatus, 'failed' | 'stopped' | 'interrupted'>): void;
  /** Runs left running or queued by a process that is gone become 'interrupted'; returns how many. */
  markInterruptedRuns(): number;

  listRuns(): RunSummary[];
  queryRuns(query?: RunsQuery): RunsPage;
  getSummary(runId: number): RunSummary;
  getEpochs(runId: number): EpochMetrics[];
  /** At most `maxPoints` points (a preview copy) when given; the whole series otherwise. */
  getPredictions(runId: number, maxPoints?: number): PredictionSeries | null;
  hasPredictions(runId: number): boolean;
  getRun(runId: number): RunDetail;

  setRunOrigin(runId: number, origin: RunOriginRecord): void;
  /** The runs whose parent is this one (a backtest's folds), oldest first. */
  childRuns(parentRunId: number): number[];
  setReproduction(runId: number, reproduction: Reproduction): void;
  setModelSaved(runId: number): void;
  importRun(run: ImportedRun, epochs: EpochMetrics[], predictions: PredictionSeries | null): number;
  updateRun(runId: number, patch: RunPatch): RunSummary;
  /** The run, and its folder of files. */
  deleteRun(runId: number): void;
  /** The folder of the run's files (saved model, preprocessing, embedding), this log's own. */
  runFilesDir(runId: number): string;

  /** Several reads that must see the same state of the log (a writer may commit between them otherwise). */
  readTransaction<T>(read: () => T): T;
  /** Many writes as one transaction: all of them land, or none. */
  batch<T>(write: () => T): T;

  /** 'ok' when the store is sound, else what is wrong. */
  integrityCheck(): string;
  close(): void;
}
