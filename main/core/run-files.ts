// Runs in: main and trainer processes (plain Node). Where a run keeps its files (saved model, preprocessing,
// embedding snapshot): one folder per run beside the run log, named after the log so that two logs in one folder
// never share run ids' folders, removed with the run.
import { basename, dirname, join } from 'node:path';

/** `<folder of the log>/<log file name>.runs`: e.g. runs.db.runs beside runs.db. */
export function runFilesRoot(dbPath: string): string {
  return join(dirname(dbPath), `${basename(dbPath)}.runs`);
}

/** `<log file name>.runs/<id>`. The trainer gets this path in its start message (the run log says which: see
 * AsyncRunLog.runFilesDir, which also knows the runs kept in the older shared folder). */
export function runFilesDir(dbPath: string, runId: number): string {
  return join(runFilesRoot(dbPath), String(runId));
}

/** Where Seqlab kept run files before each log had its own folder: `<folder of the log>/runs/<id>`, shared by every
 * log in that folder. Runs logged then still have their files there. */
export function sharedRunFilesDir(dbPath: string, runId: number): string {
  return join(dirname(dbPath), 'runs', String(runId));
}

export const modelDir = (runDir: string) => join(runDir, 'model');
export const preprocessingPath = (runDir: string) => join(runDir, 'preprocessing.json');
export const embeddingPath = (runDir: string) => join(runDir, 'embedding.json');
