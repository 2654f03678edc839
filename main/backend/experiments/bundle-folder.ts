// Runs in: main process (plain Node). A bundle folder (what `seqlab export` writes) read as a RunBundle, checked before
// a byte of it is read: every entry's name (only files Seqlab bundles), kind (plain files, no symbolic links, pipes or
// devices) and size (against the bundle limits). A 600 MB or 3 GB file there used to be read whole first.
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { UserError } from '../../../shared/util/errors';
import type { BundleFile, RunBundle } from '../../../shared/model/experiments';
import { MAX_BUNDLE_BYTES, MAX_BUNDLE_FILES, MAX_BUNDLE_FILE_BYTES } from '../../../shared/model/bundle-limits';
import { BUNDLE_FORMAT, BUNDLE_VERSION } from './bundle-run-json';
import { isBundledPath, isBinaryBundlePath } from './run-bundle';

const megabytes = (bytes: number) => `${Math.round(bytes / 1_000_000)} MB`;

export function readBundleDir(dir: string): RunBundle {
  const root = resolve(dir);
  if (!existsSync(root) || !lstatSync(root).isDirectory()) {
    throw new UserError(`There is no folder at ${root}: pass the folder that seqlab export (or Export run in the window) wrote.`);
  }
  if (!existsSync(join(root, 'run.json')) && !isLink(join(root, 'run.json'))) {
    throw new UserError(`${root} has no run.json, so it is not a run bundle: pass the folder that seqlab export wrote.`);
  }
  // Every name, kind and size first; nothing is opened until the whole folder passes.
  const wanted: { path: string; absolute: string; size: number }[] = [];
  let total = 0;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const absolute = join(entry.parentPath, entry.name);
    const path = relative(root, absolute).split(sep).join('/');
    // Hidden files and folders (.DS_Store, .git) are the file manager's, not the bundle's.
    if (path.split('/').some((part) => part.startsWith('.'))) continue;
    if (entry.isDirectory()) continue;
    if (entry.isSymbolicLink()) {
      throw new UserError(`${path} in ${root} is a symbolic link: a bundle holds plain files, so nothing was imported. Copy the file itself into the folder.`);
    }
    if (!isBundledPath(path)) throw new UserError(`The bundle holds ${path}, which is not a file Seqlab bundles: remove it and import again.`);
    if (!entry.isFile()) throw new UserError(`${path} in ${root} is not a regular file: a bundle holds plain files, so nothing was imported.`);
    if (wanted.length === MAX_BUNDLE_FILES) {
      throw new UserError(`${root} holds more than ${MAX_BUNDLE_FILES} files: a run bundle has a handful. Pass the bundle's own folder.`);
    }
    const size = lstatSync(absolute).size;
    if (size > MAX_BUNDLE_FILE_BYTES) {
      throw new UserError(`${path} in ${root} is ${megabytes(size)}, more than a bundle file may hold (${megabytes(MAX_BUNDLE_FILE_BYTES)}): nothing was imported.`);
    }
    total += size;
    if (total > MAX_BUNDLE_BYTES) throw new UserError(`The files in ${root} add up to more than ${megabytes(MAX_BUNDLE_BYTES)}: a run bundle is far smaller, so nothing was imported.`);
    wanted.push({ path, absolute, size });
  }
  const files: BundleFile[] = wanted.map(({ path, absolute }) => {
    const bytes = readAtMost(absolute, MAX_BUNDLE_FILE_BYTES, path);
    return isBinaryBundlePath(path) ? { path, base64: bytes.toString('base64') } : { path, text: bytes.toString('utf8') };
  });
  files.sort((a, b) => a.path.localeCompare(b.path));
  return { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, files };
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The file's bytes, and no more than `limit` of them (it may have grown since it was measured). Opened without
 * following a link or waiting on a pipe that took its place since. */
function readAtMost(path: string, limit: number, name: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw new UserError(`${name} is no longer a regular file: nothing was imported.`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 20);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > limit) throw new UserError(`${name} grew past ${megabytes(limit)} while it was read: nothing was imported.`);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}
