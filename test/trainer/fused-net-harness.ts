// Runs in: vitest (Node). Shared by the fused-net tests: trains the whole-model fused net and tfjs' own layers side by
// side on the same batches (with the net's dropout masks handed to tfjs' cells) and checks losses, weights and
// predictions agree within 1e-4.
import { expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { configureFusedNet, fusedNetFor, syncFusedNet, type FusedNet } from '../../main/trainer/fused/fused-net';
import { bidirectionalPair } from '../../main/trainer/fused/net-plan';
import { buildForecastModel, type ModelSpec } from '../../main/trainer/model';
import { maxRelativeError } from '../support/relative-error';

export const TOLERANCE = 1e-4;

export function randomArray(n: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: n }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.5;
  });
}

export const SMALL: ModelSpec = {
  cell: 'SimpleRNN', layers: 1, bidirectional: false, hiddenUnits: 6, window: 7, features: 2, horizon: 3,
  learningRate: 0.01, seed: 5, initializer: 'uniform',
};

interface MaskCell {
  dropout: number;
  recurrentDropout: number;
  dropoutFunc?: (ones: tf.Tensor, rate: number) => tf.Tensor;
}

const MASK_COUNT: Record<string, number> = { SimpleRNN: 1, GRU: 3, LSTM: 4 };

/**
 * Makes tfjs' cells use given masks: a cell asks its dropoutFunc for `count` input masks, then `count` recurrent
 * ones, on the first step of each call (and applies the first of each). Returns a setter for the next step's masks.
 */
export function injectMasks(recurrent: tf.layers.Layer[], cell: string) {
  const cells: MaskCell[][] = recurrent.map((layer) => {
    const rnns = bidirectionalPair(layer) ?? [layer as tf.RNN];
    return rnns.map((rnn) => rnn.cell as unknown as MaskCell);
  });
  return (masks: { input: Float32Array | null; recurrent: Float32Array | null }[][]) => {
    cells.forEach((dirs, s) =>
      dirs.forEach((c, d) => {
        let calls = 0;
        const count = MASK_COUNT[cell];
        c.dropoutFunc = (ones) => {
          const isInput = c.dropout > 0 && calls < count;
          calls++;
          const values = isInput ? masks[s][d].input : masks[s][d].recurrent;
          if (!values) throw new Error(`no ${isInput ? 'input' : 'recurrent'} mask for stage ${s} direction ${d}`);
          return tf.tensor(values, ones.shape);
        };
      }),
    );
  };
}

export interface Agreement {
  /** Recompiles both models with this optimizer (before the net takes over). */
  optimizer?: () => tf.Optimizer;
  threads?: number;
  steps?: number;
  /** Windows in a full batch (every other step trains on about two thirds of them); default 20. */
  count?: number;
}

/** Trains both ways for a few steps (batches of uneven size) and checks they agree; returns the trained net. */
export async function expectAgreement(spec: ModelSpec, options: Agreement = {}): Promise<FusedNet> {
  const count = options.count ?? 20;
  const short = Math.round(count * 0.65);
  const x = randomArray(count * spec.window * spec.features, 11);
  const y = randomArray(count * spec.horizon, 12);
  const candidate = buildForecastModel(spec);
  const reference = buildForecastModel({ ...spec, fused: false });
  if (options.optimizer) {
    for (const model of [candidate, reference]) model.compile({ optimizer: options.optimizer(), loss: 'meanSquaredError' });
  }
  configureFusedNet(candidate, { seed: spec.seed, threads: options.threads ?? 1 });
  const net = fusedNetFor(candidate);
  expect(net).not.toBeNull();
  expect(fusedNetFor(reference)).toBeNull(); // standard layers: not the net's to run
  const setMasks = injectMasks(reference.layers.slice(0, -1), spec.cell);
  const xs = tf.tensor3d(x, [count, spec.window, spec.features]);
  const ys = tf.tensor2d(y, [count, spec.horizon]);
  for (let step = 0; step < (options.steps ?? 6); step++) {
    const size = step % 2 === 0 ? count : short;
    const loss = net!.trainStep(x.subarray(0, size * spec.window * spec.features), y.subarray(0, size * spec.horizon), size);
    setMasks(net!.lastMasks(size));
    const expectedLoss = (await reference.trainOnBatch(xs.slice(0, size), ys.slice(0, size))) as number;
    expect(Math.abs(loss - expectedLoss) / expectedLoss, `loss at step ${step}`).toBeLessThan(TOLERANCE);
  }
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
  return net!;
}
