// Runs in: main process and workers (plain Node). The records the run log takes and gives back whole (an imported
// run, a sweep, where a run comes from), shared by the log's interface (async-run-log.ts) and its one implementation
// over SQLite and PostgreSQL (kysely/).
import type { RunConfig } from '../../../shared/model/config';
import type { SweepCombination, SweepSpec, SweepStatus } from '../../../shared/model/experiments';
import type { DatasetFingerprint, RunProvenance, RunStatus, RunSummary } from '../../../shared/model/run';

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
