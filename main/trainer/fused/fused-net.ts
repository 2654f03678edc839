// Runs in: trainer process (plain Node). The forecast network (stacked fused recurrent layers, then Dense) trained
// and run as a whole in the WebAssembly kernels: one training step is the forward pass of every layer, the MSE
// loss, the backward pass and the optimizer update, with the layers' states passed along in kernel memory.
// Why: even with one fused op per layer, tfjs' trainOnBatch costs ~1.6 ms per batch around the layers (tensor
// copies, the Dense layer, the loss, one optimizer op per weight), as long as SimpleRNN x1's whole arithmetic.
//
// The tfjs model stays the source of truth between epochs: the net pulls its weights before training and pushes
// them back when asked (syncFusedNet), so validation, early stopping, saving and loading see the usual model.
import * as tf from '@tensorflow/tfjs';
import type { CellKernel } from './cell-kernel';
import { FUSED_BACKENDS, FusedGRU, FusedLSTM, FusedSimpleRNN, fusable } from './fused-layers';
import { gruKernel } from './gru-kernel';
import { lstmKernel } from './lstm-kernel';
import { simpleRnnKernel } from './simple-rnn-kernel';
import { allocParts, at, kernelArena, type Allocator, type Block } from './wasm-kernels';
import { backwardLayer, forwardLayer } from './layer-pass';
import { workspaceFor, type Workspace } from './workspace';

// Prediction runs in chunks of this many windows, reusing one workspace per layer.
const INFER_CHUNK = 256;

interface Param {
  variable: tf.LayerVariable;
  floats: number;
  /** Float offset in the parameter, gradient and moment blocks (all share one layout). */
  offset: number;
}

interface NetLayer {
  cell: CellKernel;
  inputDim: number;
  units: number;
  cols: number;
  w: Param;
  u: Param;
  bias: Param;
  train: Workspace | null;
  infer: Workspace | null;
}

type Update =
  | { kind: 'adam'; learningRate: number; beta1: number; beta2: number; epsilon: number }
  | { kind: 'sgd'; learningRate: number };

const nets = new WeakMap<tf.LayersModel, FusedNet | null>();
const layerwiseOnly = new WeakSet<tf.LayersModel>();

/**
 * The fused whole-model net for `model`, or null when the model is not one it covers (then training and prediction
 * go through tfjs, with one fused op per recurrent layer where possible).
 */
export function fusedNetFor(model: tf.LayersModel): FusedNet | null {
  if (layerwiseOnly.has(model)) return null;
  let net = nets.get(model);
  if (net === undefined) {
    net = FusedNet.tryCreate(model);
    nets.set(model, net);
  }
  return net;
}

/** Keeps `model` on the per-layer path (benchmarks compare the two). */
export function useLayerwiseFusion(model: tf.LayersModel): void {
  layerwiseOnly.add(model);
}

/** Writes the net's newer weights (if any) back into the tfjs model; call before reading the model's weights. */
export function syncFusedNet(model: tf.LayersModel): void {
  nets.get(model)?.pushWeights();
}

/** One line for the run record: which code did the arithmetic, so a slow run can be explained. */
export function computationNote(model: tf.LayersModel): string {
  if (fusedNetFor(model)) return 'Computed as one fused network by Seqlab\'s WebAssembly SIMD kernels.';
  // A Bidirectional wrapper holds its fused layer in forwardLayer.
  const inner = (layer: tf.layers.Layer) => (layer as unknown as { forwardLayer?: tf.layers.Layer }).forwardLayer ?? layer;
  if (model.layers.some((layer) => cellOf(inner(layer)) !== null)) {
    return 'Computed by TensorFlow.js with each recurrent layer as one fused WebAssembly operation (dropout while training, bidirectional layers or RMSprop keep the whole network from being fused).';
  }
  return 'Computed by TensorFlow.js layers, op by op.';
}

function cellOf(layer: tf.layers.Layer): CellKernel | null {
  if (layer instanceof FusedSimpleRNN) return simpleRnnKernel;
  if (layer instanceof FusedLSTM) return lstmKernel;
  if (layer instanceof FusedGRU) return gruKernel;
  return null;
}

function updateRule(optimizer: tf.Optimizer | undefined): Update | null {
  if (!optimizer || optimizer.iterations > 0) return null; // its moments would be lost
  const config = optimizer.getConfig() as Record<string, number>;
  if (optimizer.getClassName() === 'Adam') {
    return { kind: 'adam', learningRate: config.learningRate, beta1: config.beta1, beta2: config.beta2, epsilon: config.epsilon };
  }
  if (optimizer.getClassName() === 'SGD') return { kind: 'sgd', learningRate: config.learningRate };
  return null;
}

export class FusedNet {
  private readonly arena: Allocator = kernelArena().owned(this);
  private readonly layers: NetLayer[];
  private readonly denseW: Param;
  private readonly denseB: Param;
  private readonly steps: number;
  private readonly features: number;
  private readonly horizon: number;
  /** Parameters, gradients and the optimizer's two moments: four blocks of `size` floats, one layout. */
  private readonly size: number;
  private readonly memory: Block;
  private readonly params: number;
  private readonly grads: number;
  private readonly m: number;
  private readonly v: number;
  /** Scratch: transposed weights for products with W^T, U^T, Dense^T; the head's output and its gradient. */
  private scratch: Block | null = null;
  private scratchBatch = 0;
  private transposed = 0;
  private out = 0;
  private dOut = 0;
  private updates = 0; // optimizer steps taken
  /**
   * Whether the net's weights are newer than the model's (trained since the last push). When not, the model may
   * have been changed from outside (an early-stopping restore), so the net pulls before it trains or predicts.
   */
  private ahead = false;

  static tryCreate(model: tf.LayersModel): FusedNet | null {
    const layers = model.layers;
    if (layers.length < 2 || !FUSED_BACKENDS.includes(tf.getBackend())) return null;
    const head = layers[layers.length - 1];
    const rnns = layers.slice(0, -1);
    if (head.getClassName() !== 'Dense') return null;
    const headConfig = head.getConfig() as { activation?: string; useBias?: boolean };
    if (headConfig.activation !== 'linear' || headConfig.useBias === false) return null;
    for (let i = 0; i < rnns.length; i++) {
      const rnn = rnns[i] as tf.RNN;
      if (cellOf(rnn) === null || rnn.goBackwards || rnn.returnSequences !== i < rnns.length - 1) return null;
      // The same conditions as the per-layer op, in training mode (so no dropout).
      if (!fusable(rnn, { training: true })) return null;
    }
    const lossName = Array.isArray(model.loss) ? model.loss[0] : model.loss;
    if (lossName !== 'meanSquaredError' && lossName !== 'mse') return null;
    const update = updateRule(model.optimizer);
    if (!update) return null;
    const shape = model.inputs[0].shape;
    if (shape.length !== 3 || shape[1] == null || shape[2] == null) return null;
    return new FusedNet(rnns as tf.RNN[], head, shape[1], shape[2], update);
  }

  private constructor(rnns: tf.RNN[], head: tf.layers.Layer, steps: number, features: number, private readonly update: Update) {
    this.steps = steps;
    this.features = features;
    let size = 0;
    const param = (variable: tf.LayerVariable): Param => {
      const floats = variable.shape.reduce((a: number, b) => a * (b ?? 1), 1);
      const p = { variable, floats, offset: size };
      size += Math.ceil(floats / 16) * 16; // 64-byte aligned starts
      return p;
    };
    this.layers = rnns.map((rnn, i) => {
      const [w, u, bias] = rnn.weights;
      const units = u.shape[0] as number;
      const cell = cellOf(rnn) as CellKernel;
      return {
        cell,
        inputDim: i === 0 ? features : (rnns[i - 1].weights[1].shape[0] as number),
        units,
        cols: cell.gates * units,
        w: param(w),
        u: param(u),
        bias: param(bias),
        train: null,
        infer: null,
      };
    });
    this.denseW = param(head.weights[0]);
    this.denseB = param(head.weights[1]);
    this.horizon = head.weights[1].shape[0] as number;
    this.size = size;
    this.memory = this.arena.alloc(4 * size);
    this.params = this.memory.ptr;
    this.grads = at(this.params, size);
    this.m = at(this.grads, size);
    this.v = at(this.m, size);
    this.arena.kernels.zero(4 * size, this.memory.ptr);
  }

  /** One optimizer step on `count` windows (x: [count, steps, features], y: [count, horizon]); returns the loss. */
  trainStep(x: Float32Array, y: Float32Array, count: number): number {
    if (!this.ahead) this.pullWeights();
    const k = this.arena.kernels;
    this.ensureScratch(count);
    const workspaces = this.layers.map((layer, l) => {
      layer.train = workspaceFor(this.arena, layer.train, this.dimsOf(l, count), true);
      return layer.train;
    });
    this.forward(x, count, workspaces);

    // MSE over every output (tfjs: the mean over the horizon, then over the batch) and its gradient.
    const n = count * this.horizon;
    const out = this.arena.f32(this.out, n);
    const dOut = this.arena.f32(this.dOut, n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const err = out[i] - y[i];
      sum += err * err;
      dOut[i] = (2 * err) / n;
    }

    k.zero(this.size, this.grads);
    this.backward(count, workspaces);
    this.applyUpdate();
    this.ahead = true;
    return sum / n;
  }

  /** Predictions for `count` windows, [count, horizon], from the current weights. */
  predict(x: Float32Array, count: number): Float32Array {
    if (!this.ahead) this.pullWeights();
    const result = new Float32Array(count * this.horizon);
    const stride = this.steps * this.features;
    for (let first = 0; first < count; first += INFER_CHUNK) {
      const size = Math.min(INFER_CHUNK, count - first);
      this.ensureScratch(size);
      const workspaces = this.layers.map((layer, l) => {
        layer.infer = workspaceFor(this.arena, layer.infer, this.dimsOf(l, size), false);
        return layer.infer;
      });
      this.forward(x.subarray(first * stride, (first + size) * stride), size, workspaces);
      result.set(this.arena.f32(this.out, size * this.horizon), first * this.horizon);
    }
    return result;
  }

  /** Copies the model's weights in (a few KB). */
  private pullWeights(): void {
    for (const p of this.allParams()) this.arena.f32(at(this.params, p.offset), p.floats).set(p.variable.read().dataSync() as Float32Array);
  }

  /**
   * Writes the net's weights into the model when they are newer. Afterwards the model is the source again: the
   * next step or prediction pulls, so weights restored into the model (early stopping) are picked up.
   */
  pushWeights(): void {
    if (this.ahead) {
      for (const p of this.allParams()) {
        const values = this.arena.f32(at(this.params, p.offset), p.floats).slice();
        tf.tidy(() => {
          p.variable.write(tf.tensor(values, p.variable.shape as number[]));
        });
      }
    }
    this.ahead = false;
  }

  private allParams(): Param[] {
    return [...this.layers.flatMap((l) => [l.w, l.u, l.bias]), this.denseW, this.denseB];
  }

  private dimsOf(l: number, batch: number) {
    const layer = this.layers[l];
    return { batch, steps: this.steps, inputDim: layer.inputDim, units: layer.units, gates: layer.cell.gates };
  }

  /** Room for the biggest transposed weight, and the head's output and gradient for `batch` windows. */
  private ensureScratch(batch: number): void {
    if (this.scratch && this.scratchBatch >= batch) return;
    if (this.scratch) this.arena.release(this.scratch);
    const biggest = Math.max(...this.allParams().map((p) => p.floats));
    const { block, ptrs } = allocParts(this.arena, { transposed: biggest, out: batch * this.horizon, dOut: batch * this.horizon });
    this.scratch = block;
    this.scratchBatch = batch;
    ({ transposed: this.transposed, out: this.out, dOut: this.dOut } = ptrs);
  }

  private ptr(p: Param): number {
    return at(this.params, p.offset);
  }

  private grad(p: Param): number {
    return at(this.grads, p.offset);
  }

  /** Pointer to layer l's input sequence, time-major: the data for the first layer, else the previous states. */
  private inputOf(l: number, workspaces: Workspace[]): number {
    if (l === 0) return workspaces[0].xT;
    const prev = workspaces[l - 1];
    return at(prev.h, prev.dims.batch * prev.dims.units); // skip h_0
  }

  private forward(x: Float32Array, count: number, workspaces: Workspace[]): void {
    const k = this.arena.kernels;
    const first = workspaces[0];
    const rows = this.steps * count;
    this.arena.f32(first.stage, rows * this.features).set(x.subarray(0, rows * this.features));
    k.reorder(count, this.steps, this.features, first.stage, first.xT, false, false);
    this.layers.forEach((layer, l) => {
      const weights = { w: this.ptr(layer.w), u: this.ptr(layer.u), bias: this.ptr(layer.bias) };
      forwardLayer(k, layer.cell, workspaces[l], this.inputOf(l, workspaces), weights);
    });
    const last = workspaces[workspaces.length - 1];
    const units = last.dims.units;
    k.fillRows(count, this.horizon, this.ptr(this.denseB), this.out);
    k.gemm(count, this.horizon, units, at(last.h, this.steps * count * units), units, 1, this.ptr(this.denseW), this.horizon, this.out, this.horizon);
  }

  private backward(count: number, workspaces: Workspace[]): void {
    const k = this.arena.kernels;
    const last = workspaces[workspaces.length - 1];
    const units = last.dims.units;
    const hLast = at(last.h, this.steps * count * units);
    // Dense head: dW = h^T dOut, db = column sums, dh_last = dOut W^T.
    k.gemm(units, this.horizon, count, hLast, 1, units, this.dOut, this.horizon, this.grad(this.denseW), this.horizon);
    k.addColumnSums(count, this.horizon, this.dOut, this.horizon, this.grad(this.denseB));
    k.zero((this.steps + 1) * count * units, last.dh);
    k.transpose(units, this.horizon, this.ptr(this.denseW), this.horizon, this.transposed, units);
    k.gemm(count, units, this.horizon, this.dOut, this.horizon, 1, this.transposed, units, at(last.dh, this.steps * count * units), units);

    for (let l = this.layers.length - 1; l >= 0; l--) {
      const layer = this.layers[l];
      const weights = { w: this.ptr(layer.w), u: this.ptr(layer.u), bias: this.ptr(layer.bias) };
      const grads = { dW: this.grad(layer.w), dU: this.grad(layer.u), db: this.grad(layer.bias) };
      // The input gradient is the previous layer's output gradient, written straight into its dh[1..steps]
      // (block 0, h_0's, is never read); the first layer's inputs are data, with no gradient.
      const prev = l > 0 ? workspaces[l - 1] : null;
      const dx = prev ? at(prev.dh, count * prev.dims.units) : null;
      backwardLayer(k, layer.cell, workspaces[l], this.inputOf(l, workspaces), weights, grads, this.transposed, dx);
    }
  }

  private applyUpdate(): void {
    const k = this.arena.kernels;
    const update = this.update;
    this.updates += 1;
    if (update.kind === 'adam') {
      const c1 = 1 - Math.pow(update.beta1, this.updates);
      const c2 = 1 - Math.pow(update.beta2, this.updates);
      k.adam(this.size, this.params, this.grads, this.m, this.v, update.learningRate, update.beta1, update.beta2, c1, c2, update.epsilon);
    } else {
      k.sgd(this.size, this.params, this.grads, update.learningRate);
    }
  }
}
