// Runs in: workers (plain Node). A trial names its data by SHA-256 only; the worker fetches the file from the shared
// log once, checks that its bytes hash to that name, and keeps it in a local cache for the next trial on the same data.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../../shared/util/errors';
import type { AsyncRunLog, StoredDataset } from '../run-log/async-run-log';

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export interface CachedDataset {
  path: string;
  dataset: StoredDataset;
}

/** The dataset's file on this machine: from the cache when its bytes still match, else fetched and verified. */
export async function cachedDataset(log: AsyncRunLog, sha256: string, cacheDir: string): Promise<CachedDataset> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new UserError(`A trial named its data "${sha256}", which is not a SHA-256.`);
  const path = join(cacheDir, `${sha256}.csv`);
  const metaPath = join(cacheDir, `${sha256}.json`);
  if (existsSync(path) && existsSync(metaPath) && sha256Of(readFileSync(path)) === sha256) {
    return { path, dataset: JSON.parse(readFileSync(metaPath, 'utf8')) as StoredDataset };
  }
  const stored = await log.getDataset(sha256);
  if (!stored) throw new UserError(`The shared run log has no dataset ${sha256.slice(0, 12)}…: the sweep that queued this trial did not store it.`);
  const { content, ...dataset } = stored;
  if (sha256Of(content) !== sha256) throw new UserError(`The dataset ${sha256.slice(0, 12)}… in the shared run log does not match its SHA-256: refusing to train on it.`);
  mkdirSync(cacheDir, { recursive: true });
  // Write then rename: another worker process sharing the cache never reads half a file.
  const partial = `${path}.${process.pid}.part`;
  writeFileSync(partial, content);
  renameSync(partial, path);
  writeFileSync(metaPath, JSON.stringify(dataset));
  return { path, dataset };
}
