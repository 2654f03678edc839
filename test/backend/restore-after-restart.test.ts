// Runs in: vitest (Node). After a restart (a fresh registry and handlers over the same data folder), a dataset a window
// still shows is read again from its file by itself when the file is still there unchanged; a file that is gone or
// changed gets a message naming it and what to do (issue 13). Real files, real imports (in-process).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetRegistry } from '../../main/backend/datasets/dataset-registry';
import { datasetHandlers } from '../../main/backend/datasets/handlers';
import { readRecentImports, RECENT_IMPORTS } from '../../main/backend/datasets/recent-imports';
import type { BackendContext } from '../../main/backend/context';
import { importInProcess } from '../../main/core/dataset/import-in-worker';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';

const SLICE = join(import.meta.dirname, '..', 'fixtures', 'szeged-3000.csv');

describe('a dataset after a restart', () => {
  let dir: string;
  let csv: string;

  /** One start of the app: the session's datasets are empty, the data folder is what the last start left. */
  function start() {
    const datasets = new DatasetRegistry(importInProcess, () => undefined);
    const ctx = { datasets } as unknown as BackendContext;
    return { datasets, handlers: datasetHandlers(ctx, { samplesDir: join(dir, 'samples'), uploadsDir: join(dir, 'uploads') }) };
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seqlab-restore-'));
    csv = join(dir, 'szeged-3000.csv');
    copyFileSync(SLICE, csv);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('comes back by itself when its file is unchanged, for the check and the preview alike', async () => {
    const before = await start().handlers.importPath(csv, 'szeged-3000.csv', { dateOrder: 'dmy' });
    const { datasets, handlers } = start();
    expect(datasets.get(before.id)).toBeUndefined();
    const config = { ...FORECAST_DEFAULTS, datasetId: before.id, target: 'Temperature (C)', features: ['Temperature (C)'] };
    const [checked, preview] = await Promise.all([handlers.reimport(before.id, before.importOptions ?? {}), handlers.previewWindows(config)]);
    expect({ ...checked, parseSeconds: 0 }).toEqual({ ...before, parseSeconds: 0 });
    expect(checked.importOptions).toEqual({ dateOrder: 'dmy' });
    expect(preview.splits[0].windows).toBeGreaterThan(1000);
    expect(datasets.get(before.id)?.path).toBe(csv);
  });

  it('asks for the file again when it is gone, or changed since (size, time or bytes)', async () => {
    const text = readFileSync(csv, 'utf8');
    const stamp = new Date('2024-01-01T00:00:00Z');
    /** The original file, with a fixed time, imported before the "restart". */
    const importOriginal = async () => {
      writeFileSync(csv, text);
      utimesSync(csv, stamp, stamp);
      return start().handlers.importPath(csv);
    };

    // Same length and time, other bytes: only the hash tells.
    const before = await importOriginal();
    writeFileSync(csv, text.replace('Partly Cloudy', 'Partly_Cloudy'));
    utimesSync(csv, stamp, stamp);
    await expect(start().handlers.reimport(before.id, {})).rejects.toThrow(/szeged-3000\.csv has changed since it was imported .*open it again/);

    await importOriginal();
    writeFileSync(csv, text + text.split('\n')[1] + '\n');
    await expect(start().handlers.reimport(before.id, {})).rejects.toThrow(/has changed since it was imported/);

    await importOriginal();
    rmSync(csv);
    await expect(start().handlers.reimport(before.id, {})).rejects.toThrow(/szeged-3000\.csv is no longer where it was imported from .*open it again/);

    // Put back as it was: it comes back.
    writeFileSync(csv, text);
    utimesSync(csv, stamp, stamp);
    expect((await start().handlers.reimport(before.id, {})).id).toBe(before.id);
  });

  it('keeps only the last few files, and a dataset never written down gets the usual message', async () => {
    for (let k = 0; k < RECENT_IMPORTS + 2; k++) {
      const copy = join(dir, `copy-${k}.csv`);
      writeFileSync(copy, readFileSync(SLICE, 'utf8').split('\n').slice(0, 200 + k).join('\n'));
      await start().handlers.importPath(copy);
    }
    const recent = readRecentImports(join(dir, 'uploads'));
    expect(recent.map((r) => r.fileName)).toEqual(['copy-5.csv', 'copy-4.csv', 'copy-3.csv', 'copy-2.csv']);
    await expect(start().handlers.reimport('f'.repeat(64), {})).rejects.toThrow(/not loaded in this session: import the CSV again/);
  });
});
