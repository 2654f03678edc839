// Runs in: vitest (node). Saved models are the standard TensorFlow.js files and load back to the same outputs.
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildForecastModel } from '../../main/trainer/model';
import { loadModel, saveModel } from '../../main/trainer/model-io';

describe('model files', () => {
  test.each(['SimpleRNN', 'GRU', 'LSTM'] as const)('a fused bidirectional %s model round-trips with standard class names', async (cell) => {
    const model = buildForecastModel({
      cell, layers: 2, hiddenUnits: 4, bidirectional: true, window: 3, features: 2, horizon: 2, learningRate: 0.01, seed: 1, fused: true,
    });
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-model-'));
    await saveModel(model, dir);
    const topology = readFileSync(join(dir, 'model.json'), 'utf8');
    const classNames = [...topology.matchAll(/"class_name":"(\w+)"/g)].map((m) => m[1]);
    expect(classNames).toContain(cell);
    expect(classNames.filter((name) => name.startsWith('Fused'))).toEqual([]);

    const loaded = await loadModel(dir);
    const x = tf.randomNormal([5, 3, 2], 0, 1, 'float32', 3);
    const expected = (model.predict(x) as tf.Tensor).arraySync() as number[][];
    const actual = (loaded.predict(x) as tf.Tensor).arraySync() as number[][];
    for (let i = 0; i < expected.length; i++) for (let j = 0; j < 2; j++) expect(actual[i][j]).toBeCloseTo(expected[i][j], 5);
  });
});
