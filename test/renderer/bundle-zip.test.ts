// Runs in: vitest (Node). The renderer's run bundle <-> zip conversion: a round trip keeps every file byte for
// byte, a zipped export folder is accepted, and files that are not bundles are refused with a clear message.
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { RunBundle } from '../../shared/model/experiments';
import { base64ToBytes, bundleToZip, bytesToBase64, isBinaryPath, zipToBundle } from '../../renderer/runs/bundle-zip';

/** Bytes 0-255 repeated: every byte value, including ones that are not valid UTF-8. */
function allBytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 7 + 3) % 256);
}

function bundle(): RunBundle {
  return {
    format: 'seqlab-run-bundle',
    version: 1,
    files: [
      { path: 'run.json', text: JSON.stringify({ id: 12, note: 'Szeged, naïve ✓', config: { window: 5 } }, null, 2) },
      { path: 'epochs.csv', text: 'epoch,loss,val_loss,seconds\r\n1,0.41,0.5,1.25\r\n2,0.2,,1.5\r\n' },
      { path: 'predictions.csv', text: 'time,truth,predicted\r\n2006-04-01T00:00:00Z,9.47,"9,5"\r\n' },
      { path: 'model/model.json', text: '{"format":"layers-model","weightsManifest":[]}' },
      // 70 kB: larger than one btoa chunk, so the chunked base64 path is exercised.
      { path: 'model/weights.bin', base64: bytesToBase64(allBytes(70_000)) },
      { path: 'charts/loss.png', base64: bytesToBase64(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])) },
    ],
  };
}

const byPath = (b: RunBundle) => [...b.files].sort((x, y) => x.path.localeCompare(y.path));

describe('bundle zip', () => {
  it('round-trips every file: text as text, weights and images as the same bytes', () => {
    const original = bundle();
    const zip = bundleToZip(original);
    // A real zip: the local file header signature, and fflate's own reader sees the same paths.
    expect([...zip.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(Object.keys(unzipSync(zip)).sort()).toEqual(original.files.map((f) => f.path).sort());

    const back = zipToBundle(zip);
    expect(back.format).toBe('seqlab-run-bundle');
    expect(back.version).toBe(1);
    expect(byPath(back)).toEqual(byPath(original));
    const weights = back.files.find((f) => f.path === 'model/weights.bin')!;
    expect(base64ToBytes(weights.base64!)).toEqual(allBytes(70_000));
  });

  it('base64 matches Node’s encoder', () => {
    const bytes = allBytes(1000);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect([...base64ToBytes(Buffer.from(bytes).toString('base64'))]).toEqual([...bytes]);
  });

  it('treats weights and images as binary, everything else as text', () => {
    expect(['model/weights.bin', 'charts/loss.png', 'charts/X.PNG'].map(isBinaryPath)).toEqual([true, true, true]);
    expect(['run.json', 'epochs.csv', 'model/model.json', 'README.txt'].map(isBinaryPath)).toEqual([false, false, false, false]);
  });

  it('accepts a zip of the exported folder, dropping the folder and files the OS adds', () => {
    const zip = zipSync({
      'seqlab-run-12/run.json': strToU8('{"id":12}'),
      'seqlab-run-12/epochs.csv': strToU8('epoch,loss\r\n1,0.4\r\n'),
      'seqlab-run-12/model/weights.bin': allBytes(10),
      'seqlab-run-12/.DS_Store': strToU8('junk'),
      '__MACOSX/seqlab-run-12/._run.json': strToU8('junk'),
    });
    const back = zipToBundle(zip);
    expect(back.files.map((f) => f.path).sort()).toEqual(['epochs.csv', 'model/weights.bin', 'run.json']);
    expect(back.files.find((f) => f.path === 'run.json')?.text).toBe('{"id":12}');
  });

  it('refuses a file that is not a zip, and a zip without run.json, saying what to choose instead', () => {
    expect(() => zipToBundle(strToU8('epoch,loss\n1,0.4\n'))).toThrow(/not a readable zip.*Export run/);
    expect(() => zipToBundle(zipSync({ 'notes.txt': strToU8('hello') }))).toThrow(/no run\.json.*Export run/);
  });
});
