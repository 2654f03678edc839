// Runs in: trainer process (plain Node). Builds the forecast network: stacked recurrent layers, then Dense(horizon).
import * as tf from '@tensorflow/tfjs';
import type { CellType, ForecastConfig, InitializerName, OptimizerName } from '../../shared/model/config';
import { recurrentLayers } from './fused/fused-layers'; // issue 6: fused recurrent layers
import { configureFusedNet } from './fused/fused-net';

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
  /** Default adam. */
  optimizer?: OptimizerName;
  /** Dropout on each recurrent layer's inputs / hidden state while training; default 0. */
  dropout?: number;
  recurrentDropout?: number;
  /** issue 6: one fused op per recurrent layer; default on for the cpu and wasm backends (see fused/). */
  fused?: boolean;
  /** Default 'glorot' (Keras); forecast runs choose 'uniform' (PyTorch) by default, see FORECAST_DEFAULTS. */
  initializer?: InitializerName;
  /** Threads the whole-model fused net shares each batch among (default 1). */
  threads?: number;
}

/**
 * A forecast run's model, from its config (training-control fields already defaulted) and its input column count.
 * Runs logged before the initializer setting existed started from Glorot weights.
 */
export function forecastModelSpec(config: ForecastConfig, features: number): ModelSpec {
  return {
    cell: config.cell,
    layers: config.layers,
    hiddenUnits: config.hiddenUnits,
    bidirectional: config.bidirectional,
    window: config.window,
    features,
    horizon: config.horizon,
    learningRate: config.learningRate,
    seed: config.seed,
    optimizer: config.optimizer,
    dropout: config.dropout,
    recurrentDropout: config.recurrentDropout,
    initializer: config.initializer ?? 'glorot',
  };
}

/** PyTorch's nn.RNN/LSTM/GRU and nn.Linear start: every weight and bias uniform in ±1/sqrt(fan). */
function torchUniform(fan: number, seed: number): ReturnType<typeof tf.initializers.randomUniform> {
  const bound = 1 / Math.sqrt(fan);
  return tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed });
}

type InitializerArg = ReturnType<typeof tf.initializers.randomUniform> | 'zeros';

function recurrentInitializers(
  spec: Pick<ModelSpec, 'hiddenUnits' | 'initializer'>,
  nextSeed: () => number,
): { kernelInitializer: InitializerArg; recurrentInitializer: InitializerArg; biasInitializer: InitializerArg } {
  if (spec.initializer === 'uniform') {
    return {
      kernelInitializer: torchUniform(spec.hiddenUnits, nextSeed()),
      recurrentInitializer: torchUniform(spec.hiddenUnits, nextSeed()),
      biasInitializer: torchUniform(spec.hiddenUnits, nextSeed()),
    };
  }
  return {
    // Keras' defaults (tfjs uses glorotNormal); orthogonal recurrent weights keep early gradients stable.
    kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: nextSeed() }),
    biasInitializer: 'zeros',
  };
}

export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
    case 'sgd':
      return tf.train.sgd(learningRate);
  }
}

/**
 * tfjs draws dropout masks from an unseeded generator, so a run with dropout would differ every time; this
 * dropout function seeds each mask from the run's seed sequence instead, keeping a fixed seed reproducible.
 */
function seededDropout(nextSeed: () => number): (x: tf.Tensor, rate: number) => tf.Tensor {
  return (x, rate) => tf.dropout(x, rate, undefined, nextSeed());
}

// Every initializer gets its own seed: with one shared seed, same-shaped kernels would start identical.
export function seeds(base: number): () => number {
  let next = base;
  return () => {
    next = (next + 7919) % 2147483647;
    return next;
  };
}

export function recurrentLayer(
  spec: Pick<ModelSpec, 'cell' | 'hiddenUnits' | 'dropout' | 'recurrentDropout' | 'fused' | 'initializer'>,
  returnSequences: boolean,
  nextSeed: () => number,
  inputShape?: number[],
): tf.RNN {
  const common = {
    // A Sequential's first layer must declare its input shape.
    ...(inputShape ? { inputShape } : {}),
    units: spec.hiddenUnits,
    returnSequences,
    ...recurrentInitializers(spec, nextSeed),
    dropout: spec.dropout ?? 0,
    recurrentDropout: spec.recurrentDropout ?? 0,
    ...((spec.dropout ?? 0) > 0 || (spec.recurrentDropout ?? 0) > 0 ? { dropoutFunc: seededDropout(nextSeed) } : {}),
  };
  const layers = recurrentLayers(spec.fused); // issue 6
  switch (spec.cell) {
    case 'SimpleRNN':
      return layers.simpleRNN(common);
    // tfjs defaults the gates to hardSigmoid (old Keras); PyTorch and Keras 3 use the sigmoid.
    case 'GRU':
      return layers.gru({ ...common, recurrentActivation: 'sigmoid' });
    case 'LSTM':
      return layers.lstm({ ...common, recurrentActivation: 'sigmoid', unitForgetBias: true });
  }
}

/** A compiled tf.Sequential (the spec's optimizer, MSE). The caller owns it and must dispose it. */
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
      ...(spec.initializer === 'uniform'
        ? {
            kernelInitializer: torchUniform(spec.hiddenUnits * (spec.bidirectional ? 2 : 1), nextSeed()),
            biasInitializer: torchUniform(spec.hiddenUnits * (spec.bidirectional ? 2 : 1), nextSeed()),
          }
        : { kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }) }),
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

  model.compile({ optimizer: createOptimizer(spec.optimizer ?? 'adam', spec.learningRate), loss: 'meanSquaredError' });
  // The fused net draws its own dropout masks from the run's seed, and shares batches among the run's threads.
  configureFusedNet(model, { seed: spec.seed, threads: spec.threads ?? 1 });
  return model;
}
