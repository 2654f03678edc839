// Runs in: vitest (Node). `seqlab export`, `seqlab import` and `seqlab runs --csv` as real processes on real logs:
// a run travels through a folder into another log with its model; bad folders fail cleanly and change nothing.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inferSchema, initParser } from 'udsv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/model/run';
import { modelDir, runFilesDir } from '../../main/core/run-files';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import { loadModel } from '../../main/trainer/model-io';
import { expectCleanFailure, requireBuilt, seqlab } from '../support/built';
import { makeSourceLog, predictOnce } from '../support/bundle-fixture';

let dir: string;
let sourceDb: string;
let targetDb: string;
let ids: Awaited<ReturnType<typeof makeSourceLog>>;
beforeAll(async () => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-cli-bundle-'));
  sourceDb = join(dir, 'source', 'runs.db');
  targetDb = join(dir, 'target', 'runs.db');
  mkdirSync(join(dir, 'source'));
  ids = await makeSourceLog(sourceDb);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function targetState(): Promise<{ runs: number; integrity: string }> {
  const store = await openRunLog(targetDb);
  try {
    return { runs: (await store.listRuns()).length, integrity: await store.integrityCheck() };
  } finally {
    await store.close();
  }
}

describe('seqlab export / import', () => {
  it('exports a run into a folder with a README, and refuses a non-empty folder without --force', () => {
    const out = join(dir, 'bundle');
    const exported = seqlab('export', String(ids.forecastId), '--out', out, '--db', sourceDb, '--json');
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout).files).toEqual(['run.json', 'epochs.csv', 'predictions.csv', 'model/model.json', 'model/weights.bin', 'preprocessing.json', 'README.txt']);
    expect(readFileSync(join(out, 'README.txt'), 'utf8')).toMatch(/No charts: PNG charts are drawn by the Seqlab window/);
    const weights = join(modelDir(runFilesDir(sourceDb, ids.forecastId)), 'weights.bin');
    expect(readFileSync(join(out, 'model', 'weights.bin')).equals(readFileSync(weights))).toBe(true);

    expectCleanFailure(seqlab('export', String(ids.forecastId), '--out', out, '--db', sourceDb), /is not empty: choose a new or empty folder, or pass --force/);
    expect(seqlab('export', String(ids.forecastId), '--out', out, '--db', sourceDb, '--force').code).toBe(0);
    expectCleanFailure(seqlab('export', '999', '--out', join(dir, 'nowhere'), '--db', sourceDb), /Run 999 is not in the run log/);
    expectCleanFailure(seqlab('export', String(ids.forecastId), '--db', sourceDb), /--out DIR is required/);
  });

  it('imports the folder into another log as a new run whose model gives the same output', async () => {
    const imported = seqlab('import', join(dir, 'bundle'), '--db', targetDb, '--json');
    expect(imported.code, imported.stderr).toBe(0);
    const run = JSON.parse(imported.stdout) as RunSummary;
    const source = await openRunLog(sourceDb);
    const target = await openRunLog(targetDb);
    try {
      const original = await source.getRun(ids.forecastId);
      const copy = await target.getRun(run.id);
      expect(copy.config).toEqual(original.config);
      expect(copy.metrics).toEqual(original.metrics);
      expect(copy.epochs).toEqual(original.epochs);
      expect(copy.predictions).toEqual(original.predictions);
      expect(copy.note).toMatch(new RegExp(`Imported from run ${ids.forecastId}\\.$`));
      expect(copy.hasModel).toBe(true);
    } finally {
      await source.close();
      await target.close();
    }
    const model = await loadModel(modelDir(runFilesDir(targetDb, run.id)));
    expect(predictOnce(model)).toBe(ids.modelOutput);

    const text = seqlab('import', join(dir, 'bundle'), '--db', targetDb);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/ as run \d+ \(completed, forecast, weather, 2016\.csv\)/);
  });

  it.each([
    ['a non-numeric loss', (d: string) => writeFileSync(join(d, 'epochs.csv'), 'epoch,loss,val_loss,seconds\n1,NaN?,0.5,1\n'), /epochs\.csv line 2: loss is "NaN\?", not a number/],
    ['a missing run.json', (d: string) => rmSync(join(d, 'run.json')), /has no run\.json, so it is not a run bundle/],
    ['a newer version', (d: string) => writeFileSync(join(d, 'run.json'), readFileSync(join(d, 'run.json'), 'utf8').replace('"version": 1', '"version": 7')), /written by a newer Seqlab: update Seqlab/],
    ['a stray file', (d: string) => writeFileSync(join(d, 'notes.txt'), 'hi'), /notes\.txt, which is not a file Seqlab bundles/],
  ])('refuses a folder with %s and leaves the log unchanged', async (_name, tamper, message) => {
    const before = await targetState();
    const copy = join(dir, `tampered-${Math.random().toString(16).slice(2)}`);
    cpSync(join(dir, 'bundle'), copy, { recursive: true });
    tamper(copy);
    expectCleanFailure(seqlab('import', copy, '--db', targetDb), message);
    expect(await targetState()).toEqual(before);
    expect(before.integrity).toBe('ok');
  });

  it('refuses a folder that does not exist', () => {
    expectCleanFailure(seqlab('import', join(dir, 'missing'), '--db', targetDb), /There is no folder at .*missing/);
  });
});

describe('seqlab runs --csv', () => {
  it('prints every matching run as CSV in the asked order', () => {
    // The note has a line break inside quotes, so read the output with a real CSV parser.
    const idsOf = (csv: string) => (initParser(inferSchema(csv)).stringArrs(csv) as string[][]).map((row) => Number(row[0]));
    const all = seqlab('runs', '--csv', '--db', sourceDb, '--sort', 'id:asc');
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/^id,created,dataset,task,cell,layers,hidden,window,horizon,epochs_run,status,best_val_loss/);
    expect(idsOf(all.stdout)).toEqual([ids.forecastId, ids.textId]);
    expect(idsOf(seqlab('runs', '--csv', '--db', sourceDb, '--status', 'stopped').stdout)).toEqual([ids.textId]);
    expectCleanFailure(seqlab('runs', '--csv', '--json', '--db', sourceDb), /Choose --csv or --json/);
  });
});
