// Runs in: vitest (Node). The seqlab command as a user runs it: a real process, real files, a real run log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SZEGED_SLICE, requireBuilt, expectCleanFailure, seqlab } from '../support/built';

let dir: string;
let db: string;
beforeAll(() => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-cli-'));
  db = join(dir, 'runs.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('seqlab train / runs', () => {
  it('trains and prints a JSON summary with the model and persistence metrics', () => {
    const result = seqlab('train', '--csv', SZEGED_SLICE, '--target', 'Temperature (C)', '--epochs', '2', '--db', db, '--json');
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ runId: 1, status: 'completed', epochs: 2 });
    expect(['wasm', 'cpu', 'tensorflow']).toContain(summary.backend);
    for (const key of ['mae', 'rmse', 'mape']) {
      expect(summary.metrics.test[key]).toBeGreaterThan(0);
      expect(summary.baselines.persistence[key]).toBeGreaterThan(0);
    }
    expect(summary.trainSeconds).toBeGreaterThan(0);
    expect(summary.trainSamplesPerSecond).toBeGreaterThan(0);
    expect(result.stderr).toMatch(/epoch 2: loss/);

    const runs = seqlab('runs', '--db', db, '--json');
    expect(runs.code).toBe(0);
    const list = JSON.parse(runs.stdout);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: 1, status: 'completed', epochsRun: 2 });
    expect(list[0].config).toMatchObject({ cell: 'SimpleRNN', window: 5, hiddenUnits: 32 });
    expect(list[0].metrics.test.mae).toBe(summary.metrics.test.mae);
    expect(typeof list[0].createdAt).toBe('string');
  });

  it('fails clearly without --csv', () => {
    expectCleanFailure(seqlab('train', '--target', 'x', '--db', db), /--csv PATH is required/);
  });

  it('fails clearly on an unknown option or a bad number', () => {
    expectCleanFailure(seqlab('train', '--csv', SZEGED_SLICE, '--target', 'x', '--colour', 'red'), /Unknown option '--colour'/);
    expectCleanFailure(seqlab('train', '--csv', SZEGED_SLICE, '--target', 'Temperature (C)', '--window', 'five', '--db', db), /--window must be a number/);
    expectCleanFailure(seqlab('train', '--csv', SZEGED_SLICE, '--target', 'Temperature (C)', '--cell', 'transformer', '--db', db), /--cell must be rnn, gru or lstm/);
  });

  it('fails clearly on an empty file, a missing file and a file that is not CSV', () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expectCleanFailure(seqlab('train', '--csv', empty, '--target', 'x', '--db', db), /empty/i);
    expectCleanFailure(seqlab('train', '--csv', join(dir, 'nope.csv'), '--target', 'x', '--db', db), /no file|not found|does not exist/i);
    const binary = join(dir, 'image.csv');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    expectCleanFailure(seqlab('train', '--csv', binary, '--target', 'x', '--db', db), /not.*(CSV|text)/i);
  });

  it('fails clearly on ragged rows', () => {
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, 'a,b,c\n1,2,3\n4,5\n6,7,8\n');
    expectCleanFailure(seqlab('train', '--csv', ragged, '--target', 'a', '--db', db), /line 3|row 2|fields/i);
  });

  it('fails clearly on a non-numeric target and a window longer than the data', () => {
    expectCleanFailure(seqlab('train', '--csv', SZEGED_SLICE, '--target', 'Summary', '--db', db), /not numbers/);
    expectCleanFailure(seqlab('train', '--csv', SZEGED_SLICE, '--target', 'Temperature (C)', '--window', '9000', '--db', db), /Window 9000/);
    expectCleanFailure(seqlab('train', '--csv', SZEGED_SLICE, '--target', 'No Such Column', '--db', db), /"No Such Column" is not in/);
  });
});
