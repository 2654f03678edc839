// Runs in: main process (plain Node). How the service imports a CSV: in a worker thread (the app, the browser mode,
// the CLI), or in-process where no built worker exists (unit tests constructing the service from source).
import { Worker } from 'node:worker_threads';
import type { DatasetSummary } from '../../../shared/api';
import { UserError } from '../../../shared/errors';
import type { ImportOptions } from '../../../shared/forecast-data';
import { loadDataset } from './load-dataset';

export interface ImportJob {
  path: string;
  fileName: string;
  importOptions: ImportOptions;
}

export type WorkerMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'summary'; summary: DatasetSummary }
  | { type: 'error'; message: string; userError: boolean };

export type DatasetImporter = (job: ImportJob, onProgress: (fraction: number) => void) => Promise<DatasetSummary>;

export const importInProcess: DatasetImporter = async (job, onProgress) =>
  (await loadDataset(job.path, { fileName: job.fileName, importOptions: job.importOptions, onProgress })).summary;

/** Imports in a fresh worker thread running the built `entryPath` (dist/main/import-worker.js). */
export function workerImporter(entryPath: string): DatasetImporter {
  return (job, onProgress) =>
    new Promise<DatasetSummary>((resolve, reject) => {
      const worker = new Worker(entryPath, { workerData: job });
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        outcome();
        // The summary is here: free the rows now rather than when the worker gets round to exiting.
        void worker.terminate();
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') onProgress(message.fraction);
        else if (message.type === 'summary') settle(() => resolve(message.summary));
        else settle(() => reject(message.userError ? new UserError(message.message) : new Error(message.message)));
      });
      worker.on('error', (error: Error & { code?: string }) =>
        settle(() =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new UserError(`${job.fileName} is too large to import in the memory available: close other programs or import a smaller slice of it.`)
              : error,
          ),
        ),
      );
      worker.on('exit', (code) => settle(() => reject(new Error(`The import of ${job.fileName} stopped unexpectedly (exit code ${code}).`))));
    });
}
