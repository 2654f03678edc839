// Runs in: main process (plain Node). Starts one trainer process per run, persists what it reports, relays
// progress to the UI, and turns a stop request or a dead trainer into a final run status. The app stays up.
// Beyond a limit of trainers at once (by default one per core) a run waits, 'queued', and starts when one ends.
// The run log answers with promises (it may be a PostgreSQL server): a run's writes go through one chain, in the
// order the trainer sent them, so its final status always lands after its epochs; a write that fails ends the run.
import { availableParallelism } from 'node:os';
import type { SeqlabEvent } from '../../../shared/api/seqlab-api';
import type { RunConfig } from '../../../shared/model/config';
import type { DatasetFingerprint, RunStatus } from '../../../shared/model/run';
import type { ImportOptions } from '../../../shared/model/forecast-data';
import type { AsyncRunLog } from '../run-log/async-run-log';
import type { TrainerHandle, TrainerLauncher } from './trainer-launcher';

/** How long a cooperative stop may take before the process is killed. Training halts after the current batch
 * (well under a second), but scoring validation and test afterwards takes ~13 s for an LSTM at window 64 on the
 * whole Szeged file, so the grace period is generous. */
const STOP_GRACE_MS = 60_000;

export const QUEUED_STOP_MESSAGE = 'Stopped before it started (it was queued, waiting for a free trainer)';
export const QUEUED_AT_QUIT_MESSAGE = 'Seqlab closed before this queued run could start';

interface ActiveRun {
  runId: number;
  config: RunConfig;
  dataset: DatasetForRun;
  hooks: RunHooks;
  /** Null while the run is queued. */
  handle: TrainerHandle | null;
  /** Taken from the queue, its trainer not yet started (the log is marking it running): it holds a trainer's place. */
  launching: boolean;
  /** The run's own folder for its files, as the log names it. */
  runDir: string;
  /** The run's writes to the log, one after another. */
  writes: Promise<void>;
  finished: Promise<RunStatus>;
  settle(status: RunStatus): void;
  stopTimer?: NodeJS.Timeout;
  paused: boolean;
}

/** Calls at fixed moments of a run's life (sweeps, reruns, provenance). */
export interface RunHooks {
  /** Inside the transaction that creates the run: what is written here, through `log` (the log bound to that
   * transaction), commits with the run or not at all. */
  onCreated?(runId: number, log: AsyncRunLog): Promise<void>;
  /** After the final status is written, before run-finished goes out. */
  onFinished?(runId: number, status: RunStatus): Promise<void>;
}

export interface DatasetForRun {
  path: string;
  fingerprint: DatasetFingerprint;
  /** How the dataset was imported: the trainer reads the CSV the same way. */
  importOptions?: ImportOptions;
}

export interface TrainingOptions {
  /** Trainer processes at once; more runs wait, queued. Default: the number of cores. */
  maxRunning?: number;
}

export class TrainingManager {
  private readonly active = new Map<number, ActiveRun>();
  private readonly stopRequested = new Set<number>();
  /** Queued run ids, first to start first. */
  private readonly queue: number[] = [];
  private readonly maxRunning: number;
  private closing = false;
  /** Runs being created that will train at once: they count against the limit while the log writes them. */
  private creating = 0;

  constructor(
    private readonly store: AsyncRunLog,
    private readonly launch: TrainerLauncher,
    private readonly emit: (event: SeqlabEvent) => void,
    options: TrainingOptions = {},
  ) {
    this.maxRunning = Math.max(1, Math.floor(options.maxRunning ?? availableParallelism()));
  }

  /** Creates the run and starts its trainer, or queues it when the limit is reached. Throws (the run then failed)
   * only when the log cannot be written (nothing is then), or a trainer process cannot be started at all. */
  async start(config: RunConfig, dataset: DatasetForRun, hooks: RunHooks = {}): Promise<number> {
    // Decided before the first await, so runs started together never both take the last free trainer.
    const queued = this.running() + this.creating >= this.maxRunning;
    if (!queued) this.creating += 1;
    let runId: number;
    let runDir: string;
    try {
      runId = await this.store.batch(async (log) => {
        const id = await log.createRun(config, dataset.fingerprint, queued ? 'queued' : 'running');
        await hooks.onCreated?.(id, log);
        return id;
      });
      runDir = await this.store.runFilesDir(runId);
    } finally {
      if (!queued) this.creating -= 1;
    }
    let settle: (status: RunStatus) => void = () => {};
    const finished = new Promise<RunStatus>((resolve) => (settle = resolve));
    const run: ActiveRun = { runId, config, dataset, hooks, handle: null, launching: false, runDir, writes: Promise.resolve(), finished, settle, paused: false };
    this.active.set(runId, run);
    if (this.closing) {
      await this.endQueuedAtQuit(run);
      return runId;
    }
    if (queued) {
      this.queue.push(runId);
      this.emit({ type: 'run-queued', runId, position: this.queue.length });
      return runId;
    }
    try {
      this.launchTrainer(run);
    } catch (error) {
      this.active.delete(runId);
      await this.store.failRun(runId, `Could not start the trainer process: ${(error as Error).message}`).catch(() => {});
      throw error;
    }
    return runId;
  }

  private running(): number {
    let count = 0;
    for (const run of this.active.values()) if (run.handle !== null || run.launching) count += 1;
    return count;
  }

  /** Runs `write` after the run's earlier writes. The first that fails stops the run: its trainer is killed, later
   * writes are skipped, and `onFailure` says why (the exit handler then ends the run with that message). */
  private write(run: ActiveRun, write: () => Promise<unknown>, onFailure: (message: string) => void): void {
    run.writes = run.writes.then(async () => {
      try {
        await write();
      } catch (error) {
        onFailure(`Could not write to the run log: ${(error as Error).message}`);
        run.handle?.kill();
      }
    });
  }

  private launchTrainer(run: ActiveRun): void {
    const { runId } = run;
    const handle = this.launch();
    run.handle = handle;
    let status: RunStatus = 'running';
    let error: string | null = null;
    /** Set when a write failed: the run ends failed with this message, whatever the trainer said after. */
    let writeFailure: string | null = null;
    const failed = (message: string) => (writeFailure ??= message);
    const write = (work: () => Promise<unknown>) => {
      if (writeFailure === null) this.write(run, work, failed);
    };

    handle.onMessage((message) => {
      switch (message.type) {
        case 'backend':
          write(() => this.store.setBackend(runId, message.backend));
          this.emit({ type: 'run-started', runId, backend: message.backend });
          break;
        case 'progress':
          this.emit({ type: 'run-progress', runId, epoch: message.epoch, batch: message.batch, batches: message.batches });
          break;
        case 'epoch':
          // The window hears of an epoch only once it is in the log, so a crash never loses an epoch the user saw.
          write(async () => {
            await this.store.addEpoch(runId, message.epoch);
            this.emit({ type: 'run-epoch', runId, epoch: message.epoch });
          });
          break;
        case 'model-saved':
          write(() => this.store.setModelSaved(runId));
          break;
        case 'result':
          write(() => this.store.finishRun(runId, message.result));
          status = message.result.status;
          break;
        case 'error':
          error = message.message;
          write(() => this.store.failRun(runId, message.message));
          status = 'failed';
          break;
      }
    });

    handle.onExit((code) => {
      // After every write the trainer's messages queued, so the final status is decided on what landed.
      run.writes = run.writes.then(async () => {
        if (writeFailure !== null) {
          error = writeFailure;
          status = 'failed';
          // The epochs so far stay; the run must not stay 'running'. If the log cannot take this either (the server
          // is gone), the run is still this process's, and is marked interrupted when a Seqlab opens the log next.
          await this.store.failRun(runId, writeFailure).catch((again: unknown) => {
            console.error(`seqlab: run ${runId}: ${writeFailure}; marking it failed did not work either: ${(again as Error).message}`);
          });
        } else if (status === 'running') {
          if (this.stopRequested.has(runId)) {
            error = 'Stopped, but the trainer did not finish scoring in time, so this run has no test metrics';
            status = 'stopped';
          } else {
            error = `The trainer process exited unexpectedly (${code === null ? 'killed' : `exit code ${code}`})`;
            status = 'failed';
          }
          const message = error;
          await this.store.failRun(runId, message, status).catch((again: unknown) => {
            console.error(`seqlab: run ${runId}: ${message}; the run log did not take it: ${(again as Error).message}`);
          });
        }
        await this.end(run, status, error);
      });
    });

    handle.send({
      type: 'start',
      runId,
      datasetPath: run.dataset.path,
      datasetFileName: run.dataset.fingerprint.fileName,
      datasetSha256: run.dataset.fingerprint.sha256,
      config: run.config,
      runDir: run.runDir,
      importOptions: run.dataset.importOptions,
    });
  }

  /** The run is over and its final status written: tell everyone, then give its place to the next queued run. */
  private async end(run: ActiveRun, status: RunStatus, error: string | null): Promise<void> {
    const { runId } = run;
    clearTimeout(run.stopTimer);
    this.active.delete(runId);
    this.stopRequested.delete(runId);
    try {
      await run.hooks.onFinished?.(runId, status);
    } catch (hookError) {
      console.error(`seqlab: after run ${runId} ended: ${(hookError as Error).message}`);
    }
    this.emit({ type: 'run-finished', runId, status, error });
    run.settle(status);
    this.startQueued();
  }

  private startQueued(): void {
    while (!this.closing && this.queue.length > 0 && this.running() < this.maxRunning) {
      const run = this.active.get(this.queue.shift()!);
      if (!run) continue;
      run.launching = true;
      void this.launchQueued(run);
    }
  }

  private async launchQueued(run: ActiveRun): Promise<void> {
    let message: string;
    try {
      await this.store.startQueuedRun(run.runId);
      if (this.closing) {
        run.launching = false;
        await this.endQueuedAtQuit(run);
        return;
      }
      this.launchTrainer(run);
      run.launching = false;
      if (this.stopRequested.has(run.runId)) this.stop(run.runId);
      return;
    } catch (error) {
      message = `Could not start the trainer process: ${(error as Error).message}`;
    }
    run.launching = false;
    run.handle = null;
    await this.store.failRun(run.runId, message).catch((storeError: unknown) => {
      console.error(`seqlab: run ${run.runId}: ${message}; ${(storeError as Error).message}`);
    });
    await this.end(run, 'failed', message);
  }

  private async endQueuedAtQuit(run: ActiveRun): Promise<void> {
    const index = this.queue.indexOf(run.runId);
    if (index >= 0) this.queue.splice(index, 1);
    await this.store.failRun(run.runId, QUEUED_AT_QUIT_MESSAGE, 'interrupted').catch((storeError: unknown) => {
      console.error(`seqlab: run ${run.runId}: ${QUEUED_AT_QUIT_MESSAGE}; ${(storeError as Error).message}`);
    });
    await this.end(run, 'interrupted', QUEUED_AT_QUIT_MESSAGE);
  }

  /** Cooperative stop: the trainer finishes the current batch, scores what it learned, and exits. A queued run
   * simply ends, stopped. */
  stop(runId: number): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    if (run.handle === null) {
      if (run.launching) {
        // Its trainer is starting: launchQueued stops it as soon as it runs.
        this.stopRequested.add(runId);
        return true;
      }
      const index = this.queue.indexOf(runId);
      if (index >= 0) this.queue.splice(index, 1);
      run.writes = run.writes.then(async () => {
        await this.store.failRun(runId, QUEUED_STOP_MESSAGE, 'stopped').catch((storeError: unknown) => {
          console.error(`seqlab: run ${runId}: ${QUEUED_STOP_MESSAGE}; ${(storeError as Error).message}`);
        });
        await this.end(run, 'stopped', QUEUED_STOP_MESSAGE);
      });
      return true;
    }
    const { handle } = run;
    this.stopRequested.add(runId);
    handle.send({ type: 'stop' });
    // The trainer wakes a paused run to stop it.
    if (run.paused) this.setPaused(runId, run, false);
    run.stopTimer ??= setTimeout(() => handle.kill(), STOP_GRACE_MS);
    return true;
  }

  /** Training waits between batches (no CPU) until resumed; false when the run is not training (or still queued). */
  pause(runId: number): boolean {
    const run = this.active.get(runId);
    if (!run?.handle || this.stopRequested.has(runId)) return false;
    if (!run.paused) {
      run.handle.send({ type: 'pause' });
      this.setPaused(runId, run, true);
    }
    return true;
  }

  resume(runId: number): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    if (run.paused && run.handle) {
      run.handle.send({ type: 'resume' });
      this.setPaused(runId, run, false);
    }
    return true;
  }

  isPaused(runId: number): boolean {
    return this.active.get(runId)?.paused ?? false;
  }

  private setPaused(runId: number, run: ActiveRun, paused: boolean): void {
    run.paused = paused;
    this.emit({ type: 'run-paused', runId, paused });
  }

  /** Resolves with the final status once the run's process has exited (or the queued run was ended). */
  waitFor(runId: number): Promise<RunStatus> | undefined {
    return this.active.get(runId)?.finished;
  }

  /** Training or queued. */
  isActive(runId: number): boolean {
    return this.active.has(runId);
  }

  /** App quit: queued runs end interrupted, and every trainer is killed (its run is marked interrupted by the exit
   * handler or at next start). Resolves once the queued runs' ends are written. */
  async shutdown(): Promise<void> {
    this.closing = true;
    const queued = this.queue.splice(0).flatMap((runId) => this.active.get(runId) ?? []);
    for (const run of this.active.values()) run.handle?.kill();
    await Promise.all(queued.map((run) => this.endQueuedAtQuit(run)));
  }
}
