// Runs in: main process (plain Node). How the service imports a CSV: in a worker thread (the app, the browser mode,
// the CLI), or in-process where no built worker exists (unit tests constructing the service from source).
import type { DatasetSummary } from '../../../shared/model/dataset';
import type { ColumnData, RecentColumns } from './columns-in-worker';
import type { ImportJob } from './import-job';
import { loadDataset } from './load-dataset';
import { runWorkerJob } from './worker-job';
import { MessageChannel } from 'node:worker_threads';
import { ByteFeed, FedBytes } from './byte-feed';

export type { ImportJob } from './import-job';

/** What the import worker answers: the summary, and the columns when the job asked for them. */
export interface ImportReply {
  summary: DatasetSummary;
  columns?: ColumnData;
}

/** `feed`: an upload's bytes as they arrive (job.streamedBytes is then set), parsed while the file is written. */
export type DatasetImporter = (job: ImportJob, onProgress: (fraction: number) => void, feed?: ByteFeed) => Promise<DatasetSummary>;

export const importInProcess: DatasetImporter = async (job, onProgress, feed) => {
  // The same hand-over as the worker's, through a channel of this thread.
  const channel = feed ? new MessageChannel() : null;
  try {
    if (feed && channel) feed.attach((message) => channel.port1.postMessage(message));
    const source = feed && channel ? new FedBytes(channel.port2, job.path, feed.size) : undefined;
    return (await loadDataset(job.path, { fileName: job.fileName, importOptions: job.importOptions, onProgress, source })).summary;
  } finally {
    channel?.port1.close();
  }
};

/** Imports in a fresh worker thread running the built `entryPath` (dist/main/import-worker.js). Given `recent`, the
 * worker also hands back the file's columns (transferred, not copied) and they wait there for the window preview. */
export function workerImporter(entryPath: string, recent?: RecentColumns): DatasetImporter {
  return async (job, onProgress, feed) => {
    const reply = await runWorkerJob<ImportJob, ImportReply>(entryPath, { ...job, withColumns: recent !== undefined }, {
      onProgress,
      attach: feed ? (send) => feed.attach(send) : undefined,
      outOfMemoryMessage: `${job.fileName} is too large to import in the memory available: close other programs or import a smaller slice of it.`,
      stoppedMessage: (code) => `The import of ${job.fileName} stopped unexpectedly (exit code ${code}).`,
    });
    if (reply.columns) recent?.put(job.path, reply.summary.importOptions ?? {}, reply.columns);
    return reply.summary;
  };
}
