// Runs in: main process (plain Node). Where Seqlab keeps things: the run log, uploads, and the built files.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json: the repository, or the packaged app. Found by walking up, because this
 * module may be bundled into dist/main or dist/main/chunks, or run from source under vitest. */
function findAppRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

export const APP_ROOT = findAppRoot(dirname(fileURLToPath(import.meta.url)));

export function defaultDataDir(): string {
  const xdg = process.env.XDG_DATA_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.local', 'share'), 'seqlab');
}

export const defaultDbPath = (dataDir = defaultDataDir()) => join(dataDir, 'runs.db');
export const samplesDir = (root = APP_ROOT) => join(root, 'resources', 'samples');
export const rendererDir = (root = APP_ROOT) => join(root, 'dist', 'renderer');
export const trainerEntry = (root = APP_ROOT) => join(root, 'dist', 'main', 'trainer.js');
export const importWorkerEntry = (root = APP_ROOT) => join(root, 'dist', 'main', 'import-worker.js');
export const columnWorkerEntry = (root = APP_ROOT) => join(root, 'dist', 'main', 'column-worker.js');

/** Where uploads (and a server log's run files) go for a --db: beside a SQLite file, so that a log and its files move
 * together; the default folder for a postgres:// log, which is on another machine. Undefined: the default. */
export function dataDirFor(db: string | undefined): string | undefined {
  if (!db || /^postgres(ql)?:\/\//i.test(db)) return undefined;
  return dirname(db);
}
