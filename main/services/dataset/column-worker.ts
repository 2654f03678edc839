// Runs in: a worker thread of the main process (plain Node). Reads a file's forecast columns for the window preview
// off the main thread, and hands them back as transferred typed arrays; the parsed rows die with the worker.
import { parentPort, workerData } from 'node:worker_threads';
import { isUserError } from '../../../shared/errors';
import type { ImportJob } from './import-in-worker';
import { columnData, type ColumnMessage } from './columns-in-worker';
import { loadDataset } from './load-dataset';

const port = parentPort;
if (port === null) throw new Error('column-worker must run as a worker thread.');
const job = workerData as ImportJob;

loadDataset(job.path, { fileName: job.fileName, importOptions: job.importOptions }).then(
  (loaded) => {
    const data = columnData(loaded);
    const buffers = [data.time, ...Object.values(data.numbers)].filter((a): a is Float64Array => a !== null).map((a) => a.buffer as ArrayBuffer);
    port.postMessage({ type: 'columns', data } satisfies ColumnMessage, buffers);
  },
  (error: unknown) =>
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error), userError: isUserError(error) } satisfies ColumnMessage),
);
