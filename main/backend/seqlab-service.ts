// Runs in: main process (plain Node). The API's implementation, shared by Electron IPC, the browser mode and the CLI.
// Callers validate arguments first (see api-dispatch.ts); this class checks what needs the data (columns, sizes).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { SeqlabEvent } from '../../shared/api/seqlab-api';
import type { ForecastConfig, RunConfig } from '../../shared/model/config';
import type { DatasetSummary } from '../../shared/model/dataset';
import type { BackendInfo, RunDetail, RunSummary } from '../../shared/model/run';
import { UserError } from '../../shared/util/errors';
import { checkTextColumns } from '../../shared/model/text-columns';
import { importInProcess, type DatasetImporter } from '../core/dataset/import-in-worker';
import { compareRuns } from './runs/run-compare';
import { exportRun, importRun } from './experiments/run-bundle';
import { exportRunsCsv } from './runs/runs-csv';
import type { RunComparison, RunPatch, RunsPage, RunsQuery } from '../../shared/model/run-log';
import type { RunLog } from './run-log/run-log';
import type { RunBundle, SweepDetail, SweepSpec, SweepSummary } from '../../shared/model/experiments';
import type { ImportOptions, WindowPreview } from '../../shared/model/forecast-data';
import type { EmbeddingSnapshot, PredictionsFromCsv, TextPrediction, TextPreview, TextPreviewRequest } from '../../shared/model/inference';
import { TrainingManager, type RunHooks } from './training/training-manager';
import { probeBackendsInTrainer } from './training/backend-probe';
import { SweepRunner } from './experiments/sweep-runner';
import { rerun } from './experiments/rerun';
import { runProvenance } from './experiments/provenance';
import type { DatasetSource } from './experiments/find-dataset';
import { removeRunFiles } from '../core/run-files';
import { classifyText, exportPredictionsCsv, predictWithRun } from './runs/run-predictions';
import { previewText } from './datasets/text-preview';
import { readEmbedding } from './runs/run-embedding';
import { runFilesDir } from '../core/run-files';
import { isTextRun } from '../../shared/model/run';
import type { TrainerLauncher } from './training/trainer-launcher';
import { SAMPLE_DESCRIPTIONS } from './datasets/samples';
import { WindowPreviews } from './datasets/window-preview';
import type { ColumnLoader } from '../core/dataset/columns-in-worker';
import { MAX_CATEGORIES } from '../core/forecast/categorical';

export interface ServiceOptions {
  store: RunLog;
  launcher: TrainerLauncher;
  /** Folder of bundled sample CSVs. */
  samplesDir: string;
  /** Where browser uploads are written before they are imported. */
  uploadsDir: string;
  /** How CSVs are imported (createService: in a worker thread); in-process when absent. */
  importer?: DatasetImporter;
  /** How the window preview reads a file's columns; in-process by default (see columns-in-worker.ts). */
  columnLoader?: ColumnLoader;
}

interface KnownDataset {
  path: string;
  summary: DatasetSummary;
}

/** 200 MB: far above any CSV we expect, low enough that a mistaken drop cannot fill memory. */
/** Where a run comes from, recorded with it when it is created (issue 4). */
export interface RunOrigin extends RunHooks {
  sweepId?: number;
  rerunOf?: number;
}

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export class SeqlabService {
  readonly training: TrainingManager;
  readonly sweeps: SweepRunner;
  private readonly datasets = new Map<string, KnownDataset>();
  private readonly previews: WindowPreviews;
  private readonly listeners = new Set<(event: SeqlabEvent) => void>();
  private backendInfo?: Promise<BackendInfo>;

  constructor(private readonly options: ServiceOptions) {
    options.store.markInterruptedRuns();
    this.previews = new WindowPreviews(options.columnLoader);
    this.training = new TrainingManager(options.store, options.launcher, (event) => this.emit(event));
    this.sweeps = new SweepRunner({
      store: options.store,
      datasets: this.datasetSource,
      checkAgainstData,
      startTraining: (config, origin) => this.startTraining(config, origin),
      stopRun: (runId) => this.training.stop(runId),
      waitFor: (runId) => this.training.waitFor(runId),
      emit: (event) => this.emit(event),
    });
  }

  onEvent(listener: (event: SeqlabEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: SeqlabEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  async importPath(path: string, fileName = basename(path), importOptions: ImportOptions = {}): Promise<DatasetSummary> {
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new UserError(`There is no file at ${path}: choose an existing CSV file.`);
    }
    const importer = this.options.importer ?? importInProcess;
    const summary = await importer({ path, fileName, importOptions }, (fraction) =>
      this.emit({ type: 'import-progress', fileName, fraction }),
    );
    this.datasets.set(summary.id, { path, summary });
    return summary;
  }

  /** Browser mode: keep the uploaded bytes in a file, so the trainer process can read them like any CSV. */
  async saveUpload(bytes: Buffer): Promise<string> {
    if (bytes.length > MAX_UPLOAD_BYTES) {
      throw new UserError(`The file is ${Math.round(bytes.length / 1e6)} MB; Seqlab accepts CSV files up to ${MAX_UPLOAD_BYTES / 1e6} MB.`);
    }
    mkdirSync(this.options.uploadsDir, { recursive: true });
    const uploadId = randomBytes(16).toString('hex');
    await writeFile(join(this.options.uploadsDir, `${uploadId}.csv`), bytes);
    return uploadId;
  }

  importUpload(uploadId: string, fileName: string): Promise<DatasetSummary> {
    const path = join(this.options.uploadsDir, `${uploadId}.csv`);
    if (!existsSync(path)) throw new UserError('That upload is no longer on the server: drop the file again.');
    return this.importPath(path, basename(fileName));
  }

  async listSamples(): Promise<{ name: string; description: string }[]> {
    if (!existsSync(this.options.samplesDir)) return [];
    return readdirSync(this.options.samplesDir)
      .filter((file) => extname(file).toLowerCase() === '.csv')
      .sort()
      .map((name) => ({ name, description: SAMPLE_DESCRIPTIONS[name] ?? name }));
  }

  async importSample(name: string): Promise<DatasetSummary> {
    const samples = await this.listSamples();
    if (!samples.some((sample) => sample.name === name)) {
      throw new UserError(`There is no sample named "${name}": choose one of ${samples.map((s) => s.name).join(', ')}.`);
    }
    return this.importPath(join(this.options.samplesDir, name), name);
  }

  getBackendInfo(): Promise<BackendInfo> {
    // Asked once, of a trainer process: TensorFlow.js takes a second to load, which start-up should not pay, and
    // never loads into the main process. A failed probe is asked again next time.
    this.backendInfo ??= probeBackendsInTrainer(this.options.launcher).catch((error: unknown) => {
      this.backendInfo = undefined;
      throw error;
    });
    return this.backendInfo;
  }

  /** `origin` is for the service's own callers (sweeps, reruns); the API passes the config alone. */
  async startTraining(config: RunConfig, origin: RunOrigin = {}): Promise<{ runId: number }> {
    const dataset = this.datasets.get(config.datasetId);
    if (!dataset) {
      throw new UserError('That dataset is not loaded in this session: import the CSV again, then press Train.');
    }
    checkAgainstData(config, dataset.summary);
    const { summary } = dataset;
    const provenance = runProvenance(dataset.path, summary.importOptions);
    const { sweepId, rerunOf, ...hooks } = origin;
    const runId = this.training.start(
      config,
      {
        path: dataset.path,
        fingerprint: { fileName: summary.fileName, sizeBytes: summary.sizeBytes, sha256: summary.sha256, rowsUsed: summary.rowsUsed },
        importOptions: summary.importOptions,
      },
      {
        ...hooks,
        onCreated: (id) => {
          this.options.store.setRunOrigin(id, { provenance, sweepId, rerunOf });
          hooks.onCreated?.(id);
        },
      },
    );
    return { runId };
  }

  async stopTraining(runId: number): Promise<void> {
    if (!this.training.stop(runId)) throw new UserError(`Run ${runId} is not training.`);
  }

  async listRuns(): Promise<RunSummary[]> {
    return this.options.store.listRuns();
  }

  async getRun(runId: number): Promise<RunDetail> {
    return this.options.store.getRun(runId);
  }

  async queryRuns(query: RunsQuery): Promise<RunsPage> {
    return this.options.store.queryRuns(query);
  }

  async updateRun(runId: number, patch: RunPatch): Promise<RunSummary> {
    return this.options.store.updateRun(runId, patch);
  }

  async deleteRun(runId: number): Promise<void> {
    if (this.training.isActive(runId)) throw new UserError(`Run ${runId} is still training: stop it first, then delete it.`);
    this.options.store.deleteRun(runId);
    removeRunFiles(this.options.store.path, runId);
  }

  async compareRuns(runIds: number[]): Promise<RunComparison> {
    return compareRuns(this.options.store, runIds);
  }

  /** Reads a known dataset's file again with the user's choices (date order, time parts, no time). */
  async reimport(datasetId: string, options: ImportOptions): Promise<DatasetSummary> {
    const dataset = this.datasets.get(datasetId);
    if (!dataset) throw new UserError('That dataset is not loaded in this session: import the CSV again, then choose.');
    return this.importPath(dataset.path, dataset.summary.fileName, options);
  }

  async previewWindows(config: ForecastConfig): Promise<WindowPreview> {
    const dataset = this.datasets.get(config.datasetId);
    if (dataset) checkConfigAgainstData(config, dataset.summary);
    return this.previews.preview(config, dataset);
  }

  async pauseTraining(runId: number): Promise<void> {
    if (!this.training.pause(runId)) throw new UserError(`Run ${runId} is not training, so there is nothing to pause.`);
  }

  async resumeTraining(runId: number): Promise<void> {
    if (!this.training.resume(runId)) throw new UserError(`Run ${runId} is not training, so there is nothing to resume.`);
  }

  async predictWithRun(runId: number, datasetId: string): Promise<PredictionsFromCsv> {
    return predictWithRun(this.options, runId, this.datasets.get(datasetId));
  }

  async exportPredictionsCsv(runId: number): Promise<string> {
    return exportPredictionsCsv(this.options.store, runId);
  }

  async previewText(request: TextPreviewRequest): Promise<TextPreview> {
    const dataset = this.datasets.get(request.datasetId);
    if (!dataset) throw new UserError('That dataset is not loaded in this session: import the CSV again to see its preview.');
    return previewText(request, dataset);
  }

  async classifyText(runId: number, texts: string[]): Promise<TextPrediction[]> {
    return classifyText(this.options, runId, texts);
  }

  async getEmbedding(runId: number): Promise<EmbeddingSnapshot | null> {
    const run = this.options.store.getRun(runId);
    return isTextRun(run) ? readEmbedding(runFilesDir(this.options.store.path, runId)) : null;
  }

  async rerun(runId: number): Promise<{ runId: number }> {
    return rerun({ store: this.options.store, datasets: this.datasetSource, startTraining: (c, o) => this.startTraining(c, o) }, runId);
  }

  async startSweep(spec: SweepSpec): Promise<{ sweepId: number }> {
    const { sweepId } = await this.sweeps.start(spec);
    return { sweepId };
  }

  async stopSweep(sweepId: number): Promise<void> {
    return this.sweeps.stop(sweepId);
  }

  async resumeSweep(sweepId: number): Promise<void> {
    return this.sweeps.resume(sweepId);
  }

  async listSweeps(): Promise<SweepSummary[]> {
    return this.sweeps.list();
  }

  async getSweep(sweepId: number): Promise<SweepDetail> {
    return this.sweeps.get(sweepId);
  }

  /** Datasets by id or content, for reruns and resumed sweeps that look for the data an earlier run used. */
  private readonly datasetSource: DatasetSource = {
    loaded: (idOrSha) =>
      this.datasets.get(idOrSha)?.summary ?? [...this.datasets.values()].find((d) => d.summary.sha256 === idOrSha)?.summary,
    importPath: (path, fileName, importOptions) => this.importPath(path, fileName, importOptions),
  };

  async exportRunsCsv(query: RunsQuery): Promise<string> {
    return exportRunsCsv(this.options.store, query);
  }

  async exportRun(runId: number): Promise<RunBundle> {
    return exportRun(this.options.store, runId);
  }

  async importRun(bundle: RunBundle): Promise<RunSummary> {
    return importRun(this.options.store, bundle);
  }

  shutdown(): void {
    this.sweeps.shutdown(); // first, so the killed runs do not make room for new ones
    this.training.shutdown();
  }
}

/** Either task's checks against the data it will train on. */
export function checkAgainstData(config: RunConfig, summary: DatasetSummary): void {
  if (config.task === 'text') checkTextColumns(config, summary);
  else checkConfigAgainstData(config, summary);
}

/** Checks that need the dataset's columns: cheap, so bad settings fail before a process starts. */
export function checkConfigAgainstData(config: ForecastConfig, summary: DatasetSummary): void {
  for (const name of new Set([config.target, ...config.features])) {
    const column = summary.columns.find((c) => c.name === name);
    const role = name === config.target ? 'Target' : 'Input';
    if (!column) throw new UserError(`${role} column "${name}" is not in ${summary.fileName}: choose one of its columns.`);
    if (column.type === 'empty') {
      throw new UserError(`${role} column "${name}" is empty in every row: choose a column with values.`);
    }
    if (column.type === 'category' && role === 'Input') {
      // The training split may hold fewer; the file's count is the early, cheap check (prepare-data checks the split).
      if (column.distinct > MAX_CATEGORIES) {
        throw new UserError(
          `Input column "${name}" has ${column.distinct} categories; one-hot encoding takes at most ${MAX_CATEGORIES}: leave it out of the inputs.`,
        );
      }
      continue;
    }
    if (column.type !== 'number') {
      throw new UserError(
        role === 'Target'
          ? `Target column "${name}" holds ${column.type} values, not numbers: choose a numeric column.`
          : `Input column "${name}" holds ${column.type} values: choose a numeric or category column.`,
      );
    }
  }
  const trainRows = Math.floor(summary.rowsUsed * config.split.train);
  if (config.window + config.horizon > trainRows) {
    throw new UserError(
      `Window ${config.window} + horizon ${config.horizon} needs at least ${config.window + config.horizon} rows in the ` +
        `training split, which has ${trainRows} of the file's ${summary.rowsUsed} rows: use a smaller window or a longer file.`,
    );
  }
}
