// Runs in: renderer (pure; also used by Node tests). A run bundle to a .zip file and back, the way back bounded (names
// and sizes checked as the zip is read, so a zip bomb stops at the limit).
// Text files are stored as UTF-8 text; the model's weights and chart images as bytes (base64 in the bundle).
import { Unzip, UnzipInflate, strFromU8, strToU8, zipSync, type Zippable } from 'fflate';
import type { BundleFile, RunBundle } from '../../shared/model/experiments';
import { MAX_BUNDLE_BYTES, MAX_BUNDLE_FILES, MAX_BUNDLE_FILE_BYTES, unsafeBundlePath } from '../../shared/model/bundle-limits';

/** Files the bundle carries as base64: the model's weights and images. Everything else is text. */
export function isBinaryPath(path: string): boolean {
  return /\.(bin|png)$/i.test(path);
}

export function bytesToBase64(bytes: Uint8Array): string {
  // btoa takes a binary string; build it in chunks so large weight files do not overflow the argument list.
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bundleToZip(bundle: RunBundle): Uint8Array {
  const entries: Zippable = {};
  for (const file of bundle.files) {
    if (file.base64 !== undefined) {
      // Weights and PNGs hardly compress; storing them saves time for nothing lost.
      entries[file.path] = [base64ToBytes(file.base64), { level: 0 }];
    } else {
      entries[file.path] = [strToU8(file.text ?? ''), { level: 6 }];
    }
  }
  return zipSync(entries);
}

/**
 * Reads a bundle zip. A zip of the exported folder (everything under one top folder, as `seqlab export --out DIR`
 * then zipping DIR gives) is accepted too: the folder is stripped. Names are checked as they come, and what is
 * inflated is counted as it comes out, against the bundle limits: a declared size can lie, a running total cannot.
 */
export function zipToBundle(bytes: Uint8Array): RunBundle {
  const entries = readZipEntries(bytes);
  const paths = [...entries.keys()];
  const runJson = paths.filter((path) => path === 'run.json' || path.endsWith('/run.json')).sort((a, b) => a.length - b.length)[0];
  if (!runJson) {
    throw new Error('This zip holds no run.json, so it is not a Seqlab run bundle. Choose a zip saved with "Export run".');
  }
  const prefix = runJson.slice(0, -'run.json'.length);
  const files: BundleFile[] = paths
    .filter((path) => path.startsWith(prefix))
    .map((path) => {
      const data = entries.get(path)!;
      const relative = path.slice(prefix.length);
      return isBinaryPath(relative) ? { path: relative, base64: bytesToBase64(data) } : { path: relative, text: strFromU8(data) };
    });
  return { format: 'seqlab-run-bundle', version: 1, files };
}

/** Compressed bytes handed to the inflater at a time: deflate expands at most ~1032x, so one step makes <= ~17 MB. */
const ZIP_STEP = 16 * 1024;

/** The zip's files (not folders, not the OS's junk), refused as soon as a name or a size is out of bounds. */
function readZipEntries(bytes: Uint8Array): Map<string, Uint8Array> {
  const entries = new Map<string, Uint8Array>();
  let total = 0;
  let problem: string | null = null;
  // Set when a limit is passed: reading stops after the current step. (Throwing from ondata would not: fflate hands
  // the error back to ondata and keeps its input, so every later step inflates all of it again.)
  let refused: string | null = null;
  const unzip = new Unzip((file) => {
    if (file.name.endsWith('/') || isJunk(file.name)) return;
    if (unsafeBundlePath(file.name)) throw new BundleZipError(`The zip holds "${file.name}", a path outside its folder: it is not a bundle Seqlab wrote, so nothing was imported.`);
    if (entries.size + 1 > MAX_BUNDLE_FILES) throw new BundleZipError(`The zip holds more than ${MAX_BUNDLE_FILES} files: a run bundle has a handful. Choose a zip saved with "Export run".`);
    if ((file.originalSize ?? 0) > MAX_BUNDLE_FILE_BYTES) throw tooLarge(file.name, file.originalSize!);
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (error, data, final) => {
      if (refused !== null) return;
      if (error) {
        problem ??= `${file.name} in the zip cannot be read (${error.message})`;
        return;
      }
      size += data.length;
      total += data.length;
      if (size > MAX_BUNDLE_FILE_BYTES) refused = tooLarge(file.name, size).message;
      else if (total > MAX_BUNDLE_BYTES) refused = `The zip unpacks to more than ${megabytes(MAX_BUNDLE_BYTES)}: a run bundle is far smaller, so nothing was imported.`;
      if (refused !== null) return;
      chunks.push(data);
      if (final) entries.set(file.name, concat(chunks, size));
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && refused === null; at += ZIP_STEP) unzip.push(bytes.subarray(at, at + ZIP_STEP), at + ZIP_STEP >= bytes.length);
    if (bytes.length === 0) unzip.push(bytes, true);
  } catch (error) {
    if (error instanceof BundleZipError) throw new Error(error.message);
    throw notAZip();
  }
  if (refused !== null) throw new Error(refused);
  if (problem !== null) throw new Error(`${problem}. Choose a zip saved with "Export run".`);
  if (entries.size === 0 && !(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw notAZip();
  return entries;
}

class BundleZipError extends Error {}

const megabytes = (bytes: number) => `${Math.round(bytes / 1_000_000)} MB`;

function tooLarge(name: string, size: number): BundleZipError {
  return new BundleZipError(
    `${name} in the zip unpacks to ${size > MAX_BUNDLE_FILE_BYTES ? `more than ${megabytes(MAX_BUNDLE_FILE_BYTES)}` : megabytes(size)}, more than a bundle file may hold: nothing was imported.`,
  );
}

function notAZip(): Error {
  return new Error('This file is not a readable zip. Choose a run bundle saved with "Export run" (seqlab-run-<id>.zip).');
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Files operating systems add when zipping a folder by hand. */
function isJunk(path: string): boolean {
  return path.startsWith('__MACOSX/') || /(^|\/)(\.DS_Store|Thumbs\.db)$/.test(path);
}
