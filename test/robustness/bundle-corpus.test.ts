// Runs in: vitest (Node). The bundle part of the robustness corpus (issue 12): zips read the way the Runs view reads
// them (renderer/runs/bundle-zip.ts, then the service's importRun on a real SQLite log), and folders imported with
// `seqlab import DIR` (a real process). Each case has its exact message; none leaves a run, a run folder or a file
// outside the bundle behind, and the log passes integrity_check. Zip bombs of 1 GiB stop at the limit, in bounded
// memory; a 600 MB or 3 GB file in a folder is refused by its size or name before it is read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { RunBundle } from '../../shared/model/experiments';
import { exportRun, importRun, readmeFile } from '../../main/backend/experiments/run-bundle';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import { runFilesRoot } from '../../main/core/run-files';
import { zipToBundle } from '../../renderer/runs/bundle-zip';
import { makeSourceLog } from '../support/bundle-fixture';
import { requireBuilt, seqlab } from '../support/built';
import { deflated, zeros, zipOf, type ZipEntry } from './support/zip-writer';

const GiB = 1 << 30;
let dir: string;
let good: RunBundle;

beforeAll(async () => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-bundle-corpus-'));
  const sourceDb = join(dir, 'source', 'runs.db');
  mkdirSync(dirname(sourceDb));
  const { forecastId } = await makeSourceLog(sourceDb);
  const source = await openRunLog(sourceDb);
  good = await exportRun(source, forecastId);
  await source.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fileOf = (path: string) => good.files.find((f) => f.path === path)!;
const bytesOf = (path: string) => {
  const file = fileOf(path);
  return file.base64 !== undefined ? Buffer.from(file.base64, 'base64') : Buffer.from(file.text!, 'utf8');
};
/** The good bundle's files as zip entries, minus `except`. */
const goodEntries = (except: string[] = []): ZipEntry[] => good.files.filter((f) => !except.includes(f.path)).map((f) => deflated(f.path, bytesOf(f.path)));

/** The target log is as it was: no run, no run folder, intact. */
function expectUntouched(dbPath: string): void {
  const db = new Database(dbPath, { readonly: true });
  try {
    expect((db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
  const root = runFilesRoot(dbPath);
  expect(existsSync(root) ? readdirSync(root) : []).toEqual([]);
}

describe('zips, read as the Runs view reads them, then imported', () => {
  interface ZipCase {
    name: string;
    zip: () => Promise<Buffer> | Buffer;
    message: string;
    /** Most memory the read may add (bytes of RSS). */
    maxMemory?: number;
  }
  const cases: ZipCase[] = [
    {
      name: 'zip slip: an entry climbing out of the folder',
      zip: () => zipOf([...goodEntries(), deflated('../../evil.txt', 'owned')]),
      message: 'The zip holds "../../evil.txt", a path outside its folder: it is not a bundle Seqlab wrote, so nothing was imported.',
    },
    {
      name: 'zip slip: an absolute path',
      zip: () => zipOf([...goodEntries(), deflated('/tmp/evil.txt', 'owned')]),
      message: 'The zip holds "/tmp/evil.txt", a path outside its folder: it is not a bundle Seqlab wrote, so nothing was imported.',
    },
    {
      name: 'zip bomb: 1 GiB of zeros as the weights, declared honestly',
      zip: async () => zipOf([...goodEntries(['model/weights.bin']), await zeros('model/weights.bin', GiB)]),
      message: 'model/weights.bin in the zip unpacks to more than 75 MB, more than a bundle file may hold: nothing was imported.',
      maxMemory: 150_000_000,
    },
    {
      name: 'zip bomb: 1 GiB of zeros declared as 1 KB',
      zip: async () => zipOf([...goodEntries(['model/weights.bin']), { ...(await zeros('model/weights.bin', GiB)), declaredSize: 1024 }]),
      message: 'model/weights.bin in the zip unpacks to more than 75 MB, more than a bundle file may hold: nothing was imported.',
      maxMemory: 250_000_000,
    },
    {
      name: 'zip bomb: three files of 70 MB, each under the file limit, together over the bundle limit',
      zip: async () =>
        zipOf([...goodEntries(), await zeros('charts/a.png', 70_000_000), await zeros('charts/b.png', 70_000_000), await zeros('charts/c.png', 70_000_000)]),
      message: 'The zip unpacks to more than 200 MB: a run bundle is far smaller, so nothing was imported.',
      maxMemory: 400_000_000,
    },
    {
      name: 'a zip of 150 files',
      zip: () => zipOf([...goodEntries(), ...Array.from({ length: 150 }, (_, i) => deflated(`charts/chart-${i}.png`, 'x'))]),
      message: 'The zip holds more than 100 files: a run bundle has a handful. Choose a zip saved with "Export run".',
    },
    {
      name: 'not a zip at all',
      zip: () => Buffer.from('epoch,loss\n1,0.4\n'),
      message: 'This file is not a readable zip. Choose a run bundle saved with "Export run" (seqlab-run-<id>.zip).',
    },
    {
      name: 'model files pointing elsewhere: the manifest names another file',
      zip: () =>
        zipOf([
          ...goodEntries(['model/model.json']),
          deflated('model/model.json', JSON.stringify({ ...JSON.parse(fileOf('model/model.json').text!), weightsManifest: [{ paths: ['../../../etc/shadow'], weights: JSON.parse(fileOf('model/model.json').text!).weightsManifest[0].weights }] })),
        ]),
      message: 'model/model.json points its weights at "../../../etc/shadow": a bundled model keeps them in model/weights.bin. Export the run again.',
    },
    {
      name: 'wrong types: a file with a number for its text',
      zip: () => zipOf([...goodEntries(['epochs.csv']), deflated('epochs.csv', 'epoch,loss,val_loss,seconds\n1,lots,0.5,1\n')]),
      message: 'epochs.csv line 2: loss is "lots", not a number. Fix the value or export the run again.',
    },
  ];

  it.each(cases.map((c, i) => [c.name, i] as const))('%s', async (_name, index) => {
    const c = cases[index];
    const caseDir = mkdtempSync(join(dir, 'zip-'));
    const dbPath = join(caseDir, 'target', 'runs.db');
    const store = await openRunLog(dbPath);
    const zip = await c.zip();
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    let error: unknown = null;
    try {
      await importRun(store, zipToBundle(zip));
    } catch (e) {
      error = e;
    } finally {
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect((error as Error | null)?.message).toBe(c.message);
    if (c.maxMemory) expect(peak - before).toBeLessThan(c.maxMemory);
    await store.close();
    expectUntouched(dbPath);
    expect(existsSync(join(caseDir, 'evil.txt')) || existsSync(join(dirname(caseDir), 'evil.txt'))).toBe(false);
  });
});

describe('folders, imported with seqlab import DIR', () => {
  /** The folder `seqlab export` writes for the good bundle. */
  function exported(name: string): string {
    const out = join(dir, name);
    for (const file of [...good.files, readmeFile(1, false)]) {
      const path = join(out, ...file.path.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.base64 !== undefined ? Buffer.from(file.base64, 'base64') : file.text!);
    }
    return out;
  }

  interface FolderCase {
    name: string;
    /** Changes the exported folder into the hostile one. */
    make: (folder: string) => void;
    message: string;
    /** Most seconds the refusal may take. */
    maxSeconds?: number;
  }
  const cases: FolderCase[] = [
    {
      name: 'the weights are a symbolic link to a file elsewhere',
      make: (folder) => {
        rmSync(join(folder, 'model', 'weights.bin'));
        symlinkSync('/etc/passwd', join(folder, 'model', 'weights.bin'));
      },
      message: 'model/weights.bin in {folder} is a symbolic link: a bundle holds plain files, so nothing was imported. Copy the file itself into the folder.',
    },
    {
      name: 'run.json is a symbolic link',
      make: (folder) => {
        rmSync(join(folder, 'run.json'));
        symlinkSync(join(dir, 'source', 'runs.db'), join(folder, 'run.json'));
      },
      message: 'run.json in {folder} is a symbolic link: a bundle holds plain files, so nothing was imported. Copy the file itself into the folder.',
    },
    {
      name: 'a 600 MB weights file (refused by its size, before it is read)',
      make: (folder) => truncateSync(join(folder, 'model', 'weights.bin'), 600_000_000),
      message: 'model/weights.bin in {folder} is 600 MB, more than a bundle file may hold (75 MB): nothing was imported.',
      maxSeconds: 10,
    },
    {
      name: 'a 3 GB file of another name (refused by its name, before it is read)',
      make: (folder) => {
        writeFileSync(join(folder, 'video.mp4'), '');
        truncateSync(join(folder, 'video.mp4'), 3_000_000_000);
      },
      message: 'The bundle holds video.mp4, which is not a file Seqlab bundles: remove it and import again.',
      maxSeconds: 10,
    },
    {
      name: 'a FIFO named epochs.csv (never opened)',
      make: (folder) => {
        rmSync(join(folder, 'epochs.csv'));
        execFileSync('mkfifo', [join(folder, 'epochs.csv')]);
      },
      message: 'epochs.csv in {folder} is not a regular file: a bundle holds plain files, so nothing was imported.',
      maxSeconds: 10,
    },
    {
      name: 'wrong types in run.json',
      make: (folder) => {
        const run = JSON.parse(fileOf('run.json').text!) as { run: Record<string, unknown> };
        run.run.epochsRun = 'three';
        writeFileSync(join(folder, 'run.json'), JSON.stringify(run));
      },
      message: 'run.json: run.epochsRun: Invalid input: expected number, received string.',
    },
    {
      name: 'model files pointing elsewhere',
      make: (folder) => {
        const model = JSON.parse(fileOf('model/model.json').text!) as { weightsManifest: { paths: string[] }[] };
        model.weightsManifest[0].paths = ['/etc/shadow'];
        writeFileSync(join(folder, 'model', 'model.json'), JSON.stringify(model));
      },
      message: 'model/model.json points its weights at "/etc/shadow": a bundled model keeps them in model/weights.bin. Export the run again.',
    },
  ];

  it.each(cases.map((c, i) => [c.name, i] as const))('%s', (_name, index) => {
    const c = cases[index];
    const folder = exported(`folder-${index}`);
    c.make(folder);
    const dbPath = join(dir, `folder-target-${index}`, 'runs.db');
    const started = Date.now();
    const result = seqlab('import', folder, '--db', dbPath);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(`seqlab: ${c.message.replaceAll('{folder}', folder)}`);
    expect(result.stderr).not.toMatch(/\n\s+at |Internal error/);
    expect(result.code).toBe(2);
    if (c.maxSeconds) expect(Date.now() - started).toBeLessThan(c.maxSeconds * 1000);
    if (existsSync(dbPath)) expectUntouched(dbPath);
  });

  it('the exported folder itself imports (the corpus changes one thing at a time)', () => {
    const folder = exported('folder-good');
    const dbPath = join(dir, 'folder-good-target', 'runs.db');
    const result = seqlab('import', folder, '--db', dbPath, '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: 1, status: 'completed' });
  });
});
