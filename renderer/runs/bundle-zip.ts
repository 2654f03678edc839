// Runs in: renderer (pure; also used by Node tests). A run bundle to a .zip file and back.
// Text files are stored as UTF-8 text; the model's weights and chart images as bytes (base64 in the bundle).
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { BundleFile, RunBundle } from '../../shared/model/experiments';

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
 * then zipping DIR gives) is accepted too: the folder is stripped.
 */
export function zipToBundle(bytes: Uint8Array): RunBundle {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch {
    throw new Error('This file is not a readable zip. Choose a run bundle saved with "Export run" (seqlab-run-<id>.zip).');
  }
  const paths = Object.keys(entries).filter((path) => !path.endsWith('/') && !isJunk(path));
  const runJson = paths.filter((path) => path === 'run.json' || path.endsWith('/run.json')).sort((a, b) => a.length - b.length)[0];
  if (!runJson) {
    throw new Error('This zip holds no run.json, so it is not a Seqlab run bundle. Choose a zip saved with "Export run".');
  }
  const prefix = runJson.slice(0, -'run.json'.length);
  const files: BundleFile[] = paths
    .filter((path) => path.startsWith(prefix))
    .map((path) => {
      const data = entries[path];
      const relative = path.slice(prefix.length);
      return isBinaryPath(relative) ? { path: relative, base64: bytesToBase64(data) } : { path: relative, text: strFromU8(data) };
    });
  return { format: 'seqlab-run-bundle', version: 1, files };
}

/** Files operating systems add when zipping a folder by hand. */
function isJunk(path: string): boolean {
  return path.startsWith('__MACOSX/') || /(^|\/)(\.DS_Store|Thumbs\.db)$/.test(path);
}
