// Runs in: vitest (Node). Issue 15 through the built `seqlab` command, real processes and a real run log: a train run
// with intervals and a target transform, a backtest whose folds are runs of their own (the last fold scores its
// baselines exactly as a single run on the same rows does), and "suggest" on white noise saying plainly that nothing
// beat the baselines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, requireBuilt, seqlab } from '../support/built';
import { BASELINE_NAMES } from '../../shared/model/metrics';
import { createRng } from '../../main/core/rng';

const AIR = join(ROOT, 'test', 'fixtures', 'air-quality-2004-h1.csv');
const COMMON = ['--target', 'T', '--mark-missing', 'T=-200', '--window', '24', '--epochs', '2', '--hidden', '16'];
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

let dir: string;
let db: string;
beforeAll(() => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-cli-issue15-'));
  db = join(dir, 'runs.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('seqlab train with intervals and a target transform', () => {
  it('reports coverage and width per level, in original units, and names the -200 marker with the flag that marks it', () => {
    const result = seqlab('train', '--csv', AIR, ...COMMON, '--target-transform', 'difference', '--interval', '0.8,0.95', '--db', db, '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('note: T is -200 in 79 rows: probably a missing-value marker (its other values lie between 6.1 and 42.2) (--mark-missing "T=-200" treats it as missing)');
    const summary = lastJson(result.stdout);
    expect(summary.config).toMatchObject({ targetTransform: 'difference', intervals: [0.8, 0.95] });
    const intervals = summary.metrics.test.intervals;
    expect(intervals.map((i: { level: number }) => i.level)).toEqual([0.8, 0.95]);
    for (const band of intervals) {
      expect(band.coverage).toBeGreaterThan(0.6);
      expect(band.coverage).toBeLessThanOrEqual(1);
    }
    expect(intervals[1].meanWidth).toBeGreaterThan(intervals[0].meanWidth);
    // Degrees, not changes: the model is within a couple of degrees, as persistence is.
    expect(summary.metrics.test.mae).toBeLessThan(3 * summary.baselines.persistence.mae);

    const none = seqlab('train', '--csv', AIR, ...COMMON, '--interval', 'none', '--epochs', '1', '--db', db, '--json');
    expect(lastJson(none.stdout).metrics.test.intervals).toBeUndefined();
    const bad = seqlab('train', '--csv', AIR, ...COMMON, '--target-transform', 'sqrt', '--db', db);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--target-transform must be none, difference, log or seasonal-difference/);
  });
});

describe('seqlab backtest', () => {
  it('scores the model and every baseline per fold, logs the folds as children of one run, and the last fold matches a single run', () => {
    const result = seqlab('backtest', '--csv', AIR, ...COMMON, '--folds', '3', '--db', db, '--json');
    expect(result.code, result.stderr).toBe(0);
    const backtest = lastJson(result.stdout);
    expect(backtest.status).toBe('completed');
    expect(backtest.folds).toHaveLength(3);
    // Expanding: the training part grows by one test block per fold, the test blocks follow one another to the end.
    const [a, b, c] = backtest.folds;
    expect(b.trainRows - a.trainRows).toBe(a.testEnd - a.testStart);
    expect([a.testEnd, b.testEnd, c.testEnd]).toEqual([b.testStart, c.testStart, 2694]);
    for (const fold of backtest.folds) {
      expect(Number.isFinite(fold.model.mae)).toBe(true);
      expect(Object.keys(fold.baselines).sort()).toEqual([...BASELINE_NAMES].sort());
    }
    const maes = backtest.folds.map((f: { model: { mae: number } }) => f.model.mae);
    const mean = maes.reduce((x: number, y: number) => x + y, 0) / 3;
    expect(backtest.summary.model.maeMean).toBeCloseTo(mean, 12);
    expect(backtest.summary.model.maeStd).toBeCloseTo(Math.sqrt(maes.reduce((s: number, m: number) => s + (m - mean) ** 2, 0) / 3), 12);

    // The last fold is the single run's split: a plain `train` on the same file scores the same baselines exactly.
    const single = lastJson(seqlab('train', '--csv', AIR, ...COMMON, '--db', db, '--json').stdout);
    for (const name of BASELINE_NAMES) {
      expect(c.baselines[name], name).toEqual({ mae: single.baselines[name].mae, rmse: single.baselines[name].rmse });
    }

    // In the log: the parent holds the mean test MAE, each fold points at it.
    const runs = lastJson(seqlab('runs', '--db', db, '--json', '--limit', '100').stdout) as { id: number; parentRunId: number | null; metrics: { test?: { mae: number } } }[];
    const list = Array.isArray(runs) ? runs : (runs as unknown as { runs: typeof runs }).runs;
    const parent = list.find((r) => r.id === backtest.parentRunId)!;
    expect(parent.metrics.test!.mae).toBeCloseTo(mean, 12);
    expect(list.filter((r) => r.parentRunId === backtest.parentRunId).map((r) => r.id).sort((x, y) => x - y)).toEqual(
      backtest.folds.map((f: { runId: number }) => f.runId),
    );
  });

  it('keeps the training length in sliding mode, and refuses more folds than the rows allow', () => {
    const sliding = lastJson(seqlab('backtest', '--csv', AIR, ...COMMON, '--folds', '2', '--mode', 'sliding', '--epochs', '1', '--db', db, '--json').stdout);
    expect(sliding.folds.map((f: { trainRows: number }) => f.trainRows)).toEqual([sliding.folds[0].trainRows, sliding.folds[0].trainRows]);
    const tooMany = seqlab('backtest', '--csv', AIR, ...COMMON, '--folds', '6', '--db', db);
    expect(tooMany.code).not.toBe(0);
    expect(tooMany.stderr).toMatch(/use fewer folds, or a smaller test share with --split/);
  });
});

describe('seqlab suggest', () => {
  it('on white noise says plainly that nothing beat the best baseline', () => {
    // 2,000 hours of seeded uniform noise: its past says nothing about its next value.
    const random = createRng(15);
    const start = Date.UTC(2020, 0, 1);
    const lines = ['time,value', ...Array.from({ length: 2000 }, (_, i) => `${new Date(start + i * 3_600_000).toISOString()},${(random() * 10).toFixed(3)}`)];
    const noise = join(dir, 'white-noise.csv');
    writeFileSync(noise, lines.join('\n'));
    const result = seqlab('suggest', '--csv', noise, '--target', 'value', '--budget-minutes', '0.3', '--db', db, '--json');
    expect(result.code, result.stderr).toBe(0);
    const suggestion = lastJson(result.stdout);
    expect(suggestion.beatsBaseline).toBe(false);
    expect(suggestion.verdict).toMatch(/^Nothing tried beat .* by a clear margin/);
    expect(suggestion.verdict).toMatch(/noise/);
    expect(suggestion.tried.length).toBeGreaterThanOrEqual(4);
    expect(suggestion.best.config.target).toBe('value');
    expect(Number.isFinite(suggestion.best.metrics.validation.mae)).toBe(true);
    expect(suggestion.bestBaseline.mae).toBeLessThanOrEqual(suggestion.best.metrics.test.mae * 1.01);
    // Chosen on validation: no tried run had a lower validation MAE than the best.
    const validation = suggestion.tried.map((t: { validationMae: number | null }) => t.validationMae).filter((v: number | null) => v !== null);
    expect(Math.min(...validation)).toBe(suggestion.best.metrics.validation.mae);
  });
});
