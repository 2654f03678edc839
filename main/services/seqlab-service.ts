// Runs in: main process (plain Node). The API's implementation, shared by Electron IPC, the browser mode and the CLI.
// Callers validate arguments first (see api-dispatch.ts); this class checks what needs the data (columns, sizes).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type {
  BackendInfo,
  DatasetSummary,
  ForecastConfig,
  RunConfig,
  RunDetail,
  RunSummary,
  SeqlabEvent,
} from '../../shared/api';
import { UserError } from '../../shared/errors';
import { checkTextColumns } from '../../shared/text-columns';
import { loadDataset } from './dataset/load-dataset';
import { compareRuns } from './run-compare';
import type { RunComparison, RunPatch, RunsPage, RunsQuery } from '../../shared/run-log';
import type { RunStore } from './run-store';
import type { RunBundle, SweepDetail, SweepSpec, SweepSummary } from '../../shared/experiments';
import type { ImportOptions, WindowPreview } from '../../shared/forecast-data';
import type { EmbeddingSnapshot, PredictionsFromCsv, TextPrediction, TextPreview, TextPreviewRequest } from '../../shared/inference';
import { TrainingManager } from './training-manager';
import type { TrainerLauncher } from './trainer-launcher';
import { SAMPLE_DESCRIPTIONS } from './samples';

export interface ServiceOptions {
  store: RunStore;
  launcher: TrainerLauncher;
  /** Folder of bundled sample CSVs. */
  samplesDir: string;
  /** Where browser uploads are written before they are imported. */
  uploadsDir: string;
}

interface KnownDataset {
  path: string;
  summary: DatasetSummary;
}

/** 200 MB: far above any CSV we expect, low enough that a mistaken drop cannot fill memory. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export class SeqlabService {
  readonly training: TrainingManager;
  private readonly datasets = new Map<string, KnownDataset>();
  private readonly listeners = new Set<(event: SeqlabEvent) => void>();
  private backendInfo?: Promise<BackendInfo>;

  constructor(private readonly options: ServiceOptions) {
    options.store.markInterruptedRuns();
    this.training = new TrainingManager(options.store, options.launcher, (event) => this.emit(event));
  }

  onEvent(listener: (event: SeqlabEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: SeqlabEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  async importPath(path: string, fileName = basename(path)): Promise<DatasetSummary> {
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new UserError(`There is no file at ${path}: choose an existing CSV file.`);
    }
    const dataset = await loadDataset(path, {
      fileName,
      onProgress: (fraction) => this.emit({ type: 'import-progress', fileName, fraction }),
    });
    this.datasets.set(dataset.summary.id, { path, summary: dataset.summary });
    return dataset.summary;
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
    // Loaded on first use: TensorFlow.js takes a second to import, which the CLI and start-up should not pay.
    this.backendInfo ??= import('../trainer/backend').then((backend) => backend.probeBackends());
    return this.backendInfo;
  }

  async startTraining(config: RunConfig): Promise<{ runId: number }> {
    const dataset = this.datasets.get(config.datasetId);
    if (!dataset) {
      throw new UserError('That dataset is not loaded in this session: import the CSV again, then press Train.');
    }
    if (config.task === 'text') checkTextColumns(config, dataset.summary);
    else checkConfigAgainstData(config, dataset.summary);
    const { summary } = dataset;
    const runId = this.training.start(config, {
      path: dataset.path,
      fingerprint: { fileName: summary.fileName, sizeBytes: summary.sizeBytes, sha256: summary.sha256, rowsUsed: summary.rowsUsed },
    });
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
  }

  async compareRuns(runIds: number[]): Promise<RunComparison> {
    return compareRuns(this.options.store, runIds);
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async reimport(_datasetId: string, _options: ImportOptions): Promise<DatasetSummary> {
    throw new UserError('reimport is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async previewWindows(_config: ForecastConfig): Promise<WindowPreview> {
    throw new UserError('previewWindows is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async pauseTraining(_runId: number): Promise<void> {
    throw new UserError('pauseTraining is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async resumeTraining(_runId: number): Promise<void> {
    throw new UserError('resumeTraining is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async predictWithRun(_runId: number, _datasetId: string): Promise<PredictionsFromCsv> {
    throw new UserError('predictWithRun is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async exportPredictionsCsv(_runId: number): Promise<string> {
    throw new UserError('exportPredictionsCsv is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async previewText(_request: TextPreviewRequest): Promise<TextPreview> {
    throw new UserError('previewText is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async classifyText(_runId: number, _texts: string[]): Promise<TextPrediction[]> {
    throw new UserError('classifyText is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async getEmbedding(_runId: number): Promise<EmbeddingSnapshot | null> {
    throw new UserError('getEmbedding is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async rerun(_runId: number): Promise<{ runId: number }> {
    throw new UserError('rerun is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async startSweep(_spec: SweepSpec): Promise<{ sweepId: number }> {
    throw new UserError('startSweep is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async stopSweep(_sweepId: number): Promise<void> {
    throw new UserError('stopSweep is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async resumeSweep(_sweepId: number): Promise<void> {
    throw new UserError('resumeSweep is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async listSweeps(): Promise<SweepSummary[]> {
    throw new UserError('listSweeps is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async getSweep(_sweepId: number): Promise<SweepDetail> {
    throw new UserError('getSweep is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async exportRunsCsv(_query: RunsQuery): Promise<string> {
    throw new UserError('exportRunsCsv is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async exportRun(_runId: number): Promise<RunBundle> {
    throw new UserError('exportRun is not built yet.');
  }

  // PLACEHOLDER: replaced by the helper that builds it.
  async importRun(_bundle: RunBundle): Promise<RunSummary> {
    throw new UserError('importRun is not built yet.');
  }

  shutdown(): void {
    this.training.shutdown();
  }
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
    if (column.type !== 'number') {
      throw new UserError(`${role} column "${name}" holds ${column.type} values, not numbers: choose a numeric column.`);
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
