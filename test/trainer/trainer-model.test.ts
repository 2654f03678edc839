// Runs in: vitest (Node). The forecast network as built by model.ts, on the real TensorFlow.js cpu backend.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildForecastModel, type ModelSpec } from '../../main/trainer/model';
import { initBackend } from '../../main/trainer/tfjs-backend';
import { standardClassName } from '../../main/trainer/fused/fused-layers';

const base: ModelSpec = {
  cell: 'SimpleRNN',
  layers: 1,
  hiddenUnits: 8,
  bidirectional: false,
  window: 4,
  features: 3,
  horizon: 2,
  learningRate: 0.001,
  seed: 11,
};

function weightsOf(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

function release(model: tf.LayersModel): void {
  model.optimizer?.dispose();
  model.dispose();
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('buildForecastModel', () => {
  it('stacks recurrent layers (sequences between them) and ends in Dense(horizon)', () => {
    const model = buildForecastModel({ ...base, layers: 3 });
    // On cpu the recurrent layers are the fused equivalents (issue 6); they stand for the standard classes.
    expect(model.layers.map((l) => standardClassName(l.getClassName()))).toEqual(['SimpleRNN', 'SimpleRNN', 'SimpleRNN', 'Dense']);
    expect(model.layers.map((l) => l.getConfig().returnSequences ?? null)).toEqual([true, true, false, null]);
    expect(model.inputs[0].shape).toEqual([null, 4, 3]);
    expect(model.outputs[0].shape).toEqual([null, 2]);
    const y = model.predict(tf.zeros([5, 4, 3])) as tf.Tensor;
    expect(y.shape).toEqual([5, 2]);
    tf.dispose(y);
    release(model);
  });

  it('uses the sigmoid (not tfjs hardSigmoid) for GRU and LSTM gates, and a unit forget bias for LSTM', () => {
    for (const cell of ['GRU', 'LSTM'] as const) {
      const model = buildForecastModel({ ...base, cell });
      const config = model.layers[0].getConfig();
      expect(standardClassName(model.layers[0].getClassName())).toBe(cell);
      expect(config.recurrentActivation).toBe('sigmoid');
      if (cell === 'LSTM') {
        const bias = Array.from(model.layers[0].getWeights()[2].dataSync());
        // Gate order i, f, c, o: the forget slice starts at 1.
        expect(bias.slice(8, 16)).toEqual(new Array(8).fill(1));
        expect(bias.slice(0, 8)).toEqual(new Array(8).fill(0));
      }
      release(model);
    }
  });

  it('wraps each layer in Bidirectional with independently initialized directions', () => {
    const model = buildForecastModel({ ...base, cell: 'LSTM', layers: 2, bidirectional: true });
    expect(model.layers.map((l) => l.getClassName())).toEqual(['Bidirectional', 'Bidirectional', 'Dense']);
    expect(model.layers[0].outputShape).toEqual([null, 4, 16]);
    expect(model.layers[1].outputShape).toEqual([null, 16]);
    for (const layer of model.layers.slice(0, 2)) {
      const weights = layer.getWeights().map((w) => Array.from(w.dataSync()));
      const half = weights.length / 2;
      expect(weights[0].length).toBe(weights[half].length);
      expect(weights[0]).not.toEqual(weights[half]); // kernels
      expect(weights[1]).not.toEqual(weights[half + 1]); // recurrent kernels
    }
    release(model);
  });

  it('starts from the same weights for the same seed and different ones for another seed', () => {
    const a = buildForecastModel({ ...base, layers: 2 });
    const b = buildForecastModel({ ...base, layers: 2 });
    const c = buildForecastModel({ ...base, layers: 2, seed: 12 });
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(weightsOf(a)[0]).not.toEqual(weightsOf(c)[0]);
    [a, b, c].forEach(release);
  });

  it('frees every tensor it made once disposed, even after training steps', async () => {
    const before = tf.memory().numTensors;
    const model = buildForecastModel({ ...base, cell: 'GRU', bidirectional: true });
    const xs = tf.randomNormal([8, 4, 3]);
    const ys = tf.randomNormal([8, 2]);
    await model.trainOnBatch(xs, ys);
    tf.dispose([xs, ys]);
    release(model);
    expect(tf.memory().numTensors).toBe(before);
  });
});
