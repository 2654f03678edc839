// Runs in: trainer process (plain Node). A whole recurrent layer (every step, forward and backward) as one op.
// tf.customGrad makes it a single node on the gradient tape; the work is plain loops over Float32Arrays, so the
// per-op overhead of TensorFlow.js is paid once per layer and batch instead of hundreds of times.
import * as tf from '@tensorflow/tfjs';
import type { CellKernel } from './cell-kernel';
import { addColumnSums, gemmNN, gemmNT, gemmTN } from './gemm';
import { workspaceFor, type Dims, type Workspace } from './workspace';

export interface RecurrenceOptions {
  goBackwards: boolean;
  returnSequences: boolean;
}

// Samples are independent through time, so a batch runs in chunks of this many, each with its own workspace:
// a chunk's states stay in cache for its whole time loop even when predicting thousands of windows at once.
const CHUNK = 64;

/** Copies `rows` rows of `width` values between strided layouts (batch-major <-> time-major). */
function copyRows(
  src: Float32Array, srcOff: number, srcStride: number,
  dst: Float32Array, dstOff: number, dstStride: number,
  rows: number, width: number,
): void {
  for (let r = 0; r < rows; r++) {
    const from = srcOff + r * srcStride;
    const to = dstOff + r * dstStride;
    for (let j = 0; j < width; j++) dst[to + j] = src[from + j];
  }
}

interface ForwardInputs {
  x: Float32Array;
  w: Float32Array;
  u: Float32Array;
  bias: Float32Array;
  /** Whole-batch dimensions; each chunk's workspace has its own (smaller) batch. */
  dims: Dims;
}

export class FusedRecurrence {
  private workspaces: Workspace[] = [];
  // Bumped by every forward pass; a backward pass whose forward was not the latest recomputes it first.
  private generation = 0;

  constructor(
    private readonly cell: CellKernel,
    private readonly options: RecurrenceOptions,
  ) {}

  /** The op: (x [batch, steps, in], kernel, recurrentKernel, bias) -> output, differentiable in all four. */
  readonly apply = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel, recurrentKernel, bias] = args as tf.Tensor[];
    const [batch, steps, inputDim] = x.shape;
    const units = recurrentKernel.shape[0];
    const inputs: ForwardInputs = {
      x: x.dataSync() as Float32Array,
      w: kernel.dataSync() as Float32Array,
      u: recurrentKernel.dataSync() as Float32Array,
      bias: bias.dataSync() as Float32Array,
      dims: { batch, steps, inputDim, units, gates: this.cell.gates },
    };
    const output = new Float32Array(batch * (this.options.returnSequences ? steps : 1) * units);
    const token = this.forward(inputs, output);
    const value = this.options.returnSequences
      ? tf.tensor3d(output, [batch, steps, units])
      : tf.tensor2d(output, [batch, units]);
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      if (token !== this.generation) this.forward(inputs, null);
      const grads = this.backward(inputs, dy.dataSync() as Float32Array);
      return [
        tf.tensor3d(grads.dx, [batch, steps, inputDim]),
        tf.tensor2d(grads.dW, kernel.shape as [number, number]),
        tf.tensor2d(grads.dU, recurrentKernel.shape as [number, number]),
        tf.tensor1d(grads.db),
      ];
    };
    return { value, gradFunc };
  });

  /** Runs every chunk; writes the layer's output (batch-major) into `output` unless it is null. */
  private forward({ x, w, u, bias, dims }: ForwardInputs, output: Float32Array | null): number {
    const { batch, steps, inputDim, units, gates } = dims;
    const cols = gates * units;
    const chunks = Math.ceil(batch / CHUNK);
    this.workspaces.length = Math.min(this.workspaces.length, chunks);
    for (let chunk = 0; chunk < chunks; chunk++) {
      const first = chunk * CHUNK;
      const size = Math.min(CHUNK, batch - first);
      const ws = workspaceFor(this.workspaces[chunk] ?? null, { ...dims, batch: size }, this.cell.needsState);
      this.workspaces[chunk] = ws;
      // Time-major copy of the chunk's inputs, in processing order.
      for (let t = 0; t < steps; t++) {
        const src = this.options.goBackwards ? steps - 1 - t : t;
        const from = (first * steps + src) * inputDim;
        copyRows(x, from, steps * inputDim, ws.xT, t * size * inputDim, inputDim, size, inputDim);
      }
      // The input projection of every step at once: one product with all steps' rows.
      const rows = steps * size;
      for (let r = 0; r < rows; r++) ws.g.set(bias, r * cols);
      gemmNN(rows, cols, inputDim, ws.xT, 0, inputDim, w, 0, cols, ws.g, 0, cols);
      this.cell.forward(ws, u);
      if (output) this.writeOutput(ws, first, output);
    }
    return ++this.generation;
  }

  private writeOutput(ws: Workspace, first: number, out: Float32Array): void {
    const { batch: size, steps, units } = ws.dims;
    if (this.options.returnSequences) {
      for (let t = 0; t < steps; t++) {
        copyRows(ws.h, (t + 1) * size * units, units, out, (first * steps + t) * units, steps * units, size, units);
      }
    } else {
      out.set(ws.h.subarray(steps * size * units, (steps + 1) * size * units), first * units);
    }
  }

  private backward({ w, u, dims }: ForwardInputs, dy: Float32Array) {
    const { batch, steps, inputDim, units, gates } = dims;
    const cols = gates * units;
    const dU = new Float32Array(units * cols);
    const dW = new Float32Array(inputDim * cols);
    const db = new Float32Array(cols);
    const dx = new Float32Array(batch * steps * inputDim);
    for (let chunk = 0; chunk < this.workspaces.length; chunk++) {
      const ws = this.workspaces[chunk];
      const first = chunk * CHUNK;
      const size = ws.dims.batch;
      const block = size * units;
      ws.dh.fill(0);
      if (this.options.returnSequences) {
        for (let t = 0; t < steps; t++) {
          copyRows(dy, (first * steps + t) * units, steps * units, ws.dh, (t + 1) * block, units, size, units);
        }
      } else {
        ws.dh.set(dy.subarray(first * units, (first + size) * units), steps * block);
      }
      this.cell.backward(ws, u, dU);

      const rows = steps * size;
      gemmTN(inputDim, cols, rows, ws.xT, 0, inputDim, ws.dg, 0, cols, dW, 0, cols);
      addColumnSums(rows, cols, ws.dg, cols, db);
      // xT is no longer needed: it takes the input gradient, time-major, before the copy back into batch order.
      ws.xT.fill(0);
      gemmNT(rows, inputDim, cols, ws.dg, 0, cols, w, 0, cols, ws.xT, 0, inputDim);
      for (let t = 0; t < steps; t++) {
        const dst = this.options.goBackwards ? steps - 1 - t : t;
        copyRows(ws.xT, t * size * inputDim, inputDim, dx, (first * steps + dst) * inputDim, steps * inputDim, size, inputDim);
      }
    }
    // The workspaces' inputs now hold gradients: a second backward pass must recompute the forward one.
    this.generation++;
    return { dx, dW, dU, db };
  }
}
