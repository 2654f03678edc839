// Runs in: main process (plain Node). Wires the run log, the trainer launcher and the service (the API's handlers) together.
import { join } from 'node:path';
import type { AsyncRunLog } from './run-log/async-run-log';
import { openRunLog } from './run-log/open-run-log';
import { connectQueue } from './queue/queue-connection';
import { composeService, type SeqlabService } from './seqlab-service';
import { forkTrainerLauncher, type TrainerLauncher } from './training/trainer-launcher';
import { columnWorkerEntry, defaultDataDir, defaultDbPath, importWorkerEntry, samplesDir, trainerEntry } from './paths';
import { RecentColumns, workerColumnLoader } from '../core/dataset/columns-in-worker';
import { workerImporter, type DatasetImporter } from '../core/dataset/import-in-worker';

export interface CreateServiceOptions {
  dbPath?: string;
  dataDir?: string;
  /** Electron passes a utilityProcess launcher; plain Node forks. */
  launcher?: TrainerLauncher;
  samplesDir?: string;
  /** How CSVs are imported; by default in a worker thread running the built import-worker. */
  importer?: DatasetImporter;
  /** --queue redis://...: sweeps may run on `seqlab worker`s, which write to this same run log. */
  queueUrl?: string;
}

/** `dbPath` is a SQLite file or a postgres:// URL (then uploads and run files stay on this machine, under dataDir). */
export async function createService(options: CreateServiceOptions = {}): Promise<{ service: SeqlabService; store: AsyncRunLog }> {
  const dataDir = options.dataDir ?? defaultDataDir();
  const store = await openRunLog(options.dbPath ?? defaultDbPath(dataDir));
  // The import hands the columns it read to the window preview, which then needs no second read of the file.
  const recent = new RecentColumns();
  try {
    const service = await composeService({
      store,
      launcher: options.launcher ?? forkTrainerLauncher(trainerEntry()),
      samplesDir: options.samplesDir ?? samplesDir(),
      uploadsDir: join(dataDir, 'uploads'),
      importer: options.importer ?? workerImporter(importWorkerEntry(), recent),
      columnLoader: workerColumnLoader(columnWorkerEntry(), recent),
      queue: options.queueUrl ? connectQueue(options.queueUrl, store) : undefined,
    });
    return { service, store };
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
}
