// Runs in: main process (plain Node). Finds the data an earlier run trained on: loaded in this session, or the
// file it was imported from when that file still holds the same bytes.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { DatasetSummary } from '../../../shared/model/dataset';
import type { DatasetFingerprint } from '../../../shared/model/run';
import { UserError } from '../../../shared/util/errors';
import type { ImportOptions } from '../../../shared/model/forecast-data';

export interface DatasetSource {
  /** A dataset with this content already imported in this session. */
  loaded(sha256: string): DatasetSummary | undefined;
  importPath(path: string, fileName: string, importOptions?: ImportOptions): Promise<DatasetSummary>;
}

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * The dataset with `fingerprint`'s content: from this session, else re-imported (under its original name, read
 * with `importOptions`) from the first of `paths` whose bytes still match. `purpose` finishes the advice, e.g.
 * "then press Run again".
 */
export async function findDataset(
  source: DatasetSource,
  fingerprint: DatasetFingerprint,
  paths: (string | null | undefined)[],
  purpose: string,
  importOptions?: ImportOptions,
): Promise<DatasetSummary> {
  const loaded = source.loaded(fingerprint.sha256);
  if (loaded) return loaded;
  const candidates = [...new Set(paths.filter((p): p is string => typeof p === 'string' && p.length > 0))];
  if (candidates.length === 0) {
    throw new UserError(`Seqlab does not know where ${fingerprint.fileName} came from: import it again, ${purpose}.`);
  }
  const problems: string[] = [];
  for (const path of candidates) {
    if (!existsSync(path) || !statSync(path).isFile()) {
      problems.push(`${path} is no longer there (moved or deleted)`);
      continue;
    }
    if ((await fileSha256(path)) !== fingerprint.sha256) {
      problems.push(`${path} has changed since (its contents differ)`);
      continue;
    }
    return source.importPath(path, fingerprint.fileName, importOptions);
  }
  throw new UserError(`The data ${fingerprint.fileName} cannot be found as it was: ${problems.join('; ')}. Import the original file again, ${purpose}.`);
}
