// Runs in: trainer process (plain Node). Embedding -> recurrent layers -> Dense(sigmoid | softmax), compiled.
//
// Keeping [PAD] out of the RNN. Texts are padded at the END (sequences.ts). A unidirectional RNN is causal: its
// output at a text's last real word has not seen the padding after it. So the last recurrent layer returns every
// step and LastRealStep picks, per text, the step of its last real word: exactly what masking gives, without
// tfjs' per-step mask ops, which cost 2-3x the training time on the wasm backend (measured: ~3 s vs ~8 s per batch of
// 64 x 200 tokens on a loaded machine). A bidirectional RNN's backward half reads the padding first, so there the
// Embedding's `maskZero` mask is used instead.
//
// tfjs masks index 0, but the course's table (shown to the user) has [UNK] at 0 and [PAD] at 1. The model sees ids
// with those two swapped (toModelIds): PAD -> 0, UNK -> 1 (an ordinary learned vector). Only the two reserved rows
// move; every word keeps its index, and embedding rows read back for display swap rows 0 and 1 again.
import * as tf from '@tensorflow/tfjs';
import type { CellType, OptimizerName, ThreadsChoice } from '../../../shared/model/config';
import { createOptimizer, recurrentLayer, seeds } from '../model';
import { configureFusedNet, fusedNetFor } from '../fused/fused-net';
import { threadCount } from '../fused/kernel-threads';
import { PAD, UNK } from '../../core/text/vocabulary';

export const MODEL_PAD = 0;
export const MODEL_UNK = 1;

/** Course ids -> model ids, in place (swaps 0 and 1). */
export function toModelIds(ids: Int32Array): Int32Array {
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] === PAD) ids[i] = MODEL_PAD;
    else if (ids[i] === UNK) ids[i] = MODEL_UNK;
  }
  return ids;
}

/** [sequences (batch, steps, units), ids (batch, steps)] -> (batch, units): each row's output at its last non-PAD
 * step (step 0 for an empty text). Post-padding is assumed. */
export class LastRealStep extends tf.layers.Layer {
  static readonly className = 'LastRealStep';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [sequences] = inputShape as tf.Shape[];
    return [sequences[0], sequences[2]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [sequences, ids] = inputs as tf.Tensor[];
      const [batch, steps, units] = sequences.shape;
      const lengths = tf.sum(tf.cast(tf.notEqual(ids, MODEL_PAD), 'int32'), 1);
      const last = tf.maximum(tf.sub(lengths, 1), 0);
      const rows = tf.add(tf.mul(tf.range(0, batch, 1, 'int32'), steps), last);
      return tf.gather(tf.reshape(sequences, [batch * steps, units]), tf.cast(rows, 'int32'));
    });
  }
}
tf.serialization.registerClass(LastRealStep);

export interface TextModelSpec {
  cell: CellType;
  layers: number;
  hiddenUnits: number;
  bidirectional: boolean;
  vocabSize: number;
  embeddingDim: number;
  maxLength: number;
  classCount: number;
  learningRate: number;
  seed: number;
  /** Default adam. */
  optimizer?: OptimizerName;
  /** Dropout on each recurrent layer's inputs / hidden state while training; default 0. */
  dropout?: number;
  recurrentDropout?: number;
  /** One fused op per recurrent layer (default: on the cpu and wasm backends); benchmarks turn it off. */
  fused?: boolean;
  /** Threads sharing each training batch in the fused net: a count (trainText passes the one it resolved from the
   * run's share of the cores), or 'auto' for the machine's cores. Default 1. Typed as the config's setting so a
   * TextConfig spread into the spec (as the benchmarks do) still fits. */
  threads?: ThreadsChoice;
}

/** A compiled model. Binary tasks end in one sigmoid unit (binary cross-entropy), others in a softmax
 * (categorical cross-entropy on one-hot targets). The caller owns it and must dispose it and its optimizer. */
export function buildTextModel(spec: TextModelSpec): tf.LayersModel {
  const nextSeed = seeds(spec.seed);
  const ids = tf.input({ shape: [spec.maxLength], dtype: 'int32' });
  const embedding = tf.layers.embedding({
    inputDim: spec.vocabSize,
    outputDim: spec.embeddingDim,
    maskZero: spec.bidirectional,
    embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: nextSeed() }),
  });
  let x = embedding.apply(ids) as tf.SymbolicTensor;
  const twins: { wrapper: tf.layers.Layer; inputDim: number; layer: tf.RNN }[] = [];
  for (let i = 0; i < spec.layers; i++) {
    // Unidirectional: every layer returns all steps; LastRealStep reads the right one.
    const returnSequences = !spec.bidirectional || i < spec.layers - 1;
    const layer = recurrentLayer(spec, returnSequences, nextSeed);
    if (spec.bidirectional) {
      const wrapper = tf.layers.bidirectional({ layer, mergeMode: 'concat' });
      x = wrapper.apply(x) as tf.SymbolicTensor;
      const inputDim = i === 0 ? spec.embeddingDim : 2 * spec.hiddenUnits;
      twins.push({ wrapper, inputDim, layer: recurrentLayer(spec, returnSequences, nextSeed) });
    } else {
      x = layer.apply(x) as tf.SymbolicTensor;
    }
  }
  if (!spec.bidirectional) x = new LastRealStep({}).apply([x, ids]) as tf.SymbolicTensor;
  const binary = spec.classCount === 2;
  const output = tf.layers
    .dense({
      units: binary ? 1 : spec.classCount,
      activation: binary ? 'sigmoid' : 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
    })
    .apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: ids, outputs: output });
  // As in the forecast model: Bidirectional clones the wrapped layer's seeds, so give the backward half the
  // weights of an independently seeded twin.
  for (const twin of twins) {
    twin.layer.apply(tf.input({ shape: [spec.maxLength, twin.inputDim] }));
    const current = twin.wrapper.getWeights();
    twin.wrapper.setWeights([...current.slice(0, current.length / 2), ...twin.layer.getWeights()]);
    twin.layer.dispose();
  }
  model.compile({
    optimizer: createOptimizer(spec.optimizer ?? 'adam', spec.learningRate),
    loss: binary ? 'binaryCrossentropy' : 'categoricalCrossentropy',
  });
  // The whole model runs in the fused kernels (one direction, or bidirectional with the padding masked as above): its
  // masks from the run's seed, padding as MODEL_PAD, each batch shared among the run's threads.
  configureFusedNet(model, { seed: spec.seed, threads: threadCount(spec.threads ?? 1), pad: MODEL_PAD });
  return model;
}

/** Rows of the Embedding table for the given ids (word ids are the same in the course's and the model's numbering). */
export function embeddingRows(model: tf.LayersModel, ids: number[]): number[][] {
  const layer = model.layers.find((l) => l.getClassName() === 'Embedding');
  if (!layer) throw new Error('The text model has no Embedding layer');
  const [table] = layer.getWeights();
  const [, dim] = table.shape;
  const values = table.dataSync();
  return ids.map((id) => Array.from(values.subarray(id * dim, (id + 1) * dim)));
}

/** Class probabilities, n x classCount row-major, predicted in batches to bound memory. */
export async function predictProbabilities(
  model: tf.LayersModel,
  ids: Int32Array,
  maxLength: number,
  classCount: number,
  batchSize = 256,
): Promise<Float32Array> {
  const n = ids.length / maxLength;
  const out = new Float32Array(n * classCount);
  const net = fusedNetFor(model);
  for (let from = 0; from < n; from += batchSize) {
    const size = Math.min(batchSize, n - from);
    const chunk = ids.subarray(from * maxLength, (from + size) * maxLength);
    let values: Float32Array;
    if (net) {
      values = net.predict(chunk, size);
    } else {
      const xs = tf.tensor2d(chunk, [size, maxLength], 'int32');
      // batchSize: size, or predict would split the chunk into pieces of 32 (its default).
      const ys = model.predict(xs, { batchSize: size }) as tf.Tensor;
      values = (await ys.data()) as Float32Array;
      tf.dispose([xs, ys]);
    }
    if (classCount === 2) {
      for (let i = 0; i < size; i++) {
        out[(from + i) * 2] = 1 - values[i];
        out[(from + i) * 2 + 1] = values[i];
      }
    } else {
      out.set(values, from * classCount);
    }
    // Let a stop request or progress message through between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}
