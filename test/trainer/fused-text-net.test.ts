// Runs in: vitest (Node). The text model (Embedding -> RNN -> last real word -> Dense with sigmoid or softmax) as one
// fused net against tfjs' own layers: the same cross-entropy losses, weights (the embedding table's scatter-added
// gradient included) and probabilities, with padded texts of every length, and with the net's dropout masks.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../main/trainer/tfjs-backend';
import { computationNote, fusedNetFor, syncFusedNet } from '../../main/trainer/fused/fused-net';
import { registerScatterAddKernels } from '../../main/trainer/text/scatter-add-kernel';
import { buildTextModel, MODEL_PAD, type TextModelSpec } from '../../main/trainer/text/text-model';
import { maxRelativeError } from '../support/relative-error';
import { injectMasks, randomArray, TOLERANCE } from './fused-net-harness';

const BASE: TextModelSpec = {
  cell: 'LSTM', layers: 1, hiddenUnits: 6, bidirectional: false, vocabSize: 30, embeddingDim: 5, maxLength: 9,
  classCount: 2, learningRate: 0.02, seed: 3,
};

/** Texts of lengths 0..maxLength (see below), padded at the end with MODEL_PAD; labels as the model's loss takes them. */
function texts(count: number, spec: TextModelSpec) {
  const noise = randomArray(count * (spec.maxLength + 1), 9);
  const ids = new Int32Array(count * spec.maxLength).fill(MODEL_PAD);
  const width = spec.classCount === 2 ? 1 : spec.classCount;
  const y = new Float32Array(count * width);
  for (let b = 0; b < count; b++) {
    // Every length 0..maxLength in the first half; mostly long texts in the second (other lengths, same batch size).
    const length = b < count / 2 ? b % (spec.maxLength + 1) : spec.maxLength - (b % 4);
    for (let t = 0; t < length; t++) ids[b * spec.maxLength + t] = 1 + Math.floor((noise[b * spec.maxLength + t] + 0.5) * (spec.vocabSize - 1));
    const label = b % spec.classCount;
    if (width === 1) y[b] = label;
    else y[b * width + label] = 1;
  }
  return { ids, y, width };
}

async function expectTextAgreement(spec: TextModelSpec): Promise<void> {
  const count = 20;
  const short = 13;
  // Twice the rows: steps alternate between the first `count` texts, the first `short`, and the next `count`, so one
  // batch size meets texts of other lengths (the net skips each text's steps after its end: what the previous batch
  // left in those rows must not count).
  const { ids, y, width } = texts(2 * count, spec);
  const candidate = buildTextModel(spec);
  const reference = buildTextModel({ ...spec, fused: false });
  const net = fusedNetFor(candidate);
  expect(net).not.toBeNull();
  expect(fusedNetFor(reference)).toBeNull();
  expect(computationNote(candidate)).toMatch(/one fused network/);
  const recurrent = reference.layers.filter((layer) => ['LSTM', 'GRU', 'SimpleRNN', 'Bidirectional'].includes(layer.getClassName()));
  const setMasks = injectMasks(recurrent, spec.cell);
  const xs = tf.tensor2d(ids, [2 * count, spec.maxLength], 'int32');
  const ys = tf.tensor2d(y, [2 * count, width]);
  for (let step = 0; step < 6; step++) {
    const size = step % 3 === 1 ? short : count;
    const from = step % 3 === 2 ? count : 0;
    const loss = net!.trainStep(ids.subarray(from * spec.maxLength, (from + size) * spec.maxLength), y.subarray(from * width, (from + size) * width), size);
    setMasks(net!.lastMasks(size));
    const expected = (await reference.trainOnBatch(xs.slice(from, size), ys.slice(from, size))) as number;
    expect(Math.abs(loss - expected) / expected, `loss at step ${step}`).toBeLessThan(TOLERANCE);
  }
  syncFusedNet(candidate);
  const trained = candidate.getWeights();
  // Relative to the weight's size, or to one optimizer step (the learning rate) for a weight near zero: Adam moves a
  // weight by about the learning rate whatever its gradient's size, so float noise in a tiny gradient (the output
  // bias of a balanced batch, around -0.003 here) shows as ~4e-7 absolute, 1e-4 of the weight itself.
  reference.getWeights().forEach((w, i) => {
    const expected = w.dataSync();
    const scale = Math.max(...Array.from(expected, Math.abs), spec.learningRate);
    const diff = Math.max(...Array.from(trained[i].dataSync(), (v, j) => Math.abs(v - expected[j])));
    expect(diff / scale, `weight ${i}`).toBeLessThan(TOLERANCE);
  });
  const probabilities = (reference.predict(xs) as tf.Tensor).dataSync();
  expect(maxRelativeError(net!.predict(ids, 2 * count), probabilities)).toBeLessThan(TOLERANCE);
  tf.dispose([xs, ys]);
  for (const model of [candidate, reference]) {
    model.optimizer?.dispose();
    model.dispose();
  }
}

describe('the text model as one fused net', () => {
  beforeAll(async () => {
    registerScatterAddKernels();
    await initBackend('wasm');
  });

  it('LSTM, two classes (sigmoid, binary cross-entropy)', async () => {
    await expectTextAgreement(BASE);
  });

  it('GRU x2, three classes (softmax, categorical cross-entropy), RMSprop', async () => {
    await expectTextAgreement({ ...BASE, cell: 'GRU', layers: 2, classCount: 3, optimizer: 'rmsprop' });
  });

  it('SimpleRNN with dropout and recurrent dropout', async () => {
    await expectTextAgreement({ ...BASE, cell: 'SimpleRNN', dropout: 0.3, recurrentDropout: 0.2 });
  });

  // tfjs masks the padding of a bidirectional text model: each direction reads only the text's words (the backward
  // one from the last word back), and an empty text's final states are zeros. Texts of every length, empty included.
  it('bidirectional LSTM, padding masked', async () => {
    await expectTextAgreement({ ...BASE, bidirectional: true });
  });

  it('bidirectional GRU x2 (stacked: the two states of each word joined), three classes', async () => {
    await expectTextAgreement({ ...BASE, cell: 'GRU', layers: 2, bidirectional: true, classCount: 3 });
  });

  // With input dropout the first stage reads each position's own masked word vector (not the per-word projection):
  // the backward direction's ids are reversed in each text's length instead.
  it('bidirectional LSTM with dropout and recurrent dropout, padding masked', async () => {
    await expectTextAgreement({ ...BASE, bidirectional: true, dropout: 0.3, recurrentDropout: 0.2 });
  });
});
