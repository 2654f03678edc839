// Runs in: main process (plain Node). The API's implementation, shared by Electron IPC, the browser mode and the CLI:
// each feature's handlers (datasets, training, runs, experiments) composed over one shared context into the Handlers
// the API table asks for. Hosts validate arguments first (api/dispatch.ts); handlers check what needs the data.
import type { SeqlabEvent } from '../../shared/api/seqlab-api';
import { importInProcess, type DatasetImporter } from '../core/dataset/import-in-worker';
import type { Handlers } from './api/handlers';
import type { BackendContext } from './context';
import { DatasetRegistry } from './datasets/dataset-registry';
import { datasetHandlers, type DatasetFolders } from './datasets/handlers';
import { saveUpload } from './datasets/uploads';
import { EventHub } from './events';
import { createSweepRunner, experimentHandlers } from './experiments/handlers';
import type { QueueConnection } from './queue/queue-connection';
import { queueHandlers } from './queue/queue-handlers';
import { QueueSweeps } from './queue/queue-sweeps';
import type { AsyncRunLog } from './run-log/async-run-log';
import { runHandlers } from './runs/handlers';
import { inspectHandlers } from './runs/inspect-handlers';
import { trainingHandlers } from './training/handlers';
import type { TrainerLauncher } from './training/trainer-launcher';
import { TrainingManager } from './training/training-manager';
import { pausedRunEvents } from './training/paused-runs';

// The web server reads the upload limit from here.
export { MAX_UPLOAD_BYTES } from './datasets/uploads';

export interface ServiceOptions extends DatasetFolders {
  store: AsyncRunLog;
  launcher: TrainerLauncher;
  /** How CSVs are imported (createService: in a worker thread); in-process when absent. */
  importer?: DatasetImporter;
  /** A queue to hand sweeps to workers (--queue); without one, sweeps run on this machine only. */
  queue?: QueueConnection;
}

/** Every API handler, plus what hosts and tests use directly: the running trainings and sweeps, uploads, events. */
export async function composeService(options: ServiceOptions) {
  const { store, launcher } = options;
  await store.markInterruptedRuns();
  const events = new EventHub();
  const emit = (event: SeqlabEvent) => events.emit(event);
  const ctx: BackendContext = {
    store,
    launcher,
    events,
    datasets: new DatasetRegistry(options.importer ?? importInProcess, emit),
    training: new TrainingManager(store, launcher, emit),
  };
  const sweeps = createSweepRunner(ctx);
  const queueSweeps = options.queue ? new QueueSweeps({ queue: options.queue, datasets: ctx.datasets, emit }) : null;
  void queueSweeps?.followRunning().catch((error: unknown) => console.error(`seqlab: queue: ${(error as Error).message}`));
  const experiments = experimentHandlers(ctx, sweeps);
  await sweeps.stopAbandoned();
  const handlers = {
    ...datasetHandlers(ctx, options),
    ...trainingHandlers(ctx),
    ...runHandlers(ctx),
    ...inspectHandlers(ctx),
    ...experiments,
    ...queueHandlers(experiments, queueSweeps),
  } satisfies Handlers;

  return {
    ...handlers,
    training: ctx.training,
    sweeps,
    onEvent: (listener: (event: SeqlabEvent) => void): (() => void) => events.on(listener),
    /** What a page that (re)connects missed: the runs waiting paused, as events; every host sends them to it. */
    pausedRunEvents: (): Promise<SeqlabEvent[]> => pausedRunEvents({ listRuns: () => handlers.listRuns(), training: ctx.training }),
    /** Browser mode: keep the uploaded bytes in a file, so the trainer process can read them like any CSV. */
    saveUpload: (bytes: Buffer): Promise<string> => saveUpload(options.uploadsDir, bytes),
    /** Where uploads are kept; browser mode deletes the ones no dataset uses. */
    uploadsDir: options.uploadsDir,
    /** Resolves once what the quit writes to the log (sweeps cut off, queued runs ended) has landed. */
    async shutdown(): Promise<void> {
      const cutOff = sweeps.shutdown(); // first, so the killed runs do not make room for new ones
      queueSweeps?.shutdown();
      await Promise.all([cutOff, ctx.training.shutdown()]);
    },
  };
}

export type SeqlabService = Awaited<ReturnType<typeof composeService>>;
