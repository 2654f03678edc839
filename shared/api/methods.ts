// Runs in: renderer, preload and main. The API table: each method's name, argument schema and result type, written
// once. SeqlabApi, the WebSocket protocol, the backend's handler map, the preload and the clients derive from it.
import { z } from 'zod';
import { forecastConfigSchema, runConfigSchema } from '../model/run-config';
import type { DatasetSummary } from '../model/dataset';
import type { QueueInfo, RunBundle, SweepDetail, SweepSummary } from '../model/experiments';
import type { WindowPreview } from '../model/forecast-data';
import type { EmbeddingSnapshot, PredictionsFromCsv, TextPrediction, TextPreview } from '../model/inference';
import type { Explanation, ForecastInspection, TextInspection } from '../model/inspect';
import type { RunComparison, RunsPage } from '../model/run-log';
import type { BackendInfo, RunDetail, RunSummary } from '../model/run';
import {
  compareRunIds,
  datasetId,
  fileName,
  filePath,
  importOptionsSchema,
  runBundleSchema,
  runId,
  runPatchSchema,
  runsQuerySchema,
  sampleName,
  sweepId,
  sweepSpecSchema,
  textPreviewRequestSchema,
  textsToClassify,
  uploadId,
} from './schemas';
import { explainOptionsSchema, inspectTargetSchema } from './inspect-schemas';
import type { EvaluationJob } from '../model/evaluation';
import { backtestSpecSchema, jobId, suggestOptionsSchema } from './evaluation-schemas';

/** A method's result type, carried by the table as a type only (the value is an empty object). */
export interface Result<T> {
  readonly resultType?: T;
}
export const result = <T>(): Result<T> => ({});

/** Which host may call a method; absent means both (Electron's preload and the browser mode's socket). */
export type HostName = 'electron' | 'web';

export const methods = {
  /** Electron only: import the CSV at a path that came from a file the user dropped or picked. */
  importPath: { args: z.tuple([filePath]), result: result<DatasetSummary>(), host: 'electron' },
  /** Browser mode only: import a file already sent to `POST /upload` (its `uploadId` comes from that response). */
  importUpload: { args: z.tuple([uploadId, fileName]), result: result<DatasetSummary>(), host: 'web' },
  /** Import a bundled sample by name (see `listSamples`). */
  importSample: { args: z.tuple([sampleName]), result: result<DatasetSummary>() },
  listSamples: { args: z.tuple([]), result: result<{ name: string; description: string }[]>() },
  getBackendInfo: { args: z.tuple([]), result: result<BackendInfo>() },
  startTraining: { args: z.tuple([runConfigSchema]), result: result<{ runId: number }>() },
  stopTraining: { args: z.tuple([runId]), result: result<void>() },
  listRuns: { args: z.tuple([]), result: result<RunSummary[]>() },
  getRun: { args: z.tuple([runId]), result: result<RunDetail>() },
  /** One page of the runs table: filtered, sorted, with the total count (listRuns returns every run). */
  queryRuns: { args: z.tuple([runsQuerySchema]), result: result<RunsPage>() },
  /** Tags, note, star, archive; returns the updated summary. */
  updateRun: { args: z.tuple([runId, runPatchSchema]), result: result<RunSummary>() },
  /** Removes a run and everything logged for it; a run still training must be stopped first. */
  deleteRun: { args: z.tuple([runId]), result: result<void>() },
  /** 2-10 runs side by side: summaries, epochs, settings that differ, predictions when comparable. */
  compareRuns: { args: z.tuple([compareRunIds]), result: result<RunComparison>() },

  // Issue 3: forecasting in depth.
  /** Re-read a loaded file with the user's choices (date order, time parts, no time); same id if the bytes are the same. */
  reimport: { args: z.tuple([datasetId, importOptionsSchema]), result: result<DatasetSummary>() },
  /** First and last window of each split as the model will see them, the split boundaries, and what the missing-value policies touch. */
  previewWindows: { args: z.tuple([forecastConfigSchema]), result: result<WindowPreview>() },
  pauseTraining: { args: z.tuple([runId]), result: result<void>() },
  resumeTraining: { args: z.tuple([runId]), result: result<void>() },
  /** Apply a finished run's saved model to a loaded dataset: forecast past its end, or classify its texts. */
  predictWithRun: { args: z.tuple([runId, datasetId]), result: result<PredictionsFromCsv>() },
  /** A run's test-split predictions as CSV text (forecast: time, truth, predicted, baselines; text: text, truth, predicted, probability). */
  exportPredictionsCsv: { args: z.tuple([runId]), result: result<string>() },

  // Issue 5: text classification.
  previewText: { args: z.tuple([textPreviewRequestSchema]), result: result<TextPreview>() },
  /** Classify texts typed by the user with a finished text run's saved model. */
  classifyText: { args: z.tuple([runId, textsToClassify]), result: result<TextPrediction[]>() },
  /** Null for runs without a saved snapshot (forecast runs, older text runs). */
  getEmbedding: { args: z.tuple([runId]), result: result<EmbeddingSnapshot | null>() },

  // Issue 16: inside the model.
  /** A forecast run's test window ({window}) or a typed text ({text}) through the cell equations with the run's weights. */
  inspectRun: { args: z.tuple([runId, inspectTargetSchema]), result: result<ForecastInspection | TextInspection>() },
  /** Permutation importance per input column and per lag on a forecast run's test error. */
  explainRun: { args: z.tuple([runId, explainOptionsSchema]), result: result<Explanation>() },

  // Issue 4: experiment log.
  /** "Run again": the same settings on the same file (checked by its fingerprint). */
  rerun: { args: z.tuple([runId]), result: result<{ runId: number }>() },
  startSweep: { args: z.tuple([sweepSpecSchema]), result: result<{ sweepId: number }>() },
  /** Stops the sweep's running runs and starts no more; resume starts what is left. */
  stopSweep: { args: z.tuple([sweepId]), result: result<void>() },
  resumeSweep: { args: z.tuple([sweepId]), result: result<void>() },
  listSweeps: { args: z.tuple([]), result: result<SweepSummary[]>() },
  getSweep: { args: z.tuple([sweepId]), result: result<SweepDetail>() },
  /** Whether sweeps can run on workers: the queue this app is connected to (its URL without a password), if any. */
  getQueueInfo: { args: z.tuple([]), result: result<QueueInfo>() },
  /** Every run matching the query (no paging) as CSV text, the table's columns. */
  exportRunsCsv: { args: z.tuple([runsQuerySchema]), result: result<string>() },
  exportRun: { args: z.tuple([runId]), result: result<RunBundle>() },
  /** Adds a bundle's run to this log (as a new run id); returns its summary. */
  importRun: { args: z.tuple([runBundleSchema]), result: result<RunSummary>() },

  // Issue 15: a backtest and "Suggest a setup" from the window, in the background; 'job-updated' events report them.
  /** Rolling-origin backtest of these settings: one run per fold under a parent run. */
  startBacktest: { args: z.tuple([forecastConfigSchema, backtestSpecSchema]), result: result<EvaluationJob>() },
  /** A budgeted search from these settings, logged as a sweep. */
  startSuggest: { args: z.tuple([forecastConfigSchema, suggestOptionsSchema]), result: result<EvaluationJob>() },
  /** Stops a backtest or a search: its runs in flight stop, what finished is kept and reported. */
  stopJob: { args: z.tuple([jobId]), result: result<void>() },
  /** The backtests and searches in flight and the last few finished, oldest first: a reloaded window shows them again. */
  listJobs: { args: z.tuple([]), result: result<EvaluationJob[]>() },
} as const satisfies Record<string, { args: z.ZodTuple; result: Result<unknown>; host?: HostName }>;

export type MethodTable = typeof methods;
export type MethodName = keyof MethodTable;
/** What a caller sends: the schema's input (fields with defaults may be left out). */
export type ParamsOf<K extends MethodName> = z.input<MethodTable[K]['args']>;
/** What a handler receives once the schema accepted the call (defaults filled in). */
export type ArgsOf<K extends MethodName> = z.output<MethodTable[K]['args']>;
export type ResultOf<K extends MethodName> = MethodTable[K]['result'] extends Result<infer R> ? R : never;

/** The methods a given host may call: those of both hosts and its own. */
export type HostMethodName<H extends HostName> = {
  [K in MethodName]: MethodTable[K] extends { host: infer Only } ? (Only extends H ? K : never) : K;
}[MethodName];
/** The methods both hosts offer, which the page calls by name (importPath/importUpload hide behind importFile). */
export type SharedMethodName = {
  [K in MethodName]: MethodTable[K] extends { host: HostName } ? never : K;
}[MethodName];

/** Every method as a caller sees it. */
export type WireMethods = { [K in MethodName]: (...params: ParamsOf<K>) => Promise<ResultOf<K>> };

// Object.keys loses the key type; the table is a literal, so its keys are exactly MethodName.
export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

export function hostOf(name: MethodName): HostName | undefined {
  const spec = methods[name];
  return 'host' in spec ? spec.host : undefined;
}

export function hostMayCall<H extends HostName>(host: H, name: MethodName): name is HostMethodName<H> {
  const only = hostOf(name);
  return only === undefined || only === host;
}

/** The methods a host offers: what Electron registers with ipcMain, what the browser mode's socket answers. */
export function methodNamesFor<H extends HostName>(host: H): HostMethodName<H>[] {
  return METHOD_NAMES.filter((name): name is HostMethodName<H> => hostMayCall(host, name));
}
