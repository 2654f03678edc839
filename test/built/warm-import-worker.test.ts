// Runs in: vitest (Node), against the built import worker. The warm worker (issue 13, item 6): started ahead and
// idle, it takes the next job, a file read in place or an upload fed to it as it arrives, and gives the same summary
// as a worker started for the job; the one after it is warm again.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importInProcess, workerImporter } from '../../main/core/dataset/import-in-worker';
import { ByteFeed } from '../../main/core/dataset/byte-feed';
import { endWarmWorkers, keepWorkerWarm } from '../../main/core/dataset/worker-job';
import { ROOT, SZEGED_SLICE } from '../support/built';

const WORKER_ENTRY = join(ROOT, 'dist', 'main', 'import-worker.js');
const job = { path: SZEGED_SLICE, fileName: 'szeged-3000.csv', importOptions: {} };

describe('a warm import worker', () => {
  afterAll(() => endWarmWorkers());

  it('imports a file, then an upload fed in chunks, with the summary of an in-process import', async () => {
    const expected = { ...(await importInProcess(job, () => {})), parseSeconds: 0 };
    keepWorkerWarm(WORKER_ENTRY);
    const fractions: number[] = [];
    const read = await workerImporter(WORKER_ENTRY)(job, (f) => fractions.push(f));
    expect({ ...read, parseSeconds: 0 }).toEqual(expected);
    expect(fractions.at(-1)).toBe(1);

    // The next job may find the warm one started again meanwhile, or start its own: both must work alike. The file
    // stands in for the upload's (already whole here); its bytes come through the feed, as from a request.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const bytes = readFileSync(SZEGED_SLICE);
    const feed = new ByteFeed(bytes.length);
    const fed = workerImporter(WORKER_ENTRY)({ ...job, streamedBytes: bytes.length }, () => {}, feed);
    for (let at = 0; at < bytes.length; at += 40_000) feed.push(bytes.subarray(at, at + 40_000));
    feed.end();
    expect({ ...(await fed), parseSeconds: 0 }).toEqual(expected);
  });

  it('passes an upload cut short back as a clear message', async () => {
    keepWorkerWarm(WORKER_ENTRY);
    const bytes = readFileSync(SZEGED_SLICE);
    const feed = new ByteFeed(bytes.length);
    const fed = workerImporter(WORKER_ENTRY)({ ...job, streamedBytes: bytes.length }, () => {}, feed);
    feed.push(bytes.subarray(0, 100_000));
    feed.abort('The upload was interrupted: drop the file again.');
    await expect(fed).rejects.toThrow('The upload was interrupted: drop the file again.');
  });
});
