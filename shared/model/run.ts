// Runs in: renderer and main. A logged run: its summary, detail, predictions, and the backends it can train on.
import type { BackendName, ForecastConfig, TextConfig } from './config';
import type { ImportOptions } from './forecast-data';
import type { ClassificationMetrics, EpochMetrics, ForecastBaselines, ForecastRunMetrics } from './metrics';

/** 'queued': waiting for a free trainer (more runs were started than the limit of trainers at once). */
export type RunStatus = 'queued' | 'running' | 'completed' | 'stopped' | 'failed' | 'interrupted';


export interface DatasetFingerprint {
  fileName: string;
  sizeBytes: number;
  sha256: string;
  rowsUsed: number;
}

interface RunSummaryBase {
  id: number;
  createdAt: string; // ISO
  finishedAt: string | null;
  status: RunStatus;
  error: string | null;
  dataset: DatasetFingerprint;
  backend: string | null;
  epochsRun: number;
  trainSeconds: number | null;
  trainSamplesPerSecond: number | null;
  // The experiment log's fields (see shared/run-log.ts). The run log always sets them; optional so that runs
  // made up in tests and fixtures stay valid.
  tags?: string[];
  note?: string;
  starred?: boolean;
  archived?: boolean;
  /** Lowest and last validation loss over the epochs run (early stopping makes them differ). */
  bestValLoss?: number | null;
  lastValLoss?: number | null;
  // Issue 4: sweeps and reproducibility (optional, as above).
  sweepId?: number | null;
  provenance?: RunProvenance | null;
  /** "Run again" of this run. */
  rerunOf?: number | null;
  /** Filled when a rerun ends. */
  reproduction?: Reproduction | null;
  /** A trained model is saved with the run (predict, try it, export). */
  hasModel?: boolean;
  /** A backtest fold: the backtest's parent run (issue 15). */
  parentRunId?: number | null;
}

export interface ForecastRunSummary extends RunSummaryBase {
  config: ForecastConfig;
  metrics: ForecastRunMetrics | null;
  baselines: ForecastBaselines | null;
}

export interface TextRunSummary extends RunSummaryBase {
  config: TextConfig;
  metrics: {
    validation?: ClassificationMetrics;
    test?: ClassificationMetrics;
    /** As in forecasting: the epoch whose weights were kept, and whether early stopping ended training (absent on older runs). */
    bestEpoch?: number | null;
    stoppedEarly?: boolean;
    /** As in forecasting: what training noticed or chose (absent on older runs). */
    notes?: string[];
  } | null;
  baselines: { majority?: ClassificationMetrics; bagOfWords?: ClassificationMetrics } | null;
}

/** A run of either task; narrow with isForecastRun / isTextRun (TypeScript does not narrow on run.config.task). */
export type RunSummary = ForecastRunSummary | TextRunSummary;

export function isForecastRun<R extends RunSummary>(run: R): run is Extract<R, { config: ForecastConfig }> {
  return run.config.task === 'forecast';
}

export function isTextRun<R extends RunSummary>(run: R): run is Extract<R, { config: TextConfig }> {
  return run.config.task === 'text';
}

export interface PredictionSeries {
  /** Epoch ms of each predicted step (test range), or null when the data has no time column. */
  times: number[] | null;
  truth: number[];
  predicted: number[];
  persistence: number[];
  /** truth - predicted (first step of the horizon); absent on older runs. */
  residuals?: number[];
  /** The prediction intervals around `predicted`, one per level (absent on older runs and runs without intervals). */
  intervals?: { level: number; lower: number[]; upper: number[] }[];
}

export type RunDetail = RunSummary & {
  epochs: EpochMetrics[];
  /** Forecast runs only (null for text runs). */
  predictions: PredictionSeries | null;
};
export type ForecastRunDetail = Extract<RunDetail, { config: ForecastConfig }>;
export type TextRunDetail = Extract<RunDetail, { config: TextConfig }>;

export interface BackendInfo {
  /** What 'auto' resolves to on this machine. */
  auto: BackendName;
  available: BackendName[];
  /** Why a backend is unavailable, e.g. tfjs-node not installed. */
  notes: string[];
}

/** What a trainer reports when a run ends well (completed, or stopped and still scored). */export interface RunResult {
  status: Extract<RunStatus, 'completed' | 'stopped'>;
  backend: string;
  trainSeconds: number;
  trainSamplesPerSecond: number;
  metrics: NonNullable<RunSummary['metrics']>;
  baselines: NonNullable<RunSummary['baselines']>;
  /** Forecast runs only; text runs have none. */
  predictions: PredictionSeries | null;
}

/** What a run records so a rerun can say whether it should match (issue 4, Reproduce). */
export interface RunProvenance {
  seqlabVersion: string;
  tfjsVersion: string;
  nodeVersion: string;
  platform: string;
  /** The file the run trained on, so "Run again" can find it; null for imported bundles. */
  datasetPath: string | null;
  /** How the CSV was read (date order, time parts), so a rerun reads it the same way; absent on older runs. */
  importOptions?: ImportOptions;
}

/** Set on a rerun once it ends: did it reproduce the original? */
export interface Reproduction {
  ofRunId: number;
  /** True when settings, data fingerprint, seed and backend all match and the metrics agree within 1e-6. */
  matched: boolean;
  /** One sentence for the user: "Matches run 12 exactly" or what differed (backend, versions, data, metrics). */
  message: string;
}
