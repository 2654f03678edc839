// Runs in: vitest (Node). `seqlab train --task text` as a user runs it: a real process, the IMDB slice, a real run log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, requireBuilt, expectCleanFailure, seqlab } from '../support/built';

const IMDB_SLICE = join(ROOT, 'test', 'fixtures', 'imdb-300.csv');
let dir: string;
let db: string;
beforeAll(() => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-cli-text-'));
  db = join(dir, 'runs.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SMALL = ['--max-length', '30', '--vocab-size', '400', '--hidden', '8', '--embedding-dim', '8'];

describe('seqlab train --task text', () => {
  it('prints a JSON summary with the model, majority and bag-of-words accuracy and F1', () => {
    const result = seqlab('train', '--task', 'text', '--csv', IMDB_SLICE, '--text', 'review', '--label', 'sentiment', '--epochs', '1', ...SMALL, '--db', db, '--json');
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ status: 'completed', epochs: 1, config: { task: 'text', cell: 'LSTM', maxLength: 30 } });
    expect(['wasm', 'cpu', 'tensorflow']).toContain(summary.backend);
    for (const value of [summary.metrics.test.accuracy, summary.metrics.test.f1, summary.baselines.majority.accuracy, summary.baselines.bagOfWords.accuracy]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(summary.baselines.majority.accuracy).toBeCloseTo(24 / 45, 10);
    const runs = seqlab('runs', '--db', db);
    expect(runs.stdout).toMatch(/LSTMx1\timdb-300\.csv\taccuracy 0\.\d{4}/);
  });

  it('prints the metrics table without --json', () => {
    const result = seqlab('train', '--task', 'text', '--csv', IMDB_SLICE, '--text', 'review', '--label', 'sentiment', '--epochs', '1', '--cell', 'rnn', ...SMALL, '--db', db);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/majority\s+accuracy 0\.5333/);
    expect(result.stdout).toMatch(/bag of words\s+accuracy/);
    expect(result.stdout).toMatch(/confusion/);
  });

  it('--threads shares each batch among that many threads and the run records the count; bad counts are refused', () => {
    const train = (threads: string) => {
      const result = seqlab('train', '--task', 'text', '--csv', IMDB_SLICE, '--text', 'review', '--label', 'sentiment', '--epochs', '1', ...SMALL, '--threads', threads, '--db', db, '--json');
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    };
    const two = train('2');
    expect(two).toMatchObject({ status: 'completed', config: { task: 'text', threads: 2 } });
    expect(two.metrics.notes.join('\n')).toMatch(/Computed as one fused network by Seqlab's WebAssembly SIMD kernels, on 2 threads\./);
    const one = train('1');
    expect(one.config.threads).toBe(1);
    expect(one.metrics.notes.join('\n')).toMatch(/Computed as one fused network by Seqlab's WebAssembly SIMD kernels, on one thread\./);
    // The setting is in the run log too, as the run was asked.
    const listed = JSON.parse(seqlab('runs', '--db', db, '--json').stdout);
    const threadsOf = (id: number) => listed.find((run: { id: number }) => run.id === id)?.config.threads;
    expect([threadsOf(two.runId), threadsOf(one.runId)]).toEqual([2, 1]);
    expectCleanFailure(seqlab('train', '--task', 'text', '--csv', IMDB_SLICE, '--text', 'review', '--label', 'sentiment', '--threads', '0', '--db', db), /Threads must be at least 1/);
    expectCleanFailure(seqlab('train', '--task', 'text', '--csv', IMDB_SLICE, '--text', 'review', '--label', 'sentiment', '--threads', 'many', '--db', db), /--threads must be a number, got "many"/);
  });

  it('refuses a numeric text column, a one-class label, an id label and missing options with one clear line', () => {
    expectCleanFailure(seqlab('train', '--task', 'text', '--csv', IMDB_SLICE, '--text', 'sentiment', '--label', 'review', '--db', db), /Text column "sentiment" holds numbers, not text/);
    expectCleanFailure(seqlab('train', '--task', 'text', '--csv', IMDB_SLICE, '--text', 'review', '--label', 'id', '--db', db), /300 different values/);
    const lines = readFileSync(IMDB_SLICE, 'utf8').split('\n');
    const negatives = join(dir, 'negatives.csv');
    writeFileSync(negatives, [lines[0], ...lines.slice(1).filter((l) => /^[^,]+,0,/.test(l))].join('\n'));
    expectCleanFailure(seqlab('train', '--task', 'text', '--csv', negatives, '--text', 'review', '--label', 'sentiment', '--db', db), /one class only/);
    expectCleanFailure(seqlab('train', '--task', 'text', '--csv', IMDB_SLICE, '--text', 'review', '--db', db), /--label COL is required/);
    expectCleanFailure(seqlab('train', '--task', 'text', '--csv', IMDB_SLICE, '--text', 'review', '--label', 'sentiment', '--max-length', '0', '--db', db), /Max length must be at least 1/);
    expectCleanFailure(seqlab('train', '--task', 'poetry', '--csv', IMDB_SLICE), /--task must be forecast or text/);
  });
});
