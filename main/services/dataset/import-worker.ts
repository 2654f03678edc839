// Runs in: a worker thread of the main process (plain Node). One import, off the main thread: parsing, typing and
// sorting a 1,000,000-row file takes seconds of solid CPU, which on the main thread would freeze the window.
// Progress goes back as messages, then the summary; the rows die with the worker.
import { parentPort, workerData } from 'node:worker_threads';
import { loadDataset } from './load-dataset';
import { isUserError } from '../../../shared/errors';
import type { ImportJob, WorkerMessage } from './import-in-worker';

const port = parentPort;
if (port === null) throw new Error('import-worker must run as a worker thread.');
const post = (message: WorkerMessage) => port.postMessage(message);
const job = workerData as ImportJob;

loadDataset(job.path, {
  fileName: job.fileName,
  importOptions: job.importOptions,
  onProgress: (fraction) => post({ type: 'progress', fraction }),
}).then(
  ({ summary }) => post({ type: 'summary', summary }),
  (error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error), userError: isUserError(error) }),
);
