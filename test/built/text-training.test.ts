// Runs in: vitest (node). Text classification end to end through the real trainer process: the IMDB slice,
// real TensorFlow.js, a real SQLite run log; and the checks that stop a bad column choice before training.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TextConfig } from '../../shared/model/config';
import { isTextRun } from '../../shared/model/run';
import { TEXT_DEFAULTS } from '../../shared/model/run-config';
import { createService } from '../../main/backend/create-service';
import { forkTrainerLauncher } from '../../main/backend/training/trainer-launcher';
import type { SeqlabService } from '../../main/backend/seqlab-service';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { ROOT, TRAINER_ENTRY, requireBuilt } from '../support/built';

const IMDB_SLICE = join(ROOT, 'test', 'fixtures', 'imdb-300.csv');
let dir: string;
let service: SeqlabService;
let store: AsyncRunLog;

beforeAll(requireBuilt);
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-text-'));
  ({ service, store } = await createService({ dbPath: join(dir, 'runs.db'), dataDir: dir, launcher: forkTrainerLauncher(TRAINER_ENTRY) }));
});
afterEach(async () => {
  await service.shutdown();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function config(path: string, overrides: Partial<TextConfig> = {}): Promise<TextConfig> {
  const summary = await service.importPath(path);
  return { ...TEXT_DEFAULTS, datasetId: summary.id, textColumn: 'review', labelColumn: 'sentiment', maxLength: 40, vocabSize: 500, hiddenUnits: 16, embeddingDim: 16, ...overrides };
}

describe('text classification through the trainer process', () => {
  it('trains, scores the test split beside both baselines, and logs the run', async () => {
    const { runId } = await service.startTraining(await config(IMDB_SLICE, { epochs: 2 }));
    expect(await service.training.waitFor(runId)).toBe('completed');
    const run = await service.getRun(runId);
    if (!isTextRun(run)) throw new Error('expected a text run back');
    expect(run.error).toBeNull();
    expect(run.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(run.epochs[0].valLoss).toBeGreaterThan(0);
    expect(run.predictions).toBeNull();
    const test = run.metrics?.test;
    expect(test?.classNames).toEqual(['0', '1']);
    // 300 rows, 70/15/15 stratified: 45 test rows, 24 negative and 21 positive.
    expect(test?.confusion.flat().reduce((a, b) => a + b, 0)).toBe(45);
    expect(test?.perClass.map((c) => c.support)).toEqual([24, 21]);
    expect(test?.accuracy).toBeGreaterThanOrEqual(0);
    expect(test?.rocAuc).toBeGreaterThan(0);
    expect(run.baselines?.majority?.accuracy).toBeCloseTo(24 / 45, 10);
    // Even 210 training reviews teach the bag-of-words model more than the majority class knows.
    expect(run.baselines?.bagOfWords?.accuracy).toBeGreaterThan(24 / 45);
  });

  it('takes string labels (pos/neg) unchanged', async () => {
    // The same reviews with their 0/1 labels written as words, as another labelled file would have them.
    const lines = readFileSync(IMDB_SLICE, 'utf8').split('\n');
    const words = join(dir, 'imdb-words.csv');
    writeFileSync(words, [lines[0], ...lines.slice(1).map((l) => l.replace(/^([^,]+),([01]),/, (_, id, y) => `${id},${y === '1' ? 'pos' : 'neg'},`))].join('\n'));
    const { runId } = await service.startTraining(await config(words, { epochs: 1, maxLength: 20 }));
    expect(await service.training.waitFor(runId)).toBe('completed');
    const run = await service.getRun(runId);
    if (!isTextRun(run)) throw new Error('expected a text run back');
    expect(run.metrics?.test?.classNames).toEqual(['neg', 'pos']);
    expect(run.metrics?.test?.perClass.map((c) => c.support)).toEqual([24, 21]);
  });

  it('trains a bidirectional GRU (the masked path) for an epoch, as one fused network', async () => {
    const { runId } = await service.startTraining(await config(IMDB_SLICE, { epochs: 1, cell: 'GRU', bidirectional: true, maxLength: 20 }));
    expect(await service.training.waitFor(runId)).toBe('completed');
    const run = await service.getRun(runId);
    expect(run.error).toBeNull();
    expect(run.epochsRun).toBe(1);
    // Since issue 17 the masked bidirectional model is in the whole-network kernels, not tfjs' per-layer path.
    expect((run.metrics?.notes ?? []).join('\n')).toMatch(/Computed as one fused network by Seqlab's WebAssembly SIMD kernels/);
  });

  it('refuses a numeric text column, a one-class label column and an id column before training', async () => {
    await expect(service.startTraining(await config(IMDB_SLICE, { textColumn: 'sentiment', labelColumn: 'review' }))).rejects.toThrow(
      /Text column "sentiment" holds numbers, not text/,
    );
    await expect(service.startTraining(await config(IMDB_SLICE, { labelColumn: 'id' }))).rejects.toThrow(/"id" has 300 different values/);
    const lines = readFileSync(IMDB_SLICE, 'utf8').split('\n');
    const positives = join(dir, 'positives.csv');
    writeFileSync(positives, [lines[0], ...lines.slice(1).filter((l) => /^[^,]+,1,/.test(l))].join('\n'));
    await expect(service.startTraining(await config(positives))).rejects.toThrow(/one class only/);
  });
});
