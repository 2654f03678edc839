// Runs in: vitest (Node). The fused recurrent layers against tfjs' own op-by-op layers: outputs and gradients
// on random weights and inputs, on the real cpu and wasm backends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../main/trainer/tfjs-backend';
import { fusedLayers, toStandardTopology } from '../../main/trainer/fused/fused-layers';
import { buildForecastModel, type ModelSpec } from '../../main/trainer/model';
import { maxRelativeError } from '../support/relative-error';

type Cell = 'simpleRNN' | 'lstm' | 'gru';
const CELLS: Cell[] = ['simpleRNN', 'lstm', 'gru'];
const TOLERANCE = 1e-4;

interface LayerArgs {
  units: number;
  returnSequences?: boolean;
  goBackwards?: boolean;
  inputShape?: number[];
}

function standard(cell: Cell, args: LayerArgs): tf.RNN {
  const gates = cell === 'simpleRNN' ? {} : { recurrentActivation: 'sigmoid' as const };
  if (cell === 'lstm') return tf.layers.lstm({ ...args, ...gates, unitForgetBias: true });
  if (cell === 'gru') return tf.layers.gru({ ...args, ...gates });
  return tf.layers.simpleRNN(args);
}

function fused(cell: Cell, args: LayerArgs): tf.RNN {
  const gates = cell === 'simpleRNN' ? {} : { recurrentActivation: 'sigmoid' as const };
  if (cell === 'lstm') return fusedLayers.lstm({ ...args, ...gates, unitForgetBias: true });
  if (cell === 'gru') return fusedLayers.gru({ ...args, ...gates });
  return fusedLayers.simpleRNN(args);
}

function relativeError(actual: tf.Tensor, expected: tf.Tensor): number {
  return maxRelativeError(actual.dataSync(), expected.dataSync());
}

let seed = 1;
function randomWeights(model: tf.LayersModel | tf.layers.Layer): void {
  // Larger than the initialisers so saturating gates and the bias paths are exercised too.
  model.setWeights(model.getWeights().map((w) => tf.randomUniform(w.shape, -0.6, 0.6, 'float32', seed++)));
}

/** Output, and gradients of a fixed random projection of it w.r.t. the input and every trainable weight. */
function outputAndGrads(net: tf.LayersModel | tf.layers.Layer, x: tf.Tensor) {
  const input = tf.variable(x.clone(), true, `x${seed++}`);
  const weights = net.trainableWeights.map((w) => w.read() as tf.Variable);
  let output: tf.Tensor | null = null;
  const projection = tf.randomNormal((net.apply(x) as tf.Tensor).shape, 0, 1, 'float32', 7);
  const { grads } = tf.variableGrads(() => {
    output = tf.keep(net.apply(input) as tf.Tensor);
    return tf.sum(tf.mul(output, projection)) as tf.Scalar;
  }, [input, ...weights]);
  const result = { output: output as unknown as tf.Tensor, grads: [grads[input.name], ...weights.map((w) => grads[w.name])] };
  input.dispose();
  return result;
}

function expectEquivalent(fusedNet: tf.LayersModel | tf.layers.Layer, standardNet: tf.LayersModel | tf.layers.Layer, x: tf.Tensor) {
  const a = outputAndGrads(fusedNet, x);
  const b = outputAndGrads(standardNet, x);
  expect(relativeError(a.output, b.output)).toBeLessThan(TOLERANCE);
  expect(a.grads).toHaveLength(b.grads.length);
  a.grads.forEach((g, i) => expect(relativeError(g, b.grads[i]), `gradient ${i}`).toBeLessThan(TOLERANCE));
}

async function kernelsRun(layer: tf.layers.Layer, x: tf.Tensor): Promise<number> {
  const info = await tf.profile(() => layer.apply(x) as tf.Tensor);
  return info.kernels.length;
}

function pairOfLayers(cell: Cell, args: LayerArgs, inputDim: number): [tf.RNN, tf.RNN] {
  const reference = standard(cell, args);
  const candidate = fused(cell, args);
  // Applying to a symbolic input builds the weights the way a model would.
  reference.apply(tf.input({ shape: [6, inputDim] }));
  candidate.apply(tf.input({ shape: [6, inputDim] }));
  randomWeights(reference);
  candidate.setWeights(reference.getWeights());
  return [candidate, reference];
}

function runEquivalenceSuite(backend: 'cpu' | 'wasm'): void {
  describe(`fused recurrent layers on ${backend}`, () => {
    beforeAll(async () => {
      await initBackend(backend);
      expect(tf.getBackend()).toBe(backend);
    });

    for (const cell of CELLS) {
      for (const returnSequences of [false, true]) {
        for (const goBackwards of [false, true]) {
          it(`${cell} returnSequences=${returnSequences} goBackwards=${goBackwards}: same outputs and gradients`, async () => {
            const [candidate, reference] = pairOfLayers(cell, { units: 5, returnSequences, goBackwards }, 3);
            const x = tf.randomNormal([4, 6, 3], 0, 1, 'float32', seed++);
            expectEquivalent(candidate, reference, x);
            // One fused op versus several per time step: proves the fused path ran rather than the fallback.
            expect(await kernelsRun(candidate, x)).toBeLessThan(6);
            expect(await kernelsRun(reference, x)).toBeGreaterThan(6 * 3);
          });
        }
      }

      it(`${cell}: a batch spanning several internal chunks (70 samples) matches`, async () => {
        for (const returnSequences of [false, true]) {
          const [candidate, reference] = pairOfLayers(cell, { units: 5, returnSequences, goBackwards: true }, 3);
          expectEquivalent(candidate, reference, tf.randomNormal([70, 6, 3], 0, 1, 'float32', seed++));
        }
      });

      it(`${cell}: stacked (sequences between layers) matches`, () => {
        const build = (make: typeof fused) => {
          const model = tf.sequential();
          model.add(make(cell, { units: 4, returnSequences: true, inputShape: [6, 2] }));
          model.add(make(cell, { units: 3 }));
          model.add(tf.layers.dense({ units: 1 }));
          return model;
        };
        const reference = build(standard);
        const candidate = build(fused);
        randomWeights(reference);
        candidate.setWeights(reference.getWeights());
        expectEquivalent(candidate, reference, tf.randomNormal([5, 6, 2], 0, 1, 'float32', seed++));
      });

      it(`${cell}: inside tf.layers.bidirectional matches, and both directions run fused`, () => {
        const build = (make: typeof fused) => {
          const model = tf.sequential();
          model.add(tf.layers.bidirectional({ layer: make(cell, { units: 4 }), inputShape: [6, 2], mergeMode: 'concat' }));
          return model;
        };
        const reference = build(standard);
        const candidate = build(fused);
        const wrapped = candidate.layers[0] as unknown as { forwardLayer: tf.RNN; backwardLayer: tf.RNN };
        expect(wrapped.forwardLayer.getClassName()).toMatch(/^Fused/);
        expect(wrapped.backwardLayer.getClassName()).toMatch(/^Fused/);
        randomWeights(reference);
        candidate.setWeights(reference.getWeights());
        expectEquivalent(candidate, reference, tf.randomNormal([3, 6, 2], 0, 1, 'float32', seed++));
      });
    }
  });
}

runEquivalenceSuite('cpu');
runEquivalenceSuite('wasm');

describe('fused layers as standard layers', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });
  afterAll(() => tf.disposeVariables());

  it('hold the standard weights: names, shapes and order, so they copy to a standard layer unchanged', () => {
    for (const cell of CELLS) {
      const [candidate, reference] = pairOfLayers(cell, { units: 5 }, 3);
      expect(candidate.weights.map((w) => w.shape)).toEqual(reference.weights.map((w) => w.shape));
      expect(candidate.weights.map((w) => w.originalName.split('/').pop())).toEqual(['kernel', 'recurrent_kernel', 'bias']);
      expect(reference.weights.map((w) => w.originalName.split('/').pop())).toEqual(['kernel', 'recurrent_kernel', 'bias']);
    }
  });

  it('save and load back as a standard tfjs model with identical predictions', async () => {
    for (const cell of CELLS) {
      const model = tf.sequential();
      model.add(fused(cell, { units: 4, returnSequences: true, inputShape: [5, 2] }));
      model.add(tf.layers.bidirectional({ layer: fused(cell, { units: 3 }) }));
      model.add(tf.layers.dense({ units: 2 }));
      randomWeights(model);
      let saved: tf.io.ModelArtifacts | null = null;
      await model.save(
        tf.io.withSaveHandler(async (artifacts) => {
          saved = artifacts;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
      const artifacts = saved as unknown as tf.io.ModelArtifacts;
      const standardArtifacts = { ...artifacts, modelTopology: toStandardTopology(artifacts.modelTopology) };
      expect(JSON.stringify(artifacts.modelTopology)).toContain('"class_name":"Fused');
      expect(JSON.stringify(standardArtifacts.modelTopology)).not.toContain('"class_name":"Fused');
      const loaded = await tf.loadLayersModel(tf.io.fromMemory(standardArtifacts));
      const standardName = { simpleRNN: 'SimpleRNN', lstm: 'LSTM', gru: 'GRU' }[cell];
      expect(loaded.layers.map((l) => l.getClassName())).toEqual([standardName, 'Bidirectional', 'Dense']);
      const x = tf.randomNormal([3, 5, 2], 0, 1, 'float32', seed++);
      const expected = model.predict(x) as tf.Tensor;
      const actual = loaded.predict(x) as tf.Tensor;
      expect(relativeError(actual, expected)).toBeLessThan(1e-6);
      model.dispose();
      loaded.dispose();
    }
  });

  it('fall back to the op-by-op path while training with dropout, and run fused (and agree) at inference', async () => {
    const args = { units: 4, dropout: 0.5, recurrentDropout: 0.5 };
    const reference = tf.layers.simpleRNN(args);
    const candidate = fusedLayers.simpleRNN(args);
    reference.apply(tf.input({ shape: [6, 2] }));
    candidate.apply(tf.input({ shape: [6, 2] }));
    randomWeights(reference);
    candidate.setWeights(reference.getWeights());
    // Dropout is inactive at inference, so the standard path gives the same numbers.
    const x = tf.randomNormal([3, 6, 2], 0, 1, 'float32', seed++);
    expect(relativeError(candidate.apply(x) as tf.Tensor, reference.apply(x) as tf.Tensor)).toBeLessThan(1e-6);
    expect(await kernelsRun(candidate, x)).toBeLessThan(6);
    const training = await tf.profile(() => candidate.apply(x, { training: true }) as tf.Tensor);
    expect(training.kernels.length).toBeGreaterThan(6 * 3);
  });
});

describe('buildForecastModel with fused layers', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('trains to the same weights as the op-by-op model (Adam, several batches), for every cell, stacked and bidirectional', async () => {
    const x = tf.randomNormal([16, 7, 2], 0, 1, 'float32', 3);
    const y = tf.randomNormal([16, 2], 0, 1, 'float32', 4);
    for (const cell of ['SimpleRNN', 'LSTM', 'GRU'] as const) {
      for (const [layers, bidirectional] of [[2, false], [1, true]] as const) {
        const spec: ModelSpec = { cell, layers, bidirectional, hiddenUnits: 6, window: 7, features: 2, horizon: 2, learningRate: 0.01, seed: 5 };
        const candidate = buildForecastModel({ ...spec, fused: true });
        const reference = buildForecastModel({ ...spec, fused: false });
        expect(candidate.layers[0].getClassName()).toBe(bidirectional ? 'Bidirectional' : `Fused${cell}`);
        expect(reference.layers[0].getClassName()).toBe(bidirectional ? 'Bidirectional' : cell);
        for (let step = 0; step < 5; step++) {
          await candidate.trainOnBatch(x, y);
          await reference.trainOnBatch(x, y);
        }
        const weights = candidate.getWeights();
        reference.getWeights().forEach((w, i) => expect(relativeError(weights[i], w), `${cell} weight ${i}`).toBeLessThan(1e-4));
        for (const model of [candidate, reference]) {
          model.optimizer?.dispose();
          model.dispose();
        }
      }
    }
  });
});
