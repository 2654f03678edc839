// Runs in: main process (plain Node). Starts one trainer process per run, persists what it reports, relays
// progress to the UI, and turns a stop request or a dead trainer into a final run status. The app stays up.
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

interface ActiveRun {
  handle: TrainerHandle;
  finished: Promise<RunStatus>;
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

export class TrainingManager {
  private readonly active = new Map<number, ActiveRun>();
  private readonly stopRequested = new Set<number>();

  constructor(
    private readonly store: RunLog,
    private readonly launch: TrainerLauncher,
    private readonly emit: (event: SeqlabEvent) => void,
  ) {}

  start(config: RunConfig, dataset: DatasetForRun, hooks: RunHooks = {}): number {
    const runId = this.store.batch(() => {
      const id = this.store.createRun(config, dataset.fingerprint);
      hooks.onCreated?.(id);
      return id;
    });
    let handle: TrainerHandle;
    try {
      handle = this.launch();
    } catch (error) {
      this.store.failRun(runId, `Could not start the trainer process: ${(error as Error).message}`);
      throw error;
    }
    let settle: (status: RunStatus) => void = () => {};
    const finished = new Promise<RunStatus>((resolve) => (settle = resolve));
    const run: ActiveRun = { handle, finished, paused: false };
    this.active.set(runId, run);
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
      clearTimeout(run.stopTimer);
      this.active.delete(runId);
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
      this.stopRequested.delete(runId);
      try {
        hooks.onFinished?.(runId, status);
      } catch (hookError) {
        console.error(`seqlab: after run ${runId} ended: ${(hookError as Error).message}`);
      }
      this.emit({ type: 'run-finished', runId, status, error });
      settle(status);
    });

    handle.send({
      type: 'start',
      runId,
      datasetPath: dataset.path,
      datasetFileName: dataset.fingerprint.fileName,
      config,
      runDir: this.store.runFilesDir(runId),
      importOptions: dataset.importOptions,
    });
    return runId;
  }

  /** Cooperative stop: the trainer finishes the current batch, scores what it learned, and exits. */
  stop(runId: number): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    this.stopRequested.add(runId);
    run.handle.send({ type: 'stop' });
    // The trainer wakes a paused run to stop it.
    if (run.paused) this.setPaused(runId, run, false);
    run.stopTimer ??= setTimeout(() => run.handle.kill(), STOP_GRACE_MS);
    return true;
  }

  /** Training waits between batches (no CPU) until resumed; false when the run is not training. */
  pause(runId: number): boolean {
    const run = this.active.get(runId);
    if (!run || this.stopRequested.has(runId)) return false;
    if (!run.paused) {
      run.handle.send({ type: 'pause' });
      this.setPaused(runId, run, true);
    }
    return true;
  }

  resume(runId: number): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    if (run.paused) {
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

  /** Resolves with the final status once the run's process has exited. */
  waitFor(runId: number): Promise<RunStatus> | undefined {
    return this.active.get(runId)?.finished;
  }

  isActive(runId: number): boolean {
    return this.active.has(runId);
  }

  /** Kill every trainer (app quit). Their runs are marked interrupted by the exit handlers or at next start. */
  shutdown(): void {
    for (const run of this.active.values()) run.handle.kill();
  }
}
