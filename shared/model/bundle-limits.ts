// Runs in: anywhere (pure). What a run bundle may hold, checked before anything is read or inflated: a zip bomb (1 GiB
// of zeros in a 1 MB zip took 1.7 GB of memory, then a RangeError) or a bundle folder with a 600 MB file stops at the
// limit. A real bundle holds a handful of files; its largest, the weights, is a few MB (an LSTM of 256 units: 1 MB).

/** Files in one bundle (the API's limit too). */
export const MAX_BUNDLE_FILES = 100;
/** One file, as bytes: the API's 100,000,000 characters of base64 hold 75,000,000 bytes. */
export const MAX_BUNDLE_FILE_BYTES = 75_000_000;
/** All files together. */
export const MAX_BUNDLE_BYTES = 200_000_000;

/** A path no bundle may hold: absolute, with '..' or a backslash, or empty segments (zip slip, and "C:\\..." paths). */
export function unsafeBundlePath(path: string): boolean {
  return path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path) || path.split('/').some((part) => part === '..' || part === '');
}
