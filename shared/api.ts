// Runs in: renderer and main (types only). The one contract between the UI and the backend.
// Electron's preload and the browser mode's WebSocket client both implement `SeqlabApi`;
// main implements the same methods in `main/services/seqlab-service.ts`.
import type { RunComparison, RunPatch, RunsPage, RunsQuery } from './run-log';
import type { Reproduction, RunBundle, RunProvenance, SweepDetail, SweepSpec, SweepSummary } from './experiments';
import type { DateAmbiguity, ImportOptions, MissingPolicy, MissingReport, SentinelMark, TimeGapReport, WindowPreview } from './forecast-data';
import type { EmbeddingSnapshot, PredictionsFromCsv, TextPrediction, TextPreview, TextPreviewRequest } from './inference';

export type ColumnType = 'number' | 'datetime' | 'category' | 'text' | 'empty';

export interface ColumnSummary {
  name: string;
  type: ColumnType;
  /** Cells that are empty or a placeholder token (NA, null, ?, ...). */
  missing: number;
  distinct: number;
  /** Numeric columns only. */
  min?: number;
  max?: number;
  mean?: number;
}

export interface Finding {
  /** Stable machine-readable code, e.g. 'duplicate-rows', 'zero-sentinel', 'time-gap'. */
  code: string;
  level: 'info' | 'warning';
  /** One sentence for the user, with counts: "24 duplicate rows dropped". */
  message: string;
  column?: string;
}

export interface DatasetSummary {
  /** Content hash (sha256 hex) — also the dataset's id. */
  id: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  rowsRead: number;
  /** Rows after cleaning (duplicates dropped, sorted by time). */
  rowsUsed: number;
  columns: ColumnSummary[];
  /** The detected datetime column rows are sorted on, if any. */
  timeColumn: string | null;
  /** Inferred spacing, e.g. 'hourly', 'daily', 'monthly', or null. */
  frequency: string | null;
  /** First rows after cleaning, as display strings, same order as `columns`. */
  previewRows: string[][];
  findings: Finding[];
  parseSeconds: number;
  // Issue 3. Optional: summaries made before these existed lack them.
  /** Set when every date could be day-first or month-first: the user is asked, and re-imports with a dateOrder. */
  dateAmbiguity?: DateAmbiguity | null;
  /** Columns the timestamp was assembled from (year, month, day, hour...), when there is no single time column. */
  timeParts?: string[] | null;
  /** The choices this summary was imported with. */
  importOptions?: ImportOptions;
}

export type CellType = 'SimpleRNN' | 'GRU' | 'LSTM';
export const CELL_TYPES: readonly CellType[] = ['SimpleRNN', 'GRU', 'LSTM'];

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;

/** Training control both tasks share. Optional because runs logged before these existed lack them; the schemas
 * fill in CONTROL_DEFAULTS (adam, no dropout, no early stopping), which is what those runs trained with. */
export interface TrainingControl {
  optimizer?: OptimizerName;
  /** Fraction of each recurrent layer's inputs dropped while training (0 = none). */
  dropout?: number;
  /** Fraction of each recurrent layer's hidden state dropped while training (0 = none). */
  recurrentDropout?: number;
  /** Stop when the validation loss has not improved by more than `minDelta` for `patience` epochs; keep the best weights. */
  earlyStopping?: boolean;
  patience?: number;
  /** Improvement of the validation loss (scaled MSE, or cross-entropy for text) below this does not count as better. */
  minDelta?: number;
}

export interface ForecastConfig extends TrainingControl {
  task: 'forecast';
  datasetId: string;
  target: string;
  /** Input columns; defaults to [target]. */
  features: string[];
  window: number;
  horizon: number;
  cell: CellType;
  layers: number;
  hiddenUnits: number;
  bidirectional: boolean;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Fractions by time: train, validation; test is the rest. */
  split: { train: number; validation: number };
  backend: BackendChoice;
  // Issue 3 data preparation. Optional for older runs; absent means: drop windows touching a gap, no sentinels, stride 1.
  /** Per input/target column: what to do with its missing values. */
  missing?: Record<string, MissingPolicy>;
  /** Values that mean "missing" in a column (e.g. pressure exactly 0). */
  sentinels?: SentinelMark[];
  /** Steps between the starts of consecutive windows (1 = every window). */
  stride?: number;
  /** Optional: runs logged before it existed started from 'glorot'. */
  initializer?: InitializerName;
}

export type OptimizerName = 'adam' | 'rmsprop' | 'sgd';

/** How the recurrent and output weights start: 'uniform' is PyTorch's scheme (every weight and bias uniform in
 * ±1/sqrt(units)); 'glorot' is Keras' (Glorot-uniform inputs, orthogonal recurrent weights, zero biases). */
export type InitializerName = 'uniform' | 'glorot';
export const INITIALIZERS: readonly InitializerName[] = ['uniform', 'glorot'];
export const OPTIMIZERS: readonly OptimizerName[] = ['adam', 'rmsprop', 'sgd'];

/** Text classification: a text column read word by word (Embedding -> RNN -> Dense) predicts a label column. */
export interface TextConfig extends TrainingControl {
  task: 'text';
  datasetId: string;
  textColumn: string;
  labelColumn: string;
  cell: CellType;
  layers: number;
  hiddenUnits: number;
  bidirectional: boolean;
  embeddingDim: number;
  /** Tokens per review after padding/truncation. */
  maxLength: number;
  /** Vocabulary cap, the two reserved entries ([UNK], [PAD]) included. */
  vocabSize: number;
  /** Words seen fewer times than this in the training split become [UNK]. */
  minFrequency: number;
  /** Which end of a too-long text is cut off. */
  truncate: 'start' | 'end';
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Fractions of a seeded random split, stratified by label: train, validation; test is the rest. */
  split: { train: number; validation: number };
  backend: BackendChoice;
}

export type RunConfig = ForecastConfig | TextConfig;
export type TaskType = RunConfig['task'];

export type RunStatus = 'running' | 'completed' | 'stopped' | 'failed' | 'interrupted';

export interface EpochMetrics {
  epoch: number; // 1-based
  loss: number;
  valLoss: number | null;
  seconds: number;
}

export interface ForecastMetrics {
  mae: number;
  rmse: number;
  /** Percent; null when every target is zero (MAPE undefined). */
  mape: number | null;
  // The fields below are optional: runs logged before they existed lack them.
  /** Targets equal to 0 that MAPE skipped. */
  mapeSkipped?: number;
  /** Symmetric MAPE, percent (0-200). */
  smape?: number;
  /** MAE over the in-sample seasonal naive MAE of the training part; null when that scale is 0 or unknown. */
  mase?: number | null;
  /** Coefficient of determination; null when the truth is constant. */
  r2?: number | null;
  /** Horizon > 1 only: MAE and RMSE of each step ahead (index 0 = one step ahead). */
  byStep?: { mae: number[]; rmse: number[] };
}

/** Naive forecasts scored on the very same windows as the model. */
export type BaselineName = 'persistence' | 'seasonalNaive' | 'windowMean' | 'drift' | 'linear';
export const BASELINE_NAMES: readonly BaselineName[] = ['persistence', 'seasonalNaive', 'windowMean', 'drift', 'linear'];
export const BASELINE_LABELS: Record<BaselineName, string> = {
  persistence: 'persistence',
  seasonalNaive: 'seasonal naive',
  windowMean: 'mean of the window',
  drift: 'drift',
  linear: 'linear regression',
};

export type ForecastBaselines = Partial<Record<BaselineName, ForecastMetrics>>;

/** A run's scores (stored as one JSON document, so the fields after `test` are optional and absent on older runs). */
export interface ForecastRunMetrics {
  validation?: ForecastMetrics;
  test?: ForecastMetrics;
  /** The baseline with the lowest test MAE, and the model's skill against it: 1 - MAE_model / MAE_baseline. */
  skill?: { baseline: BaselineName; value: number };
  /** Steps per season used by seasonal naive and MASE (1 = no season known). */
  seasonalPeriod?: number;
  /** 1-based epoch whose weights were kept and scored; null when a stop came mid-epoch without early stopping. */
  bestEpoch?: number | null;
  /** True when early stopping ended training before the last epoch. */
  stoppedEarly?: boolean;
  /** What each missing-value policy touched. */
  missing?: MissingReport[];
  /** Windows dropped for spanning a gap in time. */
  timeGaps?: TimeGapReport;
  /** What training noticed or chose: early stopping, which code computed the run, a model that could not be saved (absent on older runs). */
  notes?: string[];
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Rows of this class in the scored split. */
  support: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  /** Macro F1: the unweighted mean of the per-class F1 scores. */
  f1: number;
  /** Same order as classNames. */
  perClass: ClassScores[];
  /** Binary tasks only: area under the ROC curve of the second class's probability; null otherwise. */
  rocAuc: number | null;
  /** confusion[truth][predicted], counts, indices as in classNames. */
  confusion: number[][];
  classNames: string[];
}

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

export type SeqlabEvent =
  | { type: 'import-progress'; fileName: string; fraction: number }
  | { type: 'run-started'; runId: number; backend: string }
  | { type: 'run-progress'; runId: number; epoch: number; batch: number; batches: number }
  | { type: 'run-epoch'; runId: number; epoch: EpochMetrics }
  | { type: 'run-finished'; runId: number; status: RunStatus; error: string | null }
  | { type: 'run-paused'; runId: number; paused: boolean }
  | { type: 'sweep-updated'; sweepId: number };

/** What the renderer may call. Every method validates its arguments in main. */
export interface SeqlabApi {
  /** Import a CSV the user dropped or picked. Electron passes its path; the browser uploads it. */
  importFile(file: File): Promise<DatasetSummary>;
  /** Import a bundled sample by name (see `listSamples`). */
  importSample(name: string): Promise<DatasetSummary>;
  listSamples(): Promise<{ name: string; description: string }[]>;
  getBackendInfo(): Promise<BackendInfo>;
  startTraining(config: RunConfig): Promise<{ runId: number }>;
  stopTraining(runId: number): Promise<void>;
  listRuns(): Promise<RunSummary[]>;
  getRun(runId: number): Promise<RunDetail>;
  /** One page of the runs table: filtered, sorted, with the total count (listRuns returns every run). */
  queryRuns(query: RunsQuery): Promise<RunsPage>;
  /** Tags, note, star, archive; returns the updated summary. */
  updateRun(runId: number, patch: RunPatch): Promise<RunSummary>;
  /** Removes a run and everything logged for it; a run still training must be stopped first. */
  deleteRun(runId: number): Promise<void>;
  /** 2-10 runs side by side: summaries, epochs, settings that differ, predictions when comparable. */
  compareRuns(runIds: number[]): Promise<RunComparison>;

  // Issue 3: forecasting in depth.
  /** Re-read a loaded file with the user's choices (date order, time parts, no time); same id if the bytes are the same. */
  reimport(datasetId: string, options: ImportOptions): Promise<DatasetSummary>;
  /** First and last window of each split as the model will see them, the split boundaries, and what the missing-value policies touch. */
  previewWindows(config: ForecastConfig): Promise<WindowPreview>;
  pauseTraining(runId: number): Promise<void>;
  resumeTraining(runId: number): Promise<void>;
  /** Apply a finished run's saved model to a loaded dataset: forecast past its end, or classify its texts. */
  predictWithRun(runId: number, datasetId: string): Promise<PredictionsFromCsv>;
  /** A run's test-split predictions as CSV text (forecast: time, truth, predicted, baselines; text: text, truth, predicted, probability). */
  exportPredictionsCsv(runId: number): Promise<string>;

  // Issue 5: text classification.
  previewText(request: TextPreviewRequest): Promise<TextPreview>;
  /** Classify texts typed by the user with a finished text run's saved model. */
  classifyText(runId: number, texts: string[]): Promise<TextPrediction[]>;
  /** Null for runs without a saved snapshot (forecast runs, older text runs). */
  getEmbedding(runId: number): Promise<EmbeddingSnapshot | null>;

  // Issue 4: experiment log.
  /** "Run again": the same settings on the same file (checked by its fingerprint). */
  rerun(runId: number): Promise<{ runId: number }>;
  startSweep(spec: SweepSpec): Promise<{ sweepId: number }>;
  /** Stops the sweep's running runs and starts no more; resume starts what is left. */
  stopSweep(sweepId: number): Promise<void>;
  resumeSweep(sweepId: number): Promise<void>;
  listSweeps(): Promise<SweepSummary[]>;
  getSweep(sweepId: number): Promise<SweepDetail>;
  /** Every run matching the query (no paging) as CSV text, the table's columns. */
  exportRunsCsv(query: RunsQuery): Promise<string>;
  exportRun(runId: number): Promise<RunBundle>;
  /** Adds a bundle's run to this log (as a new run id); returns its summary. */
  importRun(bundle: RunBundle): Promise<RunSummary>;
  /** Subscribe to progress events; returns an unsubscribe function. */
  onEvent(listener: (event: SeqlabEvent) => void): () => void;
}

/** Error shape that crosses the IPC / WebSocket boundary: a message meant for the user. */
export interface ApiErrorPayload {
  message: string;
}
