// Runs in: trainer process (plain Node). A whole recurrent layer (every step, forward and backward) as one op.
// tf.customGrad makes it a single node on the gradient tape; the work runs in the WebAssembly SIMD kernels
// (wasm-kernels.ts), so the per-op overhead of TensorFlow.js is paid once per layer and batch instead of hundreds
// of times, and the arithmetic runs 4 lanes wide.
import * as tf from '@tensorflow/tfjs';
import type { CellKernel } from './cell-kernel';
import { allocParts, at, kernelArena, type Allocator, type Block } from './wasm-kernels';
import { backwardLayer, forwardLayer, type LayerGradients, type LayerWeights } from './layer-pass';
import { releaseWorkspace, workspaceFor, type Dims, type Workspace } from './workspace';

export interface RecurrenceOptions {
  goBackwards: boolean;
  returnSequences: boolean;
}

// Samples are independent through time, so a batch runs in chunks, each with its own workspace: a chunk's
// states stay in cache for its whole time loop. Training keeps every chunk's workspace for the backward pass;
// inference reuses one workspace for all chunks, so predicting thousands of windows needs little memory.
const TRAIN_CHUNK = 64;
const INFER_CHUNK = 256;

interface LayerInputs {
  x: Float32Array;
  w: Float32Array;
  u: Float32Array;
  bias: Float32Array;
  /** Whole-batch dimensions; each chunk's workspace has its own (smaller) batch. */
  dims: Dims;
}

/** The layer's weights and their gradients in kernel memory (byte pointers), sized for one set of dims. */
interface WeightBuffers extends LayerWeights, LayerGradients {
  /** Scratch for the transposed U and W of the backward pass. */
  transposed: number;
  inputDim: number;
  cols: number;
  units: number;
  block: Block;
}

export class FusedRecurrence {
  private readonly arena: Allocator = kernelArena().owned(this);
  private workspaces: Workspace[] = [];
  private inferenceWorkspace: Workspace | null = null;
  private weights: WeightBuffers | null = null;
  // Bumped by every training forward pass; a backward pass whose forward was not the latest recomputes it first.
  private generation = 0;

  constructor(
    private readonly cell: CellKernel,
    private readonly options: RecurrenceOptions,
  ) {}

  /** The training op: (x [batch, steps, in], kernel, recurrentKernel, bias) -> output, differentiable in all four. */
  readonly apply = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel, recurrentKernel, bias] = args as tf.Tensor[];
    const inputs = this.inputsOf(x, kernel, recurrentKernel, bias);
    const { batch, steps, inputDim, units } = inputs.dims;
    const output = new Float32Array(batch * (this.options.returnSequences ? steps : 1) * units);
    const token = this.forwardForTraining(inputs, output);
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      if (token !== this.generation) this.forwardForTraining(inputs, null);
      const grads = this.backward(inputs, dy.dataSync() as Float32Array);
      return [
        tf.tensor3d(grads.dx, [batch, steps, inputDim]),
        tf.tensor2d(grads.dW, kernel.shape as [number, number]),
        tf.tensor2d(grads.dU, recurrentKernel.shape as [number, number]),
        tf.tensor1d(grads.db),
      ];
    };
    return { value: this.outputTensor(output, inputs.dims), gradFunc };
  });

  /** The same computation without a gradient: for prediction and validation. */
  infer(x: tf.Tensor, kernel: tf.Tensor, recurrentKernel: tf.Tensor, bias: tf.Tensor): tf.Tensor {
    const inputs = this.inputsOf(x, kernel, recurrentKernel, bias);
    const { batch, steps, units } = inputs.dims;
    const output = new Float32Array(batch * (this.options.returnSequences ? steps : 1) * units);
    const weights = this.loadWeights(inputs);
    for (let first = 0; first < batch; first += INFER_CHUNK) {
      const size = Math.min(INFER_CHUNK, batch - first);
      this.inferenceWorkspace = workspaceFor(this.arena, this.inferenceWorkspace, { ...inputs.dims, batch: size }, false);
      this.forwardChunk(inputs, weights, this.inferenceWorkspace, first, output);
    }
    return this.outputTensor(output, inputs.dims);
  }

  private inputsOf(x: tf.Tensor, kernel: tf.Tensor, recurrentKernel: tf.Tensor, bias: tf.Tensor): LayerInputs {
    const [batch, steps, inputDim] = x.shape;
    return {
      x: x.dataSync() as Float32Array,
      w: kernel.dataSync() as Float32Array,
      u: recurrentKernel.dataSync() as Float32Array,
      bias: bias.dataSync() as Float32Array,
      dims: { batch, steps, inputDim, units: recurrentKernel.shape[0], gates: this.cell.gates },
    };
  }

  private outputTensor(output: Float32Array, { batch, steps, units }: Dims): tf.Tensor {
    return this.options.returnSequences ? tf.tensor3d(output, [batch, steps, units]) : tf.tensor2d(output, [batch, units]);
  }

  /** Copies the weights into kernel memory (reallocating when the layer's shapes differ from last time). */
  private loadWeights({ w, u, bias, dims }: LayerInputs): WeightBuffers {
    const { inputDim, units, gates } = dims;
    const cols = gates * units;
    let buffers = this.weights;
    if (!buffers || buffers.inputDim !== inputDim || buffers.units !== units || buffers.cols !== cols) {
      if (buffers) this.arena.release(buffers.block);
      const weightFloats = inputDim * cols;
      const recurrentFloats = units * cols;
      const { block, ptrs } = allocParts(this.arena, {
        w: weightFloats, u: recurrentFloats, bias: cols, dW: weightFloats, dU: recurrentFloats, db: cols,
        transposed: Math.max(inputDim, units) * cols,
      });
      buffers = { ...ptrs, inputDim, cols, units, block };
      this.weights = buffers;
    }
    this.arena.f32(buffers.w, w.length).set(w);
    this.arena.f32(buffers.u, u.length).set(u);
    this.arena.f32(buffers.bias, bias.length).set(bias);
    return buffers;
  }

  /** Runs every chunk, keeping their workspaces; writes the output (batch-major) into `output` unless null. */
  private forwardForTraining(inputs: LayerInputs, output: Float32Array | null): number {
    const weights = this.loadWeights(inputs);
    const { batch } = inputs.dims;
    const chunks = Math.ceil(batch / TRAIN_CHUNK);
    while (this.workspaces.length > chunks) releaseWorkspace(this.arena, this.workspaces.pop() as Workspace);
    for (let chunk = 0; chunk < chunks; chunk++) {
      const first = chunk * TRAIN_CHUNK;
      const size = Math.min(TRAIN_CHUNK, batch - first);
      const ws = workspaceFor(this.arena, this.workspaces[chunk] ?? null, { ...inputs.dims, batch: size }, true);
      this.workspaces[chunk] = ws;
      this.forwardChunk(inputs, weights, ws, first, output);
    }
    return ++this.generation;
  }

  /** One chunk's forward pass: the inputs reordered time-major, then the layer (forwardLayer). */
  private forwardChunk(inputs: LayerInputs, weights: WeightBuffers, ws: Workspace, first: number, output: Float32Array | null): void {
    const k = this.arena.kernels;
    const { batch: size, steps, inputDim, units } = ws.dims;
    const reverse = this.options.goBackwards;
    const rows = steps * size;
    this.arena.f32(ws.stage, rows * inputDim).set(inputs.x.subarray(first * steps * inputDim, (first + size) * steps * inputDim));
    k.reorder(size, steps, inputDim, ws.stage, ws.xT, false, reverse);
    forwardLayer(k, this.cell, ws, ws.xT, weights);
    if (!output) return;
    if (this.options.returnSequences) {
      // The output keeps tfjs' step order (processing order, as tfjs' goBackwards layers return it).
      k.reorder(size, steps, units, at(ws.h, size * units), ws.stage, true, false);
      output.set(this.arena.f32(ws.stage, rows * units), first * steps * units);
    } else {
      output.set(this.arena.f32(at(ws.h, steps * size * units), size * units), first * units);
    }
  }

  private backward(inputs: LayerInputs, dy: Float32Array) {
    const k = this.arena.kernels;
    const weights = this.weights as WeightBuffers;
    const { batch, steps, inputDim, units } = inputs.dims;
    const cols = weights.cols;
    k.zero(inputDim * cols, weights.dW);
    k.zero(units * cols, weights.dU);
    k.zero(cols, weights.db);
    const dx = new Float32Array(batch * steps * inputDim);
    for (let chunk = 0; chunk < this.workspaces.length; chunk++) {
      const ws = this.workspaces[chunk];
      const first = chunk * TRAIN_CHUNK;
      const size = ws.dims.batch;
      const block = size * units;
      k.zero((steps + 1) * block, ws.dh);
      if (this.options.returnSequences) {
        this.arena.f32(ws.stage, steps * block).set(dy.subarray(first * steps * units, (first + size) * steps * units));
        k.reorder(size, steps, units, ws.stage, at(ws.dh, block), false, false);
      } else {
        this.arena.f32(at(ws.dh, steps * block), block).set(dy.subarray(first * units, (first + size) * units));
      }
      // xT takes the input gradient (time-major) in place of the inputs, before the reorder into batch order.
      backwardLayer(k, this.cell, ws, ws.xT, weights, weights, weights.transposed, ws.xT);
      const rows = steps * size;
      k.reorder(size, steps, inputDim, ws.xT, ws.stage, true, this.options.goBackwards);
      dx.set(this.arena.f32(ws.stage, rows * inputDim), first * steps * inputDim);
    }
    // The workspaces' inputs now hold gradients: a second backward pass must recompute the forward one.
    this.generation++;
    return {
      dx,
      dW: this.arena.f32(weights.dW, inputDim * cols).slice(),
      dU: this.arena.f32(weights.dU, units * cols).slice(),
      db: this.arena.f32(weights.db, cols).slice(),
    };
  }
}
