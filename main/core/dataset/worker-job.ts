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

/** What a worker started ahead of its job gets as workerData: wait for the job as the first message. */
const WAIT_FOR_JOB = { seqlabWaitForJob: true } as const;
/** A started, idle worker per entry that asked for one (see keepWorkerWarm). */
const warm = new Map<string, Worker>();
/** After a job took the warm worker, the next one starts this much later: not while the job's answer is being used. */
const REWARM_DELAY_MS = 1500;

function startWorker(entryPath: string, workerData: unknown): Worker {
  return new Worker(entryPath, { workerData, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
}

/**
 * Keeps one worker of `entryPath` started and idle, so a job does not wait for a thread to boot (under load a few
 * hundred ms, on the path from choosing a file to its preview). Each job that takes it starts the next one a little
 * later. Idle, it does not keep the process alive. Hosts that serve a window call this; the CLI does not.
 */
export function keepWorkerWarm(entryPath: string): void {
  if (warm.has(entryPath)) return;
  const worker = startWorker(entryPath, WAIT_FOR_JOB);
  worker.unref();
  // An idle worker that fails or exits is simply not used; the next job starts its own.
  worker.on('error', () => warm.get(entryPath) === worker && warm.delete(entryPath));
  worker.on('exit', () => warm.get(entryPath) === worker && warm.delete(entryPath));
  warm.set(entryPath, worker);
}

/** Ends the idle workers (a host shutting down, tests). */
export async function endWarmWorkers(): Promise<void> {
  const workers = [...warm.values()];
  warm.clear();
  await Promise.all(workers.map((worker) => worker.terminate()));
}

/** Main side: runs `entryPath` (a built worker that calls serveWorkerJob) on `job`, in the warm worker if one waits. */
export function runWorkerJob<J, T>(entryPath: string, job: J, options: WorkerJobOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    markStage('worker:start');
    const idle = warm.get(entryPath);
    warm.delete(entryPath);
    const worker = idle ?? startWorker(entryPath, job);
    if (idle) {
      idle.ref();
      idle.removeAllListeners();
      idle.postMessage({ seqlabJob: job });
      setTimeout(() => keepWorkerWarm(entryPath), REWARM_DELAY_MS).unref();
    }
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
  const run = (job: J) =>
    work(job, (fraction) => post({ type: 'progress', fraction })).then(
      ({ value, transfer }) => post({ type: 'result', value }, transfer),
      (error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error), userError: isUserError(error) }),
    );
  if ((workerData as typeof WAIT_FOR_JOB | null)?.seqlabWaitForJob !== true) return void run(workerData as J);
  // Started ahead: the job is the first message. `run` starts synchronously, so a job that listens for more messages
  // (an upload's chunks, byte-feed.ts) is listening before the next one is delivered.
  port.once('message', (message: { seqlabJob: J }) => void run(message.seqlabJob));
}
