// Runs in: main process (plain Node). Browser mode's uploads: the bytes of a dropped CSV kept in a file, so the
// trainer process can read it like any other, and found again by the id the upload answered with.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../../shared/util/errors';

/** 200 MB: far above any CSV we expect, low enough that a mistaken drop cannot fill memory. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export async function saveUpload(uploadsDir: string, bytes: Buffer): Promise<string> {
  if (bytes.length > MAX_UPLOAD_BYTES) {
    throw new UserError(`The file is ${Math.round(bytes.length / 1e6)} MB; Seqlab accepts CSV files up to ${MAX_UPLOAD_BYTES / 1e6} MB.`);
  }
  mkdirSync(uploadsDir, { recursive: true });
  const uploadId = randomBytes(16).toString('hex');
  await writeFile(join(uploadsDir, `${uploadId}.csv`), bytes);
  return uploadId;
}

/** The file an upload was saved to; the id was checked against the API's schema (32 hex digits). */
export function uploadedFile(uploadsDir: string, uploadId: string): string {
  const path = join(uploadsDir, `${uploadId}.csv`);
  if (!existsSync(path)) throw new UserError('That upload is no longer on the server: drop the file again.');
  return path;
}
