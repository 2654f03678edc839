// Runs in: main process (plain Node). Browser mode's uploads: the bytes of a dropped CSV kept in a file, so the
// trainer process can read it like any other, and found again by the id the upload answered with.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { open, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UserError, messageOf } from '../../../shared/util/errors';
import { ByteFeed } from '../../core/dataset/byte-feed';
import type { DatasetRegistry } from './dataset-registry';

/** 200 MB: far above any CSV we expect, low enough that a mistaken drop cannot fill memory. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/** Bytes of an upload held for writing before the request is read further. */
const WRITE_BUFFER_BYTES = 8 * 1024 * 1024;

export async function saveUpload(uploadsDir: string, bytes: Buffer): Promise<string> {
  if (bytes.length > MAX_UPLOAD_BYTES) {
    throw new UserError(`The file is ${Math.round(bytes.length / 1e6)} MB; Seqlab accepts CSV files up to ${MAX_UPLOAD_BYTES / 1e6} MB.`);
  }
  mkdirSync(uploadsDir, { recursive: true });
  const uploadId = randomBytes(16).toString('hex');
  await writeFile(join(uploadsDir, `${uploadId}.csv`), bytes);
  return uploadId;
}

/**
 * An upload of a declared length, parsed as it arrives: each chunk of `body` is written to the upload's file and handed
 * to an import started at once (the registry keeps it for importUpload). Resolves with the upload's id once the file
 * is whole; rejects (and removes the file) when the body is cut short or longer than declared.
 */
export async function receiveUpload(
  uploadsDir: string,
  datasets: DatasetRegistry,
  body: AsyncIterable<Buffer>,
  sizeBytes: number,
  fileName: string,
): Promise<string> {
  if (sizeBytes > MAX_UPLOAD_BYTES) {
    throw new UserError(`The file is ${Math.round(sizeBytes / 1e6)} MB; Seqlab accepts CSV files up to ${MAX_UPLOAD_BYTES / 1e6} MB.`);
  }
  mkdirSync(uploadsDir, { recursive: true });
  const uploadId = randomBytes(16).toString('hex');
  const path = join(uploadsDir, `${uploadId}.csv`);
  const file = await open(path, 'wx');
  // Written through a stream with a large buffer: awaiting each 64 KB write in turn cost a thread-pool round trip per
  // chunk, which under load made the upload three times slower than reading the body whole.
  const out = file.createWriteStream({ highWaterMark: WRITE_BUFFER_BYTES });
  const feed = new ByteFeed(sizeBytes);
  datasets.importStreamed(path, basename(fileName), feed);
  let received = 0;
  try {
    try {
      for await (const chunk of body) {
        received += chunk.length;
        if (received > sizeBytes) throw new UserError('The upload sent more bytes than it declared: drop the file again.');
        feed.push(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
      }
    } finally {
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    }
    if (received !== sizeBytes) throw new UserError('The upload was interrupted before the whole file arrived: drop the file again.');
  } catch (error) {
    feed.abort(messageOf(error));
    await rm(path, { force: true });
    throw error instanceof UserError ? error : new UserError('The upload was interrupted: drop the file again.');
  }
  feed.end();
  return uploadId;
}

/** The file an upload was saved to; the id was checked against the API's schema (32 hex digits). */
export function uploadedFile(uploadsDir: string, uploadId: string): string {
  const path = join(uploadsDir, `${uploadId}.csv`);
  if (!existsSync(path)) throw new UserError('That upload is no longer on the server: drop the file again.');
  return path;
}
