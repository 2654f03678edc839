// Runs in: main process (plain Node). The last few files imported, written down in the data folder, so that after a
// restart of Seqlab a window that still shows one of them can have it read again by itself: the file is found by
// the dataset's id (its content hash), only if it is still there with the same size and modification time, and the
// new import must give the same hash. Only what this file lists can be read this way: a page names a dataset id,
// never a path.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DatasetSummary } from '../../../shared/model/dataset';
import type { ImportOptions } from '../../../shared/model/forecast-data';
import { UserError } from '../../../shared/util/errors';

/** Files remembered: the current one and a few before it (a window restored after a restart shows one of them). */
export const RECENT_IMPORTS = 4;

export interface RecentImport {
  datasetId: string;
  path: string;
  fileName: string;
  sizeBytes: number;
  modifiedMs: number;
  importOptions: ImportOptions;
}

/** Where the list is kept: in the data folder, beside (not in) its uploads folder, which holds uploads only. */
export const recentImportsFile = (uploadsDir: string) => join(dirname(uploadsDir), 'recent-imports.json');

export function readRecentImports(uploadsDir: string): RecentImport[] {
  try {
    const list = JSON.parse(readFileSync(recentImportsFile(uploadsDir), 'utf8')) as unknown;
    return Array.isArray(list) ? list.filter(isRecentImport) : [];
  } catch {
    // None yet, or unreadable: nothing to restore from.
    return [];
  }
}

/** Puts `path`'s import first in the list (a failure to write only loses the restore after a restart). */
export function rememberImport(uploadsDir: string, path: string, summary: DatasetSummary): void {
  try {
    const stats = statSync(path);
    const entry: RecentImport = {
      datasetId: summary.id,
      path,
      fileName: summary.fileName,
      sizeBytes: stats.size,
      modifiedMs: stats.mtimeMs,
      importOptions: summary.importOptions ?? {},
    };
    const others = readRecentImports(uploadsDir).filter((e) => e.datasetId !== entry.datasetId && e.path !== entry.path);
    const file = recentImportsFile(uploadsDir);
    mkdirSync(dirname(file), { recursive: true });
    // Written whole, then renamed: a crash mid-write leaves the old list, not half a file.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify([entry, ...others].slice(0, RECENT_IMPORTS)));
    renameSync(temporary, file);
  } catch {
    // The data folder is read-only or full: imports work, only the restore after a restart does not.
  }
}

/**
 * The file a dataset imported before a restart came from, when it is still there and unchanged (same size and
 * modification time; the caller then checks the hash). Throws a UserError saying what happened when it is gone or
 * changed; answers undefined when this dataset was never written down.
 */
export function unchangedRecentImport(uploadsDir: string, datasetId: string): RecentImport | undefined {
  const entry = readRecentImports(uploadsDir).find((e) => e.datasetId === datasetId);
  if (!entry) return undefined;
  if (!existsSync(entry.path)) {
    throw new UserError(`${entry.fileName} is no longer where it was imported from (Seqlab was restarted): open it again to preview and train.`);
  }
  const stats = statSync(entry.path);
  if (stats.size !== entry.sizeBytes || stats.mtimeMs !== entry.modifiedMs) {
    throw changedSinceImport(entry.fileName);
  }
  return entry;
}

export function changedSinceImport(fileName: string): UserError {
  return new UserError(`${fileName} has changed since it was imported (Seqlab was restarted): open it again to preview and train the file as it is now.`);
}

function isRecentImport(value: unknown): value is RecentImport {
  const e = value as Partial<RecentImport> | null;
  return (
    typeof e === 'object' && e !== null &&
    typeof e.datasetId === 'string' && typeof e.path === 'string' && typeof e.fileName === 'string' &&
    typeof e.sizeBytes === 'number' && typeof e.modifiedMs === 'number' && typeof e.importOptions === 'object'
  );
}
