// Runs in: renderer and main (types only). The one contract between the UI and the backend.
// Electron's preload and the browser mode's WebSocket client both implement `SeqlabApi`;
// main implements the same methods in `main/services/seqlab-service.ts`.

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
}

export type CellType = 'SimpleRNN' | 'GRU' | 'LSTM';
export const CELL_TYPES: readonly CellType[] = ['SimpleRNN', 'GRU', 'LSTM'];

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;

export interface ForecastConfig {
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
}

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
  /** null when every target is zero (MAPE undefined). */
  mape: number | null;
}

export interface DatasetFingerprint {
  fileName: string;
  sizeBytes: number;
  sha256: string;
  rowsUsed: number;
}

export interface RunSummary {
  id: number;
  createdAt: string; // ISO
  finishedAt: string | null;
  status: RunStatus;
  error: string | null;
  config: ForecastConfig;
  dataset: DatasetFingerprint;
  backend: string | null;
  epochsRun: number;
  trainSeconds: number | null;
  trainSamplesPerSecond: number | null;
  metrics: { validation?: ForecastMetrics; test?: ForecastMetrics } | null;
  baselines: { persistence?: ForecastMetrics } | null;
}

export interface PredictionSeries {
  /** Epoch ms of each predicted step (test range), or null when the data has no time column. */
  times: number[] | null;
  truth: number[];
  predicted: number[];
  persistence: number[];
}

export interface RunDetail extends RunSummary {
  epochs: EpochMetrics[];
  predictions: PredictionSeries | null;
}

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
  | { type: 'run-finished'; runId: number; status: RunStatus; error: string | null };

/** What the renderer may call. Every method validates its arguments in main. */
export interface SeqlabApi {
  /** Import a CSV the user dropped or picked. Electron passes its path; the browser uploads it. */
  importFile(file: File): Promise<DatasetSummary>;
  /** Import a bundled sample by name (see `listSamples`). */
  importSample(name: string): Promise<DatasetSummary>;
  listSamples(): Promise<{ name: string; description: string }[]>;
  getBackendInfo(): Promise<BackendInfo>;
  startTraining(config: ForecastConfig): Promise<{ runId: number }>;
  stopTraining(runId: number): Promise<void>;
  listRuns(): Promise<RunSummary[]>;
  getRun(runId: number): Promise<RunDetail>;
  /** Subscribe to progress events; returns an unsubscribe function. */
  onEvent(listener: (event: SeqlabEvent) => void): () => void;
}

/** Error shape that crosses the IPC / WebSocket boundary: a message meant for the user. */
export interface ApiErrorPayload {
  message: string;
}
