// Runs in: a worker process (plain Node; `seqlab worker`). Pulls trials from the BullMQ queue, trains each in its own
// trainer process, writes epochs and results to the shared log under a fresh execution number, and reports each epoch
// through the queue. A trial it is killed in the middle of comes back to the queue when its lock expires; the next
// worker's execution supersedes it. Stopping: `finish()` ends the trials in hand first; `handBack()` returns them.
import { Worker, WaitingError, type Job } from 'bullmq';
import { hostname } from 'node:os';
import { redactSecrets } from '../../core/redact-url';
import type { AsyncRunLog } from '../run-log/async-run-log';
import type { TrainerLauncher } from '../training/trainer-launcher';
import { cachedDataset } from './dataset-cache';
import { DEFAULT_LOCK_MS, TRIAL_QUEUE, redisConnection, type TrialJob, type TrialOutcome, type TrialProgress } from './trial-queue';
import { runTrial } from './trial-runner';

export interface TrialWorkerOptions {
  queueUrl: string;
  log: AsyncRunLog;
  launch: TrainerLauncher;
  cacheDir: string;
  name?: string;
  concurrency?: number;
  /** How long a claim on a trial lasts without renewal (tests shorten it; a killed worker's trial waits this long). */
  lockMs?: number;
  /** One line per thing worth saying (already free of secrets). */
  say?(line: string): void;
}

export const defaultWorkerName = () => `${hostname()}-${process.pid}`;

export class TrialWorker {
  readonly name: string;
  private readonly worker: Worker<TrialJob, TrialOutcome>;
  private readonly inHand = new Map<string, AbortController>();
  /** Set by handBack(): a trial taken up from now on (BullMQ may have fetched one already) goes straight back. */
  private handingBack = false;
  private readonly say: (line: string) => void;

  constructor(private readonly options: TrialWorkerOptions) {
    this.name = options.name ?? defaultWorkerName();
    this.say = options.say ?? (() => {});
    const lockDuration = options.lockMs ?? DEFAULT_LOCK_MS;
    this.worker = new Worker<TrialJob, TrialOutcome>(TRIAL_QUEUE, (job, token) => this.process(job, token), {
      connection: redisConnection(options.queueUrl),
      concurrency: Math.max(1, options.concurrency ?? 1),
      lockDuration,
      stalledInterval: lockDuration,
      // A trial whose worker died twice is not retried forever: the submitter marks it failed.
      maxStalledCount: 2,
      autorun: false,
    });
    // Redis going away is reported, never thrown: ioredis reconnects and the worker carries on.
    let lastError = '';
    this.worker.on('error', (error) => {
      const line = `queue: ${redactSecrets(error.message)} (reconnecting)`;
      if (line !== lastError) this.say(line);
      lastError = line;
    });
    this.worker.on('ready', () => {
      if (lastError) this.say('queue: connected again');
      lastError = '';
    });
  }

  /** Starts pulling trials; resolves when the worker has stopped. */
  run(): Promise<void> {
    return this.worker.run();
  }

  /** Takes no new trial; resolves when the ones in hand are finished and written. */
  async finish(): Promise<void> {
    await this.worker.close();
  }

  /** Stops the trials in hand now and puts them back in the queue for another worker; then closes. */
  async handBack(): Promise<void> {
    this.handingBack = true;
    for (const controller of this.inHand.values()) controller.abort();
    await this.worker.close();
  }

  private async process(job: Job<TrialJob, TrialOutcome>, token?: string): Promise<TrialOutcome> {
    const { log, launch, cacheDir } = this.options;
    const { runId, sha256 } = job.data;
    const execution = await log.startExecution(runId, this.name);
    if (execution === null) {
      this.say(`run ${runId}: already final in the log, nothing to do`);
      return { runId, worker: this.name, execution: null, status: 'already-final' };
    }
    const controller = new AbortController();
    this.inHand.set(job.id!, controller);
    try {
      if (this.handingBack) return await this.giveBack(job, token, runId, execution);
      this.say(`run ${runId}: training (execution ${execution})`);
      const run = await log.getSummary(runId);
      const { path, dataset } = await cachedDataset(log, sha256, cacheDir);
      const trial = {
        runId,
        execution,
        config: run.config,
        datasetPath: path,
        datasetFileName: run.dataset.fileName,
        sha256,
        importOptions: dataset.importOptions as never,
        runDir: await log.runFilesDir(runId),
      };
      const end = await runTrial(launch, log, trial, {
        abort: controller.signal,
        onEpoch: (epoch) => {
          const progress: TrialProgress = { runId, worker: this.name, execution, epoch: epoch.epoch, epochs: run.config.epochs, loss: epoch.loss, valLoss: epoch.valLoss };
          job.updateProgress(progress as unknown as object).catch(() => {});
        },
      });
      if (end === 'handed-back') return await this.giveBack(job, token, runId, execution);
      this.say(`run ${runId}: ${end}`);
      return { runId, worker: this.name, execution, status: end };
    } catch (error) {
      if (error instanceof WaitingError) throw error;
      const message = redactSecrets((error as Error).message);
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 >= attempts) await log.failRun(runId, message, 'failed', execution).catch(() => {});
      else await log.abandonExecution(runId, execution).catch(() => {});
      this.say(`run ${runId}: ${message}`);
      throw new Error(message);
    } finally {
      this.inHand.delete(job.id!);
    }
  }

  /** The trial goes back to the queue for another worker; this execution is recorded as abandoned. */
  private async giveBack(job: Job<TrialJob, TrialOutcome>, token: string | undefined, runId: number, execution: number): Promise<never> {
    await this.options.log.abandonExecution(runId, execution);
    await job.moveToWait(token);
    this.say(`run ${runId}: handed back to the queue`);
    throw new WaitingError();
  }
}
