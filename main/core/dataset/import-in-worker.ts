// Runs in: main process (plain Node). How the service imports a CSV: in a worker thread (the app, the browser mode,
// the CLI), or in-process where no built worker exists (unit tests constructing the service from source).
import type { DatasetSummary } from '../../../shared/model/dataset';
import type { ImportOptions } from '../../../shared/model/forecast-data';
import { loadDataset } from './load-dataset';
import { runWorkerJob } from './worker-job';

export interface ImportJob {
  path: string;
  fileName: string;
  importOptions: ImportOptions;
}

export type DatasetImporter = (job: ImportJob, onProgress: (fraction: number) => void) => Promise<DatasetSummary>;

export const importInProcess: DatasetImporter = async (job, onProgress) =>
  (await loadDataset(job.path, { fileName: job.fileName, importOptions: job.importOptions, onProgress })).summary;

/** Imports in a fresh worker thread running the built `entryPath` (dist/main/import-worker.js). */
export function workerImporter(entryPath: string): DatasetImporter {
  return (job, onProgress) =>
    runWorkerJob<ImportJob, DatasetSummary>(entryPath, job, {
      onProgress,
      outOfMemoryMessage: `${job.fileName} is too large to import in the memory available: close other programs or import a smaller slice of it.`,
      stoppedMessage: (code) => `The import of ${job.fileName} stopped unexpectedly (exit code ${code}).`,
    });
}
