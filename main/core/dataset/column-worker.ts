// Runs in: a worker thread of the main process (plain Node). Reads a file's forecast columns for the window preview
// off the main thread, and hands them back as transferred typed arrays; the parsed rows die with the worker.
import type { ImportJob } from './import-in-worker';
import { columnData, type ColumnData } from './columns-in-worker';
import { loadDataset } from './load-dataset';
import { serveWorkerJob } from './worker-job';

serveWorkerJob<ImportJob, ColumnData>(async (job) => {
  const data = columnData(await loadDataset(job.path, { fileName: job.fileName, importOptions: job.importOptions }));
  const transfer = [data.time, ...Object.values(data.numbers)].filter((a): a is Float64Array => a !== null).map((a) => a.buffer as ArrayBuffer);
  return { value: data, transfer };
});
