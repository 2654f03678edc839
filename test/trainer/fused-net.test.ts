// Runs in: vitest (Node). The whole-model fused net (main/trainer/fused/fused-net.ts) against tfjs' own training:
// the same losses, weights and predictions after several optimizer steps, for every cell, stacked, multi-step;
// and the hand-over of weights between the net and the tfjs model.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../main/trainer/tfjs-backend';
import { computationNote, fusedNetFor, syncFusedNet } from '../../main/trainer/fused/fused-net';
import { buildForecastModel, type ModelSpec } from '../../main/trainer/model';
import { maxRelativeError } from '../support/relative-error';

const TOLERANCE = 1e-4;

function randomArray(n: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: n }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.5;
  });
}

describe('the whole-model fused net', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const cases: { spec: Partial<ModelSpec>; name: string }[] = [
    { name: 'SimpleRNN x1, Adam', spec: { cell: 'SimpleRNN', layers: 1 } },
    { name: 'SimpleRNN x3, Adam', spec: { cell: 'SimpleRNN', layers: 3 } },
    { name: 'LSTM x2, Adam', spec: { cell: 'LSTM', layers: 2 } },
    { name: 'GRU x2, Adam', spec: { cell: 'GRU', layers: 2 } },
    { name: 'GRU x1, SGD', spec: { cell: 'GRU', layers: 1, optimizer: 'sgd' } },
  ];

  for (const { name, spec: partial } of cases) {
    it(`${name}: same losses, weights and predictions as tfjs trainOnBatch`, async () => {
      const spec: ModelSpec = {
        cell: 'SimpleRNN', layers: 1, bidirectional: false, hiddenUnits: 6, window: 7, features: 2, horizon: 3,
        learningRate: 0.01, seed: 5, initializer: 'uniform', ...partial,
      };
      const count = 20;
      const x = randomArray(count * spec.window * spec.features, 11);
      const y = randomArray(count * spec.horizon, 12);
      const candidate = buildForecastModel(spec);
      const reference = buildForecastModel({ ...spec, fused: false });
      const net = fusedNetFor(candidate);
      expect(net).not.toBeNull();
      expect(fusedNetFor(reference)).toBeNull(); // standard layers: not the net's to run
      const xs = tf.tensor3d(x, [count, spec.window, spec.features]);
      const ys = tf.tensor2d(y, [count, spec.horizon]);
      for (let step = 0; step < 6; step++) {
        // Batches of different sizes, as an epoch's last batch is.
        const size = step % 2 === 0 ? count : 13;
        const expectedLoss = (await reference.trainOnBatch(xs.slice(0, size), ys.slice(0, size))) as number;
        const loss = net!.trainStep(x.subarray(0, size * spec.window * spec.features), y.subarray(0, size * spec.horizon), size);
        expect(Math.abs(loss - expectedLoss) / expectedLoss, `loss at step ${step}`).toBeLessThan(TOLERANCE);
      }
      // Before the sync the model still holds its initial weights; after it, the trained ones.
      const initial = buildForecastModel(spec).getWeights()[0].dataSync();
      expect(maxRelativeError(candidate.getWeights()[0].dataSync(), initial)).toBe(0);
      syncFusedNet(candidate);
      const trained = candidate.getWeights();
      reference.getWeights().forEach((w, i) => {
        expect(maxRelativeError(trained[i].dataSync(), w.dataSync()), `weight ${i}`).toBeLessThan(TOLERANCE);
      });
      const expected = (reference.predict(xs) as tf.Tensor).dataSync();
      expect(maxRelativeError(net!.predict(x, count), expected)).toBeLessThan(TOLERANCE);
      tf.dispose([xs, ys]);
      for (const model of [candidate, reference]) {
        model.optimizer?.dispose();
        model.dispose();
      }
    });
  }

  it('picks up weights set on the model (an early-stopping restore) before predicting or training again', () => {
    const spec: ModelSpec = {
      cell: 'LSTM', layers: 1, bidirectional: false, hiddenUnits: 4, window: 5, features: 1, horizon: 1, learningRate: 0.01, seed: 1,
    };
    const model = buildForecastModel(spec);
    const net = fusedNetFor(model)!;
    const x = randomArray(8 * 5, 3);
    const before = net.predict(x, 8);
    const snapshot = model.getWeights().map((w) => w.clone());
    net.trainStep(x, randomArray(8, 4), 8);
    expect(maxRelativeError(net.predict(x, 8), before)).toBeGreaterThan(0); // trained weights, not yet in the model
    syncFusedNet(model);
    model.setWeights(snapshot);
    expect(maxRelativeError(net.predict(x, 8), before)).toBe(0);
    model.dispose();
  });

  it('covers bidirectional layers, dropout and RMSprop; leaves to tfjs what it does not cover, and says which', async () => {
    const base: ModelSpec = {
      cell: 'GRU', layers: 1, bidirectional: false, hiddenUnits: 4, window: 5, features: 1, horizon: 1, learningRate: 0.01, seed: 1,
    };
    for (const spec of [{ bidirectional: true }, { dropout: 0.2, recurrentDropout: 0.1 }, { optimizer: 'rmsprop' as const }]) {
      const model = buildForecastModel({ ...base, ...spec });
      expect(fusedNetFor(model), JSON.stringify(spec)).not.toBeNull();
      // The run record says which code computed it.
      expect(computationNote(model)).toMatch(/one fused network/);
    }
    expect(computationNote(buildForecastModel({ ...base, fused: false }))).toMatch(/op by op/);
    // Centered RMSprop keeps a third moment the net does not: the per-layer ops inside tfjs' training step.
    const centered = buildForecastModel(base);
    centered.compile({ optimizer: tf.train.rmsprop(0.01, 0.9, 0, 1e-7, true), loss: 'meanSquaredError' });
    expect(fusedNetFor(centered)).toBeNull();
    expect(computationNote(centered)).toMatch(/each recurrent layer as one fused WebAssembly operation/);
    await initBackend('cpu');
    expect(fusedNetFor(buildForecastModel(base))).not.toBeNull();
  });
});
