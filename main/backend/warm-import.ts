// Runs in: main process (plain Node). Hosts that serve a window (browser mode, Electron) keep the import worker
// started, so the first file a user drops does not wait for a thread to boot (see keepWorkerWarm in worker-job.ts).
import { existsSync } from 'node:fs';
import { keepWorkerWarm } from '../core/dataset/worker-job';
import { importWorkerEntry } from './paths';

/** Starts the idle import worker; false when this build has no worker file (imports then run as before). */
export function warmImportWorker(entry = importWorkerEntry()): boolean {
  if (!existsSync(entry)) return false;
  keepWorkerWarm(entry);
  return true;
}
