// Runs in: vitest (Node). Browser mode's uploads parsed while they arrive (issue 13, item 6): the bytes go to the
// uploads folder and to the import at once, and importing that upload takes the import already under way. A body cut
// short or longer than declared ends in a clear message, with no file left behind and no dataset registered.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SeqlabEvent } from '../../shared/api/seqlab-api';
import { DatasetRegistry } from '../../main/backend/datasets/dataset-registry';
import { receiveUpload, uploadedFile } from '../../main/backend/datasets/uploads';
import { importInProcess, type DatasetImporter } from '../../main/core/dataset/import-in-worker';
import { loadDataset } from '../../main/core/dataset/load-dataset';

const SLICE = join(import.meta.dirname, '..', 'fixtures', 'szeged-3000.csv');

/** The file's bytes in chunks of `size`, arriving one event-loop turn apart, as a request body does. */
async function* chunksOf(bytes: Buffer, size: number, stopAt = bytes.length): AsyncGenerator<Buffer> {
  for (let at = 0; at < stopAt; at += size) {
    await new Promise((resolve) => setImmediate(resolve));
    yield bytes.subarray(at, Math.min(at + size, stopAt));
  }
}

describe('an upload parsed while it arrives', () => {
  let dir: string;
  let events: SeqlabEvent[];
  let registry: DatasetRegistry;
  let imports: number;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seqlab-streamed-'));
    events = [];
    imports = 0;
    const counting: DatasetImporter = (job, onProgress, feed) => {
      imports += 1;
      return importInProcess(job, onProgress, feed);
    };
    registry = new DatasetRegistry(counting, (event) => events.push(event));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the summary of the file read whole, keeps the bytes, and importing the upload reads nothing again', async () => {
    const bytes = readFileSync(SLICE);
    const uploadId = await receiveUpload(dir, registry, chunksOf(bytes, 7_777), bytes.length, 'szeged-3000.csv');
    const path = uploadedFile(dir, uploadId);
    expect(readFileSync(path).equals(bytes)).toBe(true);

    const summary = await registry.importPath(path, 'szeged-3000.csv');
    expect(imports).toBe(1);
    const whole = (await loadDataset(SLICE, { fileName: 'szeged-3000.csv' })).summary;
    expect({ ...summary, parseSeconds: 0 }).toEqual({ ...whole, parseSeconds: 0 });
    expect(registry.get(summary.id)?.path).toBe(path);
    // The one figure: starts at 0 when the upload begins, reaches 1 once every byte is parsed.
    const fractions = events.flatMap((e) => (e.type === 'import-progress' ? [e.fraction] : []));
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
  });

  it('refuses a body cut short: a clear message, the file removed, nothing registered', async () => {
    const bytes = readFileSync(SLICE);
    await expect(receiveUpload(dir, registry, chunksOf(bytes, 50_000, 100_000), bytes.length, 'szeged-3000.csv')).rejects.toThrow(
      /interrupted before the whole file arrived: drop the file again/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a body longer than it declared', async () => {
    const bytes = readFileSync(SLICE);
    await expect(receiveUpload(dir, registry, chunksOf(bytes, 50_000), bytes.length - 10, 'szeged-3000.csv')).rejects.toThrow(
      /more bytes than it declared/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('passes a file that is not a table back as the importer\'s own message when the upload is imported', async () => {
    const bytes = Buffer.from('{"not": "a csv"}\n{"still": "json"}\n');
    const uploadId = await receiveUpload(dir, registry, chunksOf(bytes, 8), bytes.length, 'data.json');
    await expect(registry.importPath(uploadedFile(dir, uploadId), 'data.json')).rejects.toThrow(/JSON/);
  });
});
