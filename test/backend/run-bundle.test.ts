// Runs in: vitest (Node). Run bundles on real logs, SQLite files and PostgreSQL databases alike: export -> import
// into another log round-trips the run and its model; a tampered bundle is refused with a message naming the problem
// and leaves the target log as it was.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForecastRunDetail, TextRunSummary } from '../../shared/model/run';
import type { RunBundle } from '../../shared/model/experiments';
import { isUserError } from '../../shared/util/errors';
import { exportRun, importRun } from '../../main/backend/experiments/run-bundle';
import { modelDir } from '../../main/core/run-files';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import { loadModel } from '../../main/trainer/model-io';
import { filesRootOf, foldersIn, makeSourceLog, predictOnce } from '../support/bundle-fixture';
import { LOG_TARGETS } from '../support/log-targets';

describe.each(LOG_TARGETS)('run bundles on $name', (logTarget) => {
  let dir: string;
  let ids: Awaited<ReturnType<typeof makeSourceLog>>;
  let source: AsyncRunLog;

  /** A log and the folder of its run folders (beside a SQLite file; a folder of this test's for a server log). */
  async function openLog(name: string, location?: string): Promise<{ store: AsyncRunLog; root: string }> {
    const store = await openRunLog(location ?? (await logTarget.fresh()), { filesRoot: join(dir, name, 'files') });
    return { store, root: await filesRootOf(store) };
  }

  beforeAll(async () => {
    await logTarget.setup();
    dir = mkdtempSync(join(tmpdir(), 'seqlab-bundle-'));
    const sourceLog = await logTarget.fresh();
    const sourceFiles = join(dir, 'source', 'files');
    mkdirSync(join(dir, 'source'));
    ids = await makeSourceLog(sourceLog, sourceFiles);
    source = (await openLog('source', sourceLog)).store;
  }, 60_000);
  afterAll(async () => {
    await source?.close();
    rmSync(dir, { recursive: true, force: true });
    await logTarget.teardown();
  });

  /** A bundle as it crosses the WebSocket: plain JSON. */
  const overTheWire = (bundle: RunBundle): RunBundle => JSON.parse(JSON.stringify(bundle)) as RunBundle;

  const freshTarget = (name: string) => openLog(name);

  describe('exportRun', () => {
    it('bundles run.json, epochs.csv, predictions.csv and the files in the run folder', async () => {
      const bundle = await exportRun(source, ids.forecastId);
      expect(bundle.format).toBe('seqlab-run-bundle');
      expect(bundle.files.map((f) => f.path)).toEqual(['run.json', 'epochs.csv', 'predictions.csv', 'model/model.json', 'model/weights.bin', 'preprocessing.json']);
      const file = (path: string) => bundle.files.find((f) => f.path === path)!;
      expect(file('epochs.csv').text).toBe('epoch,loss,val_loss,seconds\n1,0.4123456789012345,0.5,1.25\n2,0.2,0.31,1.5\n3,0.1,,0.75\n');
      expect(file('predictions.csv').text!.split('\n').slice(0, 2)).toEqual(['time,truth,predicted,persistence,residual', '2016-01-01T00:00:00.123Z,1.5,1.4,1,0.1']);
      const weights = readFileSync(join(modelDir(await source.runFilesDir(ids.forecastId)), 'weights.bin'));
      expect(Buffer.from(file('model/weights.bin').base64!, 'base64').equals(weights)).toBe(true);
      expect(JSON.parse(file('run.json').text!).run.id).toBe(ids.forecastId);
    });

    it('a text run has no predictions.csv and no model files', async () => {
      expect((await exportRun(source, ids.textId)).files.map((f) => f.path)).toEqual(['run.json', 'epochs.csv']);
    });
  });

  describe('importRun round trip', () => {
    it('adds the forecast run to another log with its settings, metrics, epochs, predictions and model', async () => {
      const { store, root } = await freshTarget('round-trip');
      try {
        // Another run first, so the imported one gets a different id than it had.
        const text = await source.getSummary(ids.textId);
        await store.createRun(text.config, text.dataset);
        const imported = await importRun(store, overTheWire(await exportRun(source, ids.forecastId)));
        const original = (await source.getRun(ids.forecastId)) as ForecastRunDetail;
        const copy = (await store.getRun(imported.id)) as ForecastRunDetail;
        expect(copy.id).not.toBe(original.id);
        for (const key of ['config', 'dataset', 'metrics', 'baselines', 'status', 'backend', 'createdAt', 'finishedAt', 'trainSeconds', 'trainSamplesPerSecond', 'epochsRun', 'bestValLoss', 'lastValLoss', 'starred', 'epochs', 'predictions'] as const) {
          expect(copy[key], key).toEqual(original[key]);
        }
        expect(copy.tags).toEqual([...original.tags!, 'imported']);
        expect(copy.note).toBe(`${original.note}\nImported from run ${original.id}.`);
        expect(copy.provenance).toEqual({ ...original.provenance, datasetPath: null });
        expect(copy.hasModel).toBe(true);

        const model = await loadModel(modelDir(await store.runFilesDir(copy.id)));
        expect(predictOnce(model)).toBe(ids.modelOutput);
        expect(JSON.parse(readFileSync(join(await store.runFilesDir(copy.id), 'preprocessing.json'), 'utf8'))).toEqual({ scaler: { mean: [1], std: [2] } });
        expect(foldersIn(root)).toEqual([String(copy.id)]);
        expect(await store.integrityCheck()).toBe('ok');
      } finally {
        await store.close();
      }
    });

    it('keeps a text run stopped, with its classification scores and no model', async () => {
      const { store } = await freshTarget('text');
      try {
        const imported = (await importRun(store, overTheWire(await exportRun(source, ids.textId)))) as TextRunSummary;
        expect(imported.status).toBe('stopped');
        expect(imported.metrics).toEqual((await source.getSummary(ids.textId)).metrics);
        expect(imported.hasModel).toBe(false);
        expect(await store.getPredictions(imported.id)).toBeNull();
        expect((await store.queryRuns({ filter: { text: 'imported' } })).runs.map((r) => r.id)).toEqual([imported.id]);
      } finally {
        await store.close();
      }
    });
  });

  describe('importRun refuses a tampered bundle and leaves the log unchanged', () => {
    let target: { store: AsyncRunLog; root: string };
    beforeAll(async () => {
      target = await freshTarget('tampered');
      await importRun(target.store, await exportRun(source, ids.textId));
    });
    afterAll(() => target.store.close());

    const edit = (path: string, change: (text: string) => string) => (bundle: RunBundle) => {
      const file = bundle.files.find((f) => f.path === path)!;
      file.text = change(file.text!);
    };
    const cases: [string, (bundle: RunBundle) => void, RegExp][] = [
      ['a newer bundle version', (b) => ((b as { version: number }).version = 2), /newer Seqlab: update Seqlab/],
      ['a newer run.json version', edit('run.json', (t) => t.replace('"version": 1', '"version": 2')), /run\.json: version: This bundle was written by a newer Seqlab/],
      ['a path with ..', (b) => (b.files[1].path = '../epochs.csv'), /must be relative, without \.\./],
      ['a non-numeric loss', edit('epochs.csv', (t) => t.replace('\n2,0.2,', '\n2,abc,')), /epochs\.csv line 3: loss is "abc", not a number/],
      ['a missing run.json', (b) => b.files.splice(0, 1), /no run\.json/],
      ['run.json that is not JSON', edit('run.json', (t) => t.slice(0, 50)), /run\.json is not valid JSON/],
      ['a bad setting', edit('run.json', (t) => t.replace('"window": 3', '"window": -3')), /run\.json: run\.config\.window: Window must be at least 1/],
      ['a running status', edit('run.json', (t) => t.replace('"status": "completed"', '"status": "running"')), /run\.status: must be completed, stopped, failed or interrupted/],
      ['epochs missing from epochs.csv', edit('epochs.csv', (t) => t.split('\n').slice(0, 3).join('\n')), /epochs\.csv has 2 epochs but run\.json says the run ran 3/],
      ['a bad time in predictions.csv', edit('predictions.csv', (t) => t.replace('2016-01-01T02', 'yesterday 2')), /predictions\.csv line 4: time "yesterday/],
      ['a ragged predictions line', edit('predictions.csv', (t) => t.replace(',4.125,', ',')), /predictions\.csv line 5: 4 fields where the header has 5/],
      ['truncated weights', (b) => {
        const weights = b.files.find((f) => f.path === 'model/weights.bin')!;
        weights.base64 = Buffer.from(weights.base64!, 'base64').subarray(8).toString('base64');
      }, /model\/weights\.bin holds \d+ bytes but model\/model\.json lists \d+/],
      ['a model without weights', (b) => b.files.splice(b.files.findIndex((f) => f.path === 'model/weights.bin'), 1), /model\/model\.json without model\/weights\.bin/],
      ['an unknown file', (b) => b.files.push({ path: 'evil.sh', text: 'rm -rf /' }), /evil\.sh, which is not a file Seqlab bundles/],
      ['a duplicated file', (b) => b.files.push({ ...b.files[0] }), /holds run\.json twice/],
    ];

    it.each(cases)('%s', async (_name, tamper, message) => {
      const { store, root } = target;
      const before = { runs: (await store.listRuns()).length, folders: foldersIn(root) };
      const bundle = overTheWire(await exportRun(source, ids.forecastId));
      tamper(bundle);
      let caught: unknown;
      try {
        await importRun(store, bundle);
      } catch (error) {
        caught = error;
      }
      expect(isUserError(caught), String(caught)).toBe(true);
      expect((caught as Error).message).toMatch(message);
      expect((await store.listRuns()).length).toBe(before.runs);
      expect(foldersIn(root)).toEqual(before.folders);
      expect(await store.integrityCheck()).toBe('ok');
    });

    it('rolls the run back and removes the staged files when the model cannot be moved into place', async () => {
      const { store, root } = target;
      const before = (await store.listRuns()).length;
      // The id the next import will get: its folder is taken, so the move fails inside the transaction.
      const nextId = Math.max(...(await store.listRuns()).map((r) => r.id)) + 1;
      const blocker = join(root, String(nextId));
      mkdirSync(join(blocker, 'model'), { recursive: true });
      try {
        await expect(importRun(store, await exportRun(source, ids.forecastId))).rejects.toThrow(/already exists though run \d+ is new to this log/);
        expect((await store.listRuns()).length).toBe(before);
        expect(foldersIn(root).filter((name) => name.startsWith('.import-'))).toEqual([]);
        expect(await store.integrityCheck()).toBe('ok');
      } finally {
        rmSync(blocker, { recursive: true, force: true });
      }
      // With the folder gone, the same bundle imports.
      const again = await importRun(store, await exportRun(source, ids.forecastId));
      // SQLite rolls its id counter back with the transaction; a PostgreSQL sequence never goes back, so there the
      // failed import used up an id.
      if (logTarget.name === 'sqlite') expect(again.id).toBe(nextId);
      expect(existsSync(join(root, String(again.id), 'model', 'weights.bin'))).toBe(true);
    });
  });
});
