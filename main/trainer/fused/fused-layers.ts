// Runs in: trainer process (plain Node). SimpleRNN, LSTM and GRU layers whose call() is one fused op on the
// cpu and wasm backends. Each subclasses the standard tfjs layer, so the weights are the standard cell's own
// variables (same names, shapes and initialisers) and every case the fused op does not cover (masks, initial
// states, dropout while training, stateful, other activations, other backends) falls back to the standard call.
import * as tf from '@tensorflow/tfjs';
import type { CellKernel } from './cell-kernel';
import { FusedRecurrence } from './fused-recurrence';
import { gruKernel } from './gru-kernel';
import { lstmKernel } from './lstm-kernel';
import { simpleRnnKernel } from './simple-rnn-kernel';

export type SimpleRNNArgs = Parameters<typeof tf.layers.simpleRNN>[0];
export type LSTMArgs = Parameters<typeof tf.layers.lstm>[0];
export type GRUArgs = Parameters<typeof tf.layers.gru>[0];
type Kwargs = Parameters<tf.RNN['call']>[1];

/** Backends on which the fused loops beat op-by-op execution (native TensorFlow has its own kernels). */
export const FUSED_BACKENDS: readonly string[] = ['cpu', 'wasm'];

// The standard classes as tfjs itself registered them, so instanceof checks inside tfjs (Bidirectional) hold.
type StandardClass<A> = (new (args: A) => tf.RNN) & Pick<typeof tf.RNN, 'fromConfig'>;
function standardClass<A>(className: string): StandardClass<A> {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`TensorFlow.js has no registered ${className} layer`);
  return entry[0] as unknown as StandardClass<A>;
}

interface Variable {
  read(): tf.Tensor;
}
// The standard cells' fields the fused path needs (public in tfjs, absent from RNNCell's type).
interface CellFields {
  kernel: Variable;
  recurrentKernel: Variable;
  bias: Variable | null;
  activation: tf.serialization.Serializable;
  recurrentActivation?: tf.serialization.Serializable;
  dropout: number;
  recurrentDropout: number;
  resetAfter?: boolean;
}

interface FusedState {
  recurrence: FusedRecurrence | null;
}

/** Whether the fused kernels compute this layer's cell at all (tanh, sigmoid gates, a bias, no state kept). */
export function fusableCell(layer: tf.RNN): boolean {
  const cell = layer.cell as unknown as CellFields;
  return (
    FUSED_BACKENDS.includes(tf.getBackend()) &&
    !layer.stateful &&
    !layer.returnState &&
    cell.bias !== null &&
    !cell.resetAfter &&
    cell.activation.getClassName() === 'tanh' &&
    (cell.recurrentActivation === undefined || cell.recurrentActivation.getClassName() === 'sigmoid')
  );
}

/** The layer's dropout rates (0 when none). */
export function dropoutRates(layer: tf.RNN): { dropout: number; recurrentDropout: number } {
  const cell = layer.cell as unknown as CellFields;
  return { dropout: cell.dropout > 0 ? cell.dropout : 0, recurrentDropout: cell.recurrentDropout > 0 ? cell.recurrentDropout : 0 };
}

/** Whether the per-layer fused op covers this layer and call (else the standard, op-by-op call runs). */
export function fusable(layer: tf.RNN, kwargs: Kwargs): boolean {
  const { dropout, recurrentDropout } = dropoutRates(layer);
  return (
    fusableCell(layer) &&
    kwargs?.mask == null &&
    kwargs?.initialState == null &&
    // The per-layer op draws no masks: dropout while training takes tfjs' path (the whole-model net has its own).
    ((dropout === 0 && recurrentDropout === 0) || kwargs?.training !== true)
  );
}

function fusedCall(
  layer: tf.RNN, state: FusedState, kernel: CellKernel, inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs,
): tf.Tensor {
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  const cell = layer.cell as unknown as CellFields;
  state.recurrence ??= new FusedRecurrence(kernel, {
    goBackwards: layer.goBackwards,
    returnSequences: layer.returnSequences,
  });
  const args = [x, cell.kernel.read(), cell.recurrentKernel.read(), (cell.bias as Variable).read()] as const;
  // Only a gradient needs the gradient op (and the per-step states it keeps); prediction runs the lean forward.
  const needsGradient = kwargs?.training === true || recordingGradients();
  return needsGradient ? state.recurrence.apply(...args) : state.recurrence.infer(...args);
}

/** Whether a gradient tape is recording (tf.grads / variableGrads around a call made without training: true). */
function recordingGradients(): boolean {
  const engine = tf.engine() as unknown as { state: { gradientDepth: number } };
  return engine.state.gradientDepth > 0;
}

export class FusedSimpleRNN extends standardClass<SimpleRNNArgs>('SimpleRNN') {
  static className = 'FusedSimpleRNN';
  private readonly fused: FusedState = { recurrence: null };
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    if (!fusable(this, kwargs)) return super.call(inputs, kwargs);
    return fusedCall(this, this.fused, simpleRnnKernel, inputs, kwargs);
  }
}

export class FusedLSTM extends standardClass<LSTMArgs>('LSTM') {
  static className = 'FusedLSTM';
  private readonly fused: FusedState = { recurrence: null };
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    if (!fusable(this, kwargs)) return super.call(inputs, kwargs);
    return fusedCall(this, this.fused, lstmKernel, inputs, kwargs);
  }
}

export class FusedGRU extends standardClass<GRUArgs>('GRU') {
  static className = 'FusedGRU';
  private readonly fused: FusedState = { recurrence: null };
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    if (!fusable(this, kwargs)) return super.call(inputs, kwargs);
    return fusedCall(this, this.fused, gruKernel, inputs, kwargs);
  }
}

// Registered so Bidirectional (which clones its layer through the registry) and tf.loadLayersModel find them.
tf.serialization.registerClass(FusedSimpleRNN);
tf.serialization.registerClass(FusedLSTM);
tf.serialization.registerClass(FusedGRU);

/** Drop-in factories with tf.layers' signatures. */
export const fusedLayers = {
  simpleRNN: (args: SimpleRNNArgs): tf.RNN => new FusedSimpleRNN(args),
  lstm: (args: LSTMArgs): tf.RNN => new FusedLSTM(args),
  gru: (args: GRUArgs): tf.RNN => new FusedGRU(args),
};

/**
 * The layer factories a model should use: fused where it pays (cpu and wasm; tfjs-node runs its own native
 * kernels), unless `fused` says otherwise. The fused layers fall back per call anyway, so either is correct.
 */
export function recurrentLayers(fused?: boolean): typeof fusedLayers {
  return (fused ?? FUSED_BACKENDS.includes(tf.getBackend())) ? fusedLayers : tf.layers;
}

const STANDARD_NAMES: Record<string, string> = { FusedSimpleRNN: 'SimpleRNN', FusedLSTM: 'LSTM', FusedGRU: 'GRU' };

/** The standard tfjs class a (possibly fused) layer class name stands for. */
export function standardClassName(className: string): string {
  return STANDARD_NAMES[className] ?? className;
}

/**
 * A saved model's topology with the fused classes renamed to the standard ones (same configs, same weights),
 * so any TensorFlow.js (or Keras-converter) install loads it without this module.
 */
export function toStandardTopology<T>(topology: T): T {
  return JSON.parse(
    JSON.stringify(topology, (key, value: unknown) =>
      (key === 'class_name' || key === 'className') && typeof value === 'string' && value in STANDARD_NAMES ? STANDARD_NAMES[value] : value,
    ),
  ) as T;
}
