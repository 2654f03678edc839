// Runs in: vitest (node). Training control on the text task, in process on the IMDB slice with real TensorFlow.js:
// the optimizer and dropout reach the model, early stopping ends a run and keeps the best epoch's weights.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TextConfig } from '../../shared/model/config';
import { TEXT_DEFAULTS } from '../../shared/model/run-config';
import { loadDataset } from '../../main/core/dataset/load-dataset';
import { trainText, type KeptTextModel } from '../../main/trainer/text/train-text';
import { predictProbabilities } from '../../main/trainer/text/text-model';
import { crossEntropy } from '../../main/trainer/text/classification-metrics';
import { saveTextRun } from '../../main/trainer/text/save-text-run';
import { predictTexts } from '../../main/trainer/predict/text-predict';
import { ROOT } from '../support/built';

const IMDB_SLICE = join(ROOT, 'test', 'fixtures', 'imdb-300.csv');
let cells: { texts: (string | null)[]; labels: (string | null)[] };

beforeAll(async () => {
  const dataset = await loadDataset(IMDB_SLICE);
  cells = { texts: dataset.strings('review'), labels: dataset.strings('sentiment') };
});

const TINY: TextConfig = {
  ...TEXT_DEFAULTS,
  datasetId: '0'.repeat(64),
  textColumn: 'review',
  labelColumn: 'sentiment',
  maxLength: 20,
  vocabSize: 300,
  hiddenUnits: 8,
  embeddingDim: 8,
  epochs: 1,
  batchSize: 64,
  backend: 'cpu',
};

describe('text training control', () => {
  it('builds the model with the chosen optimizer and dropout, and trains with them', async () => {
    let seen: { optimizer: string; dropout: unknown; recurrentDropout: unknown } | null = null;
    const result = await trainText(cells, { ...TINY, cell: 'GRU', optimizer: 'rmsprop', dropout: 0.3, recurrentDropout: 0.2 }, {}, async (kept: KeptTextModel) => {
      // The recurrent layer (a fused subclass of tfjs' GRU on cpu/wasm) is the one with a cell.
      const rnn = kept.model.layers.find((layer) => 'cell' in layer) as unknown as { cell: { dropout: number; recurrentDropout: number } };
      seen = { optimizer: kept.model.optimizer.getClassName(), dropout: rnn.cell.dropout, recurrentDropout: rnn.cell.recurrentDropout };
    });
    expect(seen).toEqual({ optimizer: 'RMSProp', dropout: 0.3, recurrentDropout: 0.2 });
    expect(result.status).toBe('completed');
    expect(Number.isFinite(result.epochs[0].loss)).toBe(true);
    // Dropout changes what the first epoch learns: the same seed without it gives another training loss.
    const plain = await trainText(cells, { ...TINY, cell: 'GRU', optimizer: 'rmsprop' });
    expect(plain.epochs[0].loss).not.toBeCloseTo(result.epochs[0].loss, 6);
    const sgd = await trainText(cells, { ...TINY, cell: 'GRU', optimizer: 'sgd' });
    expect(sgd.epochs[0].loss).not.toBeCloseTo(plain.epochs[0].loss, 6);
  });

  it('stops early when the validation loss stops improving, keeping the best epoch', async () => {
    // No later epoch can beat the first by 1000, so patience 1 ends training after epoch 2 of 6.
    let keptValLoss = NaN;
    const result = await trainText(cells, { ...TINY, epochs: 6, earlyStopping: true, patience: 1, minDelta: 1000 }, {}, async (kept) => {
      const { validation } = kept.data.parts;
      const probabilities = await predictProbabilities(kept.model, validation.ids, TINY.maxLength, 2);
      keptValLoss = crossEntropy(validation.labels, probabilities, 2);
    });
    expect(result.status).toBe('completed');
    expect(result.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(result.stoppedEarly).toBe(true);
    expect(result.bestEpoch).toBe(1);
    expect(result.findings.join('\n')).toMatch(/Early stopping: .* with epoch 1's weights/);
    // The kept model holds epoch 1's weights: its validation loss is epoch 1's, not epoch 2's.
    expect(keptValLoss).toBeCloseTo(result.epochs[0].valLoss!, 5);
    expect(keptValLoss).not.toBeCloseTo(result.epochs[1].valLoss!, 5);
    const withoutEarly = await trainText(cells, { ...TINY, epochs: 2 });
    expect(withoutEarly.stoppedEarly).toBe(false);
    expect(withoutEarly.bestEpoch).toBe(2);
    expect(withoutEarly.epochs).toHaveLength(2);
  });

  it('trains, saves and predicts a three-class label column (softmax)', async () => {
    // The review ids end in the star rating: 1-2 stars "awful", 3-4 "poor", 7-10 "good".
    const dataset = await loadDataset(IMDB_SLICE);
    const grades = dataset.strings('id').map((id) => {
      const stars = Number(id!.split('_')[1]);
      return stars <= 2 ? 'awful' : stars <= 4 ? 'poor' : 'good';
    });
    const runDir = mkdtempSync(join(tmpdir(), 'seqlab-three-'));
    try {
      let saved = { modelSaved: false, problems: ['not called'] };
      const result = await trainText({ texts: cells.texts, labels: grades }, { ...TINY, labelColumn: 'rating' }, {}, async (kept) => {
        saved = await saveTextRun(runDir, kept, { ...TINY, labelColumn: 'rating' }, cells.texts);
      });
      expect(saved).toEqual({ modelSaved: true, problems: [] });
      expect(result.classNames).toEqual(['awful', 'good', 'poor']);
      expect(result.metrics.test.confusion).toHaveLength(3);
      expect(result.metrics.test.rocAuc).toBeNull();
      const [prediction] = await predictTexts(runDir, ['A dull, lifeless film.']);
      expect(prediction.probabilities).toHaveLength(3);
      expect(prediction.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(prediction.label).toBe(result.classNames[prediction.probabilities.indexOf(Math.max(...prediction.probabilities))]);
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  });

  it('reports, and does not fail on, a run folder that cannot be written', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'seqlab-blocked-'));
    try {
      // A file where the run's folder should be: nothing can be saved under it.
      const blocked = join(parent, 'run');
      writeFileSync(blocked, 'not a folder');
      let saved = { modelSaved: true, problems: [] as string[] };
      const result = await trainText(cells, TINY, {}, async (kept) => {
        saved = await saveTextRun(blocked, kept, TINY, cells.texts);
      });
      expect(result.status).toBe('completed');
      expect(saved.modelSaved).toBe(false);
      expect(saved.problems.join('\n')).toMatch(/The model could not be saved .* this run cannot predict/);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('treats a config without the control fields (an older run) as the defaults', async () => {
    const legacy = { ...TINY } as Partial<TextConfig>;
    for (const key of ['optimizer', 'dropout', 'recurrentDropout', 'earlyStopping', 'patience', 'minDelta'] as const) delete legacy[key];
    const old = await trainText(cells, legacy as TextConfig);
    const current = await trainText(cells, TINY);
    expect(old.epochs[0].loss).toBeCloseTo(current.epochs[0].loss, 10);
  });
});
