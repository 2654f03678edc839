// Runs in: main process (plain Node). Starts one trainer process per run, persists what it reports, relays
// progress to the UI, and turns a stop request or a dead trainer into a final run status. The app stays up.
// Beyond a limit of trainers at once (by default one per core) a run waits, 'queued', and starts when one ends.
import { availableParallelism } from 'node:os';
import type { SeqlabEvent } from '../../../shared/api/seqlab-api';
import type { RunConfig } from '../../../shared/model/config';
import type { DatasetFingerprint, RunStatus } from '../../../shared/model/run';
import type { ImportOptions } from '../../../shared/model/forecast-data';
import type { RunLog } from '../run-log/run-log';
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
  finished: Promise<RunStatus>;
  settle(status: RunStatus): void;
  stopTimer?: NodeJS.Timeout;
  paused: boolean;
}

/** Calls at fixed moments of a run's life (sweeps, reruns, provenance). */
export interface RunHooks {
  /** Inside the transaction that creates the run: what is written here commits with the run or not at all. */
  onCreated?(runId: number): void;
  /** After the final status is written, before run-finished goes out. */
  onFinished?(runId: number, status: RunStatus): void;
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

  constructor(
    private readonly store: RunLog,
    private readonly launch: TrainerLauncher,
    private readonly emit: (event: SeqlabEvent) => void,
    options: TrainingOptions = {},
  ) {
    this.maxRunning = Math.max(1, Math.floor(options.maxRunning ?? availableParallelism()));
  }

  /** Creates the run and starts its trainer, or queues it when the limit is reached. Throws (the run then failed)
   * only when a trainer process cannot be started at all. */
  start(config: RunConfig, dataset: DatasetForRun, hooks: RunHooks = {}): number {
    const queued = this.running() >= this.maxRunning;
    const runId = this.store.batch(() => {
      const id = this.store.createRun(config, dataset.fingerprint, queued ? 'queued' : 'running');
      hooks.onCreated?.(id);
      return id;
    });
    let settle: (status: RunStatus) => void = () => {};
    const finished = new Promise<RunStatus>((resolve) => (settle = resolve));
    const run: ActiveRun = { runId, config, dataset, hooks, handle: null, finished, settle, paused: false };
    this.active.set(runId, run);
    if (queued) {
      this.queue.push(runId);
      this.emit({ type: 'run-queued', runId, position: this.queue.length });
      return runId;
    }
    try {
      this.launchTrainer(run);
    } catch (error) {
      this.active.delete(runId);
      this.store.failRun(runId, `Could not start the trainer process: ${(error as Error).message}`);
      throw error;
    }
    return runId;
  }

  private running(): number {
    let count = 0;
    for (const run of this.active.values()) if (run.handle !== null) count += 1;
    return count;
  }

  private launchTrainer(run: ActiveRun): void {
    const { runId } = run;
    const handle = this.launch();
    run.handle = handle;
    let status: RunStatus = 'running';
    let error: string | null = null;

    handle.onMessage((message) => {
      try {
        switch (message.type) {
          case 'backend':
            this.store.setBackend(runId, message.backend);
            this.emit({ type: 'run-started', runId, backend: message.backend });
            break;
          case 'progress':
            this.emit({ type: 'run-progress', runId, epoch: message.epoch, batch: message.batch, batches: message.batches });
            break;
          case 'epoch':
            this.store.addEpoch(runId, message.epoch);
            this.emit({ type: 'run-epoch', runId, epoch: message.epoch });
            break;
          case 'model-saved':
            this.store.setModelSaved(runId);
            break;
          case 'result':
            this.store.finishRun(runId, message.result);
            status = message.result.status;
            break;
          case 'error':
            error = message.message;
            this.store.failRun(runId, error);
            status = 'failed';
            break;
        }
      } catch (storeError) {
        // A write that fails (disk full, locked file) ends the run rather than the app.
        error = `Could not write to the run log: ${(storeError as Error).message}`;
        status = 'failed';
        handle.kill();
      }
    });

    handle.onExit((code) => {
      if (status === 'running') {
        if (this.stopRequested.has(runId)) {
          error = 'Stopped, but the trainer did not finish scoring in time, so this run has no test metrics';
          status = 'stopped';
        } else {
          error = `The trainer process exited unexpectedly (${code === null ? 'killed' : `exit code ${code}`})`;
          status = 'failed';
        }
        this.store.failRun(runId, error, status);
      }
      this.end(run, status, error);
    });

    handle.send({
      type: 'start',
      runId,
      datasetPath: run.dataset.path,
      datasetFileName: run.dataset.fingerprint.fileName,
      datasetSha256: run.dataset.fingerprint.sha256,
      config: run.config,
      runDir: this.store.runFilesDir(runId),
      importOptions: run.dataset.importOptions,
    });
  }

  /** The run is over and its final status written: tell everyone, then give its place to the next queued run. */
  private end(run: ActiveRun, status: RunStatus, error: string | null): void {
    const { runId } = run;
    clearTimeout(run.stopTimer);
    this.active.delete(runId);
    this.stopRequested.delete(runId);
    try {
      run.hooks.onFinished?.(runId, status);
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
      try {
        this.store.startQueuedRun(run.runId);
        this.launchTrainer(run);
      } catch (error) {
        const message = `Could not start the trainer process: ${(error as Error).message}`;
        run.handle = null;
        try {
          this.store.failRun(run.runId, message);
        } catch (storeError) {
          console.error(`seqlab: run ${run.runId}: ${message}; ${(storeError as Error).message}`);
        }
        this.end(run, 'failed', message);
      }
    }
  }

  /** Cooperative stop: the trainer finishes the current batch, scores what it learned, and exits. A queued run
   * simply ends, stopped. */
  stop(runId: number): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    if (run.handle === null) {
      this.queue.splice(this.queue.indexOf(runId), 1);
      this.store.failRun(runId, QUEUED_STOP_MESSAGE, 'stopped');
      this.end(run, 'stopped', QUEUED_STOP_MESSAGE);
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
   * handler or at next start). */
  shutdown(): void {
    this.closing = true;
    for (const runId of this.queue.splice(0)) {
      const run = this.active.get(runId);
      if (!run) continue;
      this.store.failRun(runId, QUEUED_AT_QUIT_MESSAGE, 'interrupted');
      this.end(run, 'interrupted', QUEUED_AT_QUIT_MESSAGE);
    }
    for (const run of this.active.values()) run.handle?.kill();
  }
}
