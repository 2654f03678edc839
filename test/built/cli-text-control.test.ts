// Runs in: vitest (Node). `seqlab train --task text` on a second real labelled file (SMS Spam Collection, string
// labels ham/spam) and with the training-control options: real processes, real TensorFlow.js, a real run log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFilesDir } from '../../main/core/run-files';
import { ROOT, expectCleanFailure, requireBuilt, seqlab } from '../support/built';

const SMS = join(ROOT, 'test', 'fixtures', 'sms-spam-168.csv');
const IMDB_SLICE = join(ROOT, 'test', 'fixtures', 'imdb-300.csv');
const TINY = ['--max-length', '20', '--vocab-size', '300', '--hidden', '8', '--embedding-dim', '8'];
let dir: string;
let db: string;
beforeAll(() => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-cli-text-control-'));
  db = join(dir, 'runs.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

describe('seqlab train --task text on another real file', () => {
  it('trains on the SMS Spam Collection slice, mapping ham/spam, and saves the model', () => {
    const result = seqlab('train', '--task', 'text', '--csv', SMS, '--text', 'message', '--label', 'label', '--epochs', '1', ...TINY, '--db', db, '--json');
    expect(result.code, result.stderr).toBe(0);
    const summary = lastJson(result.stdout);
    expect(summary.status).toBe('completed');
    // Counted independently from the file: each line starts with its label.
    const labels = readFileSync(SMS, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.split(',')[0]);
    const ham = labels.filter((l) => l === 'ham').length;
    const spam = labels.filter((l) => l === 'spam').length;
    expect([ham, spam]).toEqual([137, 31]);
    expect(summary.metrics.test.classNames).toEqual(['ham', 'spam']);
    // 70/15/15 within each class: ham 96/21/20, spam 22/5/4.
    const testHam = ham - Math.round(ham * 0.7) - Math.round(ham * 0.15);
    const testSpam = spam - Math.round(spam * 0.7) - Math.round(spam * 0.15);
    expect(summary.metrics.test.perClass.map((c: { support: number }) => c.support)).toEqual([testHam, testSpam]);
    expect(summary.baselines.majority.accuracy).toBeCloseTo(testHam / (testHam + testSpam), 10);
    expect(summary.metrics.test.rocAuc).not.toBeNull();
    const runDir = runFilesDir(db, summary.runId);
    expect(existsSync(join(runDir, 'model', 'model.json'))).toBe(true);
    const preprocessing = JSON.parse(readFileSync(join(runDir, 'preprocessing.json'), 'utf8'));
    expect(preprocessing.classNames).toEqual(['ham', 'spam']);
    const predictions = readFileSync(join(runDir, 'test-predictions.csv'), 'utf8').trimEnd().split('\n');
    expect(predictions[0]).toBe('row,text,truth,predicted,probability');
    expect(predictions).toHaveLength(1 + testHam + testSpam);
  });

  it('takes the training-control options: early stopping ends the run and reports the kept epoch', () => {
    const result = seqlab(
      'train', '--task', 'text', '--csv', IMDB_SLICE, '--text', 'review', '--label', 'sentiment', ...TINY,
      '--epochs', '5', '--patience', '1', '--min-delta', '1000', '--optimizer', 'rmsprop', '--dropout', '0.2', '--recurrent-dropout', '0.1',
      '--db', db, '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const summary = lastJson(result.stdout);
    expect(summary.config).toMatchObject({ optimizer: 'rmsprop', dropout: 0.2, recurrentDropout: 0.1, earlyStopping: true, patience: 1, minDelta: 1000 });
    expect(summary.epochs).toBe(2);
    expect(summary.metrics).toMatchObject({ bestEpoch: 1, stoppedEarly: true });
  });

  it('refuses bad control options with one clear line', () => {
    const base = ['train', '--task', 'text', '--csv', IMDB_SLICE, '--text', 'review', '--label', 'sentiment', '--db', db];
    expectCleanFailure(seqlab(...base, '--optimizer', 'adagrad'), /--optimizer must be adam, rmsprop or sgd/);
    expectCleanFailure(seqlab(...base, '--dropout', '1'), /Dropout must be below 1/);
    expectCleanFailure(seqlab(...base, '--patience', 'soon'), /--patience must be a number/);
  });
});
