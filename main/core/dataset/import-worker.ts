// Runs in: a worker thread of the main process (plain Node). One import, off the main thread: parsing, typing and
// sorting a 1,000,000-row file takes seconds of solid CPU, which on the main thread would freeze the window.
// Progress goes back as messages, then the summary; the rows die with the worker.
import type { DatasetSummary } from '../../../shared/model/dataset';
import type { ImportJob } from './import-in-worker';
import { loadDataset } from './load-dataset';
import { serveWorkerJob } from './worker-job';

serveWorkerJob<ImportJob, DatasetSummary>(async (job, onProgress) => {
  const { summary } = await loadDataset(job.path, { fileName: job.fileName, importOptions: job.importOptions, onProgress });
  return { value: summary };
});
