// Runs in: trainer process (plain Node). Builds the forecast network: stacked recurrent layers, then Dense(horizon).
import * as tf from '@tensorflow/tfjs';
import type { CellType } from '../../shared/api';

export interface ModelSpec {
  cell: CellType;
  layers: number;
  hiddenUnits: number;
  bidirectional: boolean;
  /** Input time steps. */
  window: number;
  /** Input columns per step. */
  features: number;
  horizon: number;
  learningRate: number;
  seed: number;
}

// Every initializer gets its own seed: with one shared seed, same-shaped kernels would start identical.
function seeds(base: number): () => number {
  let next = base;
  return () => {
    next = (next + 7919) % 2147483647;
    return next;
  };
}

function recurrentLayer(
  spec: ModelSpec,
  returnSequences: boolean,
  nextSeed: () => number,
  inputShape?: number[],
): tf.RNN {
  const common = {
    // A Sequential's first layer must declare its input shape.
    ...(inputShape ? { inputShape } : {}),
    units: spec.hiddenUnits,
    returnSequences,
    // Keras' defaults (tfjs uses glorotNormal); orthogonal recurrent weights keep early gradients stable.
    kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: nextSeed() }),
    biasInitializer: 'zeros' as const,
  };
  switch (spec.cell) {
    case 'SimpleRNN':
      return tf.layers.simpleRNN(common);
    // tfjs defaults the gates to hardSigmoid (old Keras); PyTorch and Keras 3 use the sigmoid.
    case 'GRU':
      return tf.layers.gru({ ...common, recurrentActivation: 'sigmoid' });
    case 'LSTM':
      return tf.layers.lstm({ ...common, recurrentActivation: 'sigmoid', unitForgetBias: true });
  }
}

/** A compiled tf.Sequential (Adam, MSE). The caller owns it and must dispose it. */
export function buildForecastModel(spec: ModelSpec): tf.Sequential {
  const nextSeed = seeds(spec.seed);
  const model = tf.sequential();
  const inputShape = [spec.window, spec.features];
  const twins: { wrapperIndex: number; inputDim: number; layer: tf.RNN }[] = [];

  for (let i = 0; i < spec.layers; i++) {
    const returnSequences = i < spec.layers - 1;
    if (spec.bidirectional) {
      const rnn = recurrentLayer(spec, returnSequences, nextSeed);
      model.add(tf.layers.bidirectional({ layer: rnn, mergeMode: 'concat', ...(i === 0 ? { inputShape } : {}) }));
      const inputDim = i === 0 ? spec.features : 2 * spec.hiddenUnits;
      twins.push({ wrapperIndex: i, inputDim, layer: recurrentLayer(spec, returnSequences, nextSeed) });
    } else {
      model.add(recurrentLayer(spec, returnSequences, nextSeed, i === 0 ? inputShape : undefined));
    }
  }
  model.add(
    tf.layers.dense({
      units: spec.horizon,
      kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
    }),
  );

  // Bidirectional clones the wrapped layer's config, seeds included, so both directions would start
  // identical; give the backward half the fresh weights of an independently seeded twin.
  for (const twin of twins) {
    const wrapper = model.layers[twin.wrapperIndex];
    // Applying it to a symbolic input builds its weights the way tfjs tracks (so dispose() frees them).
    twin.layer.apply(tf.input({ shape: [spec.window, twin.inputDim] }));
    const current = wrapper.getWeights();
    const forward = current.slice(0, current.length / 2);
    wrapper.setWeights([...forward, ...twin.layer.getWeights()]);
    twin.layer.dispose();
  }

  model.compile({ optimizer: tf.train.adam(spec.learningRate), loss: 'meanSquaredError' });
  return model;
}
