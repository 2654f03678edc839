// Runs in: renderer and main (types only). The one contract between the UI and the backend: events and the
// SeqlabApi that Electron's preload and the browser mode's WebSocket client both implement.
import type { ForecastConfig, RunConfig } from '../model/config';
import type { DatasetSummary } from '../model/dataset';
import type { RunBundle, SweepDetail, SweepSpec, SweepSummary } from '../model/experiments';
import type { ImportOptions, WindowPreview } from '../model/forecast-data';
import type { EmbeddingSnapshot, PredictionsFromCsv, TextPrediction, TextPreview, TextPreviewRequest } from '../model/inference';
import type { EpochMetrics } from '../model/metrics';
import type { RunComparison, RunPatch, RunsPage, RunsQuery } from '../model/run-log';
import type { BackendInfo, RunDetail, RunStatus, RunSummary } from '../model/run';

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
