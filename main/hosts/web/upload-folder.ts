// Runs in: main process (browser mode). Keeps the uploads folder from filling the disk: an upload is kept while a
// dataset uses it (imported in this session, or the file a logged run was trained on, which "Run again" reads), the
// rest is deleted (at start, when its import failed, when left unimported), and the total is capped.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../../../shared/util/errors';

/** 2 GB: ten of the largest CSVs an upload may be, or about a hundred copies of the whole Szeged file. */
export const MAX_UPLOADS_TOTAL_BYTES = 2 * 1024 ** 3;

/** An upload nobody imported is left alone this long: its page may be about to import it (or another server
 * sharing the folder may be). */
export const UNCLAIMED_GRACE_MS = 10 * 60_000;

const UPLOAD_FILE = /^([0-9a-f]{32})\.csv$/;

export interface UploadFolderOptions {
  dir: string;
  maxTotalBytes?: number;
  /** The files logged runs were trained on (their provenance), read only when something may be deleted. */
  runDatasetPaths: () => Promise<Iterable<string | null | undefined>>;
  now?: () => number;
}

interface UploadFile {
  id: string;
  path: string;
  bytes: number;
  modifiedMs: number;
}

export class UploadFolder {
  private readonly claimed = new Set<string>();
  private readonly maxTotalBytes: number;
  private readonly now: () => number;

  constructor(private readonly options: UploadFolderOptions) {
    this.maxTotalBytes = options.maxTotalBytes ?? MAX_UPLOADS_TOTAL_BYTES;
    this.now = options.now ?? Date.now;
  }

  /** A dataset was imported from this upload: keep it for the session. */
  claim(uploadId: string): void {
    this.claimed.add(uploadId);
  }

  /** Its import failed, so no dataset uses it: delete it now (unless an earlier import of it succeeded). */
  async release(uploadId: string): Promise<void> {
    if (this.claimed.has(uploadId) || !/^[0-9a-f]{32}$/.test(uploadId)) return;
    const file = this.files().find((f) => f.id === uploadId);
    if (file && !(await this.runPaths()).has(resolve(file.path))) remove(file.path);
  }

  /** Deletes the uploads no dataset uses; returns the bytes of those kept. */
  async prune(): Promise<number> {
    let kept = 0;
    let runPaths: Set<string> | null = null;
    for (const file of this.files()) {
      const unclaimed = !this.claimed.has(file.id) && this.now() - file.modifiedMs > UNCLAIMED_GRACE_MS;
      if (unclaimed && !(runPaths ??= await this.runPaths()).has(resolve(file.path))) remove(file.path);
      else kept += file.bytes;
    }
    return kept;
  }

  /** Before saving `bytes` more: prune, then refuse (HTTP 507) when what is still in use leaves no room. */
  async makeRoom(bytes: number): Promise<void> {
    const kept = await this.prune();
    if (kept + bytes > this.maxTotalBytes) {
      throw new UploadsFullError(
        `The server's uploads already take ${mb(kept)} MB of the ${mb(this.maxTotalBytes)} MB they may use, all of them files that ` +
          `datasets loaded in this session or saved runs use: restart \`npm run serve\` (it keeps only the files saved runs ` +
          `were trained on) or delete runs you no longer need, then drop the file again.`,
      );
    }
  }

  private files(): UploadFile[] {
    let names: string[];
    try {
      names = readdirSync(this.options.dir);
    } catch {
      return [];
    }
    const files: UploadFile[] = [];
    for (const name of names) {
      const id = UPLOAD_FILE.exec(name)?.[1];
      if (!id) continue;
      const path = join(this.options.dir, name);
      try {
        const stat = statSync(path);
        if (stat.isFile()) files.push({ id, path, bytes: stat.size, modifiedMs: stat.mtimeMs });
      } catch {
        // Gone meanwhile: nothing to keep or delete.
      }
    }
    return files;
  }

  private async runPaths(): Promise<Set<string>> {
    const paths = new Set<string>();
    for (const path of await this.options.runDatasetPaths()) if (path) paths.add(resolve(path));
    return paths;
  }
}

/** The uploads folder is full of files still in use: answered with HTTP 507 (Insufficient Storage). */
export class UploadsFullError extends UserError {}

const mb = (bytes: number) => Math.round(bytes / 1e6).toLocaleString('en');

function remove(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Another server sharing the folder removed it, or it is not ours to remove: keep going.
  }
}
