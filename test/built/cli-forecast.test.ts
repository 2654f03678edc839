// Runs in: vitest (Node). `seqlab train`'s training-control options and its --json evaluation: a real process,
// real files, a real run log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SZEGED_SLICE, requireBuilt, seqlab } from '../support/built';
import { BASELINE_NAMES } from '../../shared/model/metrics';

let dir: string;
let db: string;
beforeAll(() => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-cli-forecast-'));
  db = join(dir, 'runs.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('seqlab train: training control and evaluation', () => {
  it('takes optimizer, dropout and early stopping options and reports every baseline and the skill', () => {
    const result = seqlab(
      'train', '--csv', SZEGED_SLICE, '--target', 'Temperature (C)', '--features', 'Temperature (C),Humidity',
      '--horizon', '2', '--epochs', '4', '--optimizer', 'rmsprop', '--dropout', '0.1', '--recurrent-dropout', '0.2',
      '--patience', '1', '--min-delta', '10', '--threads', '2', '--db', db, '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(summary.config).toMatchObject({
      optimizer: 'rmsprop', dropout: 0.1, recurrentDropout: 0.2, earlyStopping: true, patience: 1, minDelta: 10, horizon: 2, threads: 2,
    });
    // Nothing beats epoch 1 by 10, so epoch 2 ends the run with epoch 1's weights.
    expect(summary).toMatchObject({ status: 'completed', epochs: 2, bestEpoch: 1, stoppedEarly: true });
    for (const name of BASELINE_NAMES) {
      for (const key of ['mae', 'rmse', 'smape', 'mase', 'r2']) expect(Number.isFinite(summary.baselines[name][key]), `${name}.${key}`).toBe(true);
      expect(summary.baselines[name].byStep.mae).toHaveLength(2);
    }
    const maes = BASELINE_NAMES.map((name) => summary.baselines[name].mae);
    expect(summary.bestBaseline).toBe(BASELINE_NAMES[maes.indexOf(Math.min(...maes))]);
    expect(summary.skill).toBeCloseTo(1 - summary.metrics.test.mae / Math.min(...maes), 10);
    // The fixture is hourly: a season of 24 steps.
    expect(summary.metrics.seasonalPeriod).toBe(24);
    // What training did travels with the run: early stopping, and the whole fused net (dropout and RMSprop included)
    // on the two threads asked for.
    expect(summary.metrics.notes.join('\n')).toMatch(/Early stopping: .* with epoch 1's weights/);
    expect(summary.metrics.notes.join('\n')).toMatch(/Computed as one fused network by Seqlab's WebAssembly SIMD kernels, on 2 threads\./);
  });

  it('prints every baseline and the verdict without --json, and fails clearly on a bad optimizer', () => {
    const result = seqlab('train', '--csv', SZEGED_SLICE, '--target', 'Temperature (C)', '--epochs', '1', '--db', db);
    expect(result.code, result.stderr).toBe(0);
    for (const label of ['persistence', 'seasonal naive', 'mean of the window', 'drift', 'linear regression']) {
      expect(result.stdout).toMatch(new RegExp(`^${label} +MAE \\d`, 'm'));
    }
    expect(result.stdout).toMatch(/^model: \d+% (lower|higher) MAE than the best baseline, /m);
    // The default model (SimpleRNN 32 at window 5, batches of 64: about a million multiply-adds a batch) is too small
    // to share: 'auto' keeps it on one thread and, given more cores, says why.
    expect(result.stdout).toMatch(/^note: Computed as one fused network by Seqlab's WebAssembly SIMD kernels, on one thread\.$/m);
    if (availableParallelism() > 1) {
      expect(result.stdout).toMatch(/^note: Threads: Auto used one thread of the \d+ cores it was given: a training batch of this model is about 1 million multiply-adds/m);
    }

    const bad = seqlab('train', '--csv', SZEGED_SLICE, '--target', 'Temperature (C)', '--optimizer', 'adamw', '--db', db);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--optimizer must be adam, rmsprop or sgd; got "adamw"/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
