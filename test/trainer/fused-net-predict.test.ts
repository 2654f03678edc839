// Runs in: vitest (Node). Prediction through the whole-model fused net at the bench's shape (window 64, 32 units,
// 1 feature, more windows than one inference chunk of 256 and a partial last chunk), against tfjs' own layers with
// the same weights: the forward-only path `npm run bench -- train` times and the predict job uses.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../main/trainer/tfjs-backend';
import { fusedNetFor } from '../../main/trainer/fused/fused-net';
import { buildForecastModel, type ModelSpec } from '../../main/trainer/model';
import { predictScaled } from '../../main/trainer/predict';
import type { WindowSet } from '../../main/core/forecast/windowing';
import { maxRelativeError } from '../support/relative-error';

const TOLERANCE = 1e-4;
const COUNT = 600;

/** Deterministic values in [-2, 2): roughly the range of standardised temperatures. */
function windows(n: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: n }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state / 2 ** 32 - 0.5) * 4;
  });
}

async function expectSamePredictions(partial: Partial<ModelSpec>): Promise<void> {
  const spec: ModelSpec = {
    cell: 'GRU', layers: 1, bidirectional: false, hiddenUnits: 32, window: 64, features: 1, horizon: 1,
    learningRate: 0.001, seed: 3, ...partial,
  };
  const candidate = buildForecastModel(spec);
  const reference = buildForecastModel({ ...spec, fused: false });
  reference.setWeights(candidate.getWeights());
  // The fused net, not tfjs with per-layer ops, is what predicts for the candidate.
  expect(fusedNetFor(candidate)).not.toBeNull();
  expect(fusedNetFor(reference)).toBeNull();
  const x = windows(COUNT * spec.window, 7);
  const set: WindowSet = {
    count: COUNT, window: spec.window, features: 1, horizon: 1, x, y: new Float32Array(COUNT),
    firstTargetRow: new Int32Array(COUNT), skipped: 0,
  };
  // Chunks of 1024 as the bench predicts: inside, the net runs passes of 256 and a partial one.
  const fused = await predictScaled(candidate, set, 1024);
  const xs = tf.tensor3d(x, [COUNT, spec.window, 1]);
  const ys = reference.predict(xs, { batchSize: COUNT }) as tf.Tensor;
  const expected = ys.dataSync();
  expect(fused.length).toBe(COUNT);
  expect(maxRelativeError(fused, expected)).toBeLessThan(TOLERANCE);
  tf.dispose([xs, ys]);
  for (const model of [candidate, reference]) {
    model.optimizer?.dispose();
    model.dispose();
  }
}

describe('prediction through the fused net at the bench shape', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('GRU x1 (reset gate before the recurrent product, as the model builds it): same predictions as tfjs', async () => {
    const model = buildForecastModel({
      cell: 'GRU', layers: 1, bidirectional: false, hiddenUnits: 4, window: 3, features: 1, horizon: 1, learningRate: 0.01, seed: 1,
    });
    // tfjs' GRUCell computes reset_after = false only (it throws for true), so that is the convention the kernels follow.
    const cell = (model.layers.find((layer) => layer.getClassName().endsWith('GRU')) as unknown as { cell: { resetAfter?: boolean } }).cell;
    expect(cell.resetAfter ?? false).toBe(false);
    expect(() => tf.layers.gru({ units: 2, resetAfter: true } as Parameters<typeof tf.layers.gru>[0])).toThrow(/reset_after/);
    model.dispose();
    await expectSamePredictions({ cell: 'GRU' });
  }, 120_000);

  it('GRU x2 and LSTM x1: same predictions as tfjs', async () => {
    await expectSamePredictions({ cell: 'GRU', layers: 2 });
    await expectSamePredictions({ cell: 'LSTM' });
  }, 240_000);
});
