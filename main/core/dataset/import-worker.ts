// Runs in: a worker thread of the main process (plain Node). One import, off the main thread: parsing, typing and
// sorting a 1,000,000-row file takes seconds of solid CPU, which on the main thread would freeze the window.
// Progress goes back as messages, then the summary; the rows die with the worker.
import type { ImportJob, ImportReply } from './import-in-worker';
import { columnData } from './columns-in-worker';
import { loadDataset } from './load-dataset';
import { serveWorkerJob } from './worker-job';
import { parentPort } from 'node:worker_threads';
import { FedBytes } from './byte-feed';

serveWorkerJob<ImportJob, ImportReply>(async (job, onProgress) => {
  const source = job.streamedBytes === undefined ? undefined : new FedBytes(parentPort!, job.path, job.streamedBytes);
  const loaded = await loadDataset(job.path, { fileName: job.fileName, importOptions: job.importOptions, onProgress, source });
  if (!job.withColumns) return { value: { summary: loaded.summary } };
  // The window preview's columns, read now rather than by a second parse of the file (typed arrays move, not copy).
  const columns = columnData(loaded);
  const transfer = [columns.time, ...Object.values(columns.numbers)].filter((a): a is Float64Array => a !== null).map((a) => a.buffer as ArrayBuffer);
  return { value: { summary: loaded.summary, columns }, transfer };
});
