// Runs in: vitest (node). [PAD] must not feed the RNN: a padded text's prediction equals the same weights' prediction
// on the unpadded text, for the read-out path (unidirectional) and the masked path (bidirectional).
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../main/trainer/tfjs-backend';
import { registerScatterAddKernels } from '../../main/trainer/text/scatter-add-kernel';
import { buildTextModel, predictProbabilities, toModelIds } from '../../main/trainer/text/text-model';
import { padSequences } from '../../main/core/text/sequences';

const spec = { cell: 'LSTM' as const, layers: 2, hiddenUnits: 8, vocabSize: 30, embeddingDim: 6, classCount: 2, learningRate: 0.01, seed: 3 };

describe('text model padding', () => {
  for (const bidirectional of [false, true]) {
    it(`ignores [PAD] (${bidirectional ? 'bidirectional, masked' : 'unidirectional, last real step'})`, async () => {
      registerScatterAddKernels();
      await initBackend('cpu');
      const texts = [Int32Array.from([5, 9, 0, 12]), Int32Array.from([7, 7, 21, 3]), Int32Array.from([2, 28, 4, 4])];
      const padded = buildTextModel({ ...spec, bidirectional, maxLength: 12 });
      const exact = buildTextModel({ ...spec, bidirectional, maxLength: 4 });
      // Train the padded model a little so the check is not on near-zero initial weights.
      const ids = toModelIds(padSequences(texts, 12, 'end'));
      for (let i = 0; i < 5; i++) {
        await padded.trainOnBatch(tf.tensor2d(ids, [3, 12], 'int32'), tf.tensor2d([1, 0, 1], [3, 1]));
      }
      exact.setWeights(padded.getWeights());
      const withPadding = await predictProbabilities(padded, ids, 12, 2);
      const withoutPadding = await predictProbabilities(exact, toModelIds(padSequences(texts, 4, 'end')), 4, 2);
      for (let i = 0; i < withPadding.length; i++) expect(withPadding[i]).toBeCloseTo(withoutPadding[i], 5);
      // And the check can fail: the same texts cut to 3 words predict something else.
      const shorter = await predictProbabilities(padded, toModelIds(padSequences(texts, 12, 'end').map((v, i) => (i % 12 === 3 ? 1 : v))), 12, 2);
      expect(Math.max(...withPadding.map((v, i) => Math.abs(v - shorter[i])))).toBeGreaterThan(1e-4);
      padded.dispose();
      exact.dispose();
    });
  }
});
