// Runs in: main and trainer processes (plain Node). Where a run keeps its files (saved model, preprocessing,
// embedding snapshot): one folder per run beside the run log, removed with the run.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `<folder of runs.db>/runs/<id>`. The trainer gets this path in its start message. */
export function runFilesDir(dbPath: string, runId: number): string {
  return join(dirname(dbPath), 'runs', String(runId));
}

export const modelDir = (runDir: string) => join(runDir, 'model');
export const preprocessingPath = (runDir: string) => join(runDir, 'preprocessing.json');
export const embeddingPath = (runDir: string) => join(runDir, 'embedding.json');

export function removeRunFiles(dbPath: string, runId: number): void {
  rmSync(runFilesDir(dbPath, runId), { recursive: true, force: true });
}
