// Runs in: vitest (Node). `seqlab runs` filters and sort, and `seqlab compare`, as real processes on a real log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import type { RunResult } from '../../shared/model/run';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { ForecastConfig } from '../../shared/model/config';
import type { RunSummary } from '../../shared/model/run';
import type { RunComparison } from '../../shared/model/run-log';
import { requireBuilt, seqlab } from '../support/built';
import { runsQueryFromArgs } from '../../main/hosts/cli/cli-runs';

const SHA = 'c'.repeat(64);
const base: ForecastConfig = { ...FORECAST_DEFAULTS, datasetId: SHA, target: 'T', features: ['T'] };
const dataset = { fileName: 'weather.csv', sizeBytes: 10, sha256: SHA, rowsUsed: 100 };
const result = (mae: number): RunResult => ({
  status: 'completed',
  backend: 'cpu',
  trainSeconds: 1,
  trainSamplesPerSecond: 10,
  metrics: { test: { mae, rmse: mae * 2, mape: 3 } },
  baselines: { persistence: { mae: 1, rmse: 2, mape: 4 } },
  predictions: { times: [1, 2], truth: [1, 2], predicted: [1, mae], persistence: [0, 1] },
});

let dir: string;
let db: string;
let ids: number[];
beforeAll(async () => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-cli-runs-'));
  db = join(dir, 'runs.db');
  const store = await openRunLog(db);
  ids = [];
  for (const { cell, window, mae } of [
    { cell: 'GRU' as const, window: 24, mae: 0.7 },
    { cell: 'LSTM' as const, window: 5, mae: 0.4 },
    { cell: 'LSTM' as const, window: 48, mae: 0.9 },
  ]) {
    const id = await store.createRun({ ...base, cell, window }, dataset);
    await store.addEpoch(id, { epoch: 1, loss: 0.5, valLoss: mae, seconds: 1 });
    await store.finishRun(id, result(mae));
    ids.push(id);
  }
  await store.updateRun(ids[2], { tags: ['long-window'] });
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runIds = (stdout: string) => (JSON.parse(stdout) as RunSummary[]).map((run) => run.id);

describe('seqlab runs with filters and sort', () => {
  it('lists every run newest first without options', () => {
    const out = seqlab('runs', '--db', db, '--json');
    expect(out.code, out.stderr).toBe(0);
    expect(runIds(out.stdout)).toEqual([...ids].reverse());
  });

  it('filters, sorts and limits in one call, and prints one line per run without --json', () => {
    expect(runIds(seqlab('runs', '--db', db, '--json', '--cell', 'lstm', '--sort', 'window:desc', '--limit', '1').stdout)).toEqual([ids[2]]);
    const text = seqlab('runs', '--db', db, '--cell', 'gru');
    expect(text.stdout.trim().split('\n')).toHaveLength(1);
    expect(text.stdout).toMatch(/GRUx1\tweather\.csv\tMAE 0\.7000/);
  });

  it('rejects a bad option with one clear line', () => {
    const out = seqlab('runs', '--db', db, '--sort', 'colour');
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(/--sort must be one of/);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('seqlab runs options (in process)', () => {
  it('turns options into the log query the app uses, lower-is-better metrics ascending by default', () => {
    expect(runsQueryFromArgs({ filter: 'LONG-window', status: 'failed', cell: 'rnn', limit: '5' })).toEqual({
      filter: { text: 'LONG-window', status: 'failed', cell: 'SimpleRNN', archived: 'include' },
      limit: 5,
    });
    expect(runsQueryFromArgs({ sort: 'testMae' }).sort).toEqual({ column: 'testMae', direction: 'asc' });
    expect(runsQueryFromArgs({ sort: 'createdAt' }).sort).toEqual({ column: 'createdAt', direction: 'desc' });
    expect(runsQueryFromArgs({ sort: 'window:asc', archived: 'hide' })).toMatchObject({ sort: { column: 'window', direction: 'asc' }, filter: { archived: 'hide' } });
    expect(() => runsQueryFromArgs({ status: 'done' })).toThrow(/--status must be one of/);
    expect(() => runsQueryFromArgs({ cell: 'transformer' })).toThrow(/--cell must be rnn, gru or lstm/);
    expect(() => runsQueryFromArgs({ limit: '0' })).toThrow(/--limit must be a whole number/);
    expect(() => runsQueryFromArgs({ sort: 'window:sideways' })).toThrow(/direction must be asc or desc/);
  });
});

describe('seqlab compare', () => {
  it('prints the settings that differ and the metrics side by side', () => {
    const out = seqlab('compare', String(ids[0]), String(ids[1]), '--db', db);
    expect(out.code, out.stderr).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`run ${ids[0]}\\s+run ${ids[1]}`));
    expect(lines.filter((line) => /^(window|cell)\s/.test(line))).toEqual([
      expect.stringMatching(/^window\s+24\s+5$/),
      expect.stringMatching(/^cell\s+"GRU"\s+"LSTM"$/),
    ]);
    expect(out.stdout).not.toMatch(/^hiddenUnits/m);
    expect(out.stdout).toMatch(/test MAE\s+0\.7000\s+0\.4000/);
    expect(out.stdout).toMatch(/predictions: comparable/);
  });

  it('answers JSON with the runs, their epochs, the differing settings and the predictions', () => {
    const out = seqlab('compare', ...ids.map(String), '--db', db, '--json');
    expect(out.code, out.stderr).toBe(0);
    const comparison = JSON.parse(out.stdout) as RunComparison;
    expect(comparison.runs.map((r) => r.run.id)).toEqual(ids);
    expect(comparison.runs.map((r) => r.epochs.length)).toEqual([1, 1, 1]);
    expect(comparison.differingSettings).toEqual(['window', 'cell']);
    expect(comparison.predictions?.map((p) => p.series.predicted[1])).toEqual([0.7, 0.4, 0.9]);
  });

  it('refuses one run, or a word that is not a run id, clearly', () => {
    const one = seqlab('compare', String(ids[0]), '--db', db);
    expect(one.code).not.toBe(0);
    expect(one.stderr).toMatch(/2 to 10/);
    const missing = seqlab('compare', String(ids[0]), '999', 'x', '--db', db);
    expect(missing.stderr).toMatch(/"x" is not a run id/);
  });
});
