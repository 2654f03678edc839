// Runs in: main process and its worker threads (plain Node). One job in a fresh worker thread: progress messages,
// then one result or one error. The main side terminates the worker as soon as the answer is in, so the parsed rows
// it holds are freed at once rather than when it gets round to exiting.
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { UserError, isUserError } from '../../../shared/util/errors';
import { markStage } from '../stage-timing';

export type WorkerReply<T> =
  | { type: 'progress'; fraction: number }
  | { type: 'result'; value: T }
  | { type: 'error'; message: string; userError: boolean };

export interface WorkerJobOptions {
  onProgress?: (fraction: number) => void;
  /** The user's message when the worker runs out of memory. */
  outOfMemoryMessage: string;
  /** The message when the worker exits without an answer. */
  stoppedMessage: (code: number) => string;
  /** Given the worker's postMessage once it exists: for jobs fed more input while they run (see byte-feed.ts). */
  attach?: (send: (message: unknown) => void) => void;
}

/**
 * The worker's young generation, in MB (V8's default lets it grow to ~48). Reading a CSV makes a short-lived string
 * per cell: a smaller nursery is swept more often, as fast here, and keeps ~10 MB less resident during a big import.
 */
const YOUNG_GENERATION_MB = 8;

/** Main side: runs `entryPath` (a built worker that calls serveWorkerJob) on `job`. */
export function runWorkerJob<J, T>(entryPath: string, job: J, options: WorkerJobOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    markStage('worker:start');
    const worker = new Worker(entryPath, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    worker.once('online', () => markStage('worker:online'));
    options.attach?.((message) => worker.postMessage(message));
    let firstProgress = true;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (reply: WorkerReply<T>) => {
      if (reply.type === 'progress') {
        if (firstProgress) markStage('worker:first-progress');
        firstProgress = false;
        options.onProgress?.(reply.fraction);
      } else if (reply.type === 'result') {
        markStage('worker:result');
        settle(() => resolve(reply.value));
      } else settle(() => reject(reply.userError ? new UserError(reply.message) : new Error(reply.message)));
    });
    worker.on('error', (error: Error & { code?: string }) =>
      settle(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new UserError(options.outOfMemoryMessage) : error)),
    );
    worker.on('exit', (code) => settle(() => reject(new Error(options.stoppedMessage(code)))));
  });
}

/** Worker side: runs `work` on the job the main side sent, and posts its progress and its one answer. Typed arrays
 * listed in `transfer` move to the main thread instead of being copied. */
export function serveWorkerJob<J, T>(
  work: (job: J, onProgress: (fraction: number) => void) => Promise<{ value: T; transfer?: ArrayBuffer[] }>,
): void {
  const port = parentPort;
  if (port === null) throw new Error('This module must run as a worker thread.');
  const post = (reply: WorkerReply<T>, transfer?: ArrayBuffer[]) => port.postMessage(reply, transfer);
  work(workerData as J, (fraction) => post({ type: 'progress', fraction })).then(
    ({ value, transfer }) => post({ type: 'result', value }, transfer),
    (error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error), userError: isUserError(error) }),
  );
}
