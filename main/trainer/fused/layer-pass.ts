// Runs in: trainer process and its kernel threads (plain Node). One recurrent layer's forward and backward pass over a chunk, shared by the
// per-layer op (fused-recurrence.ts) and the whole-model net (fused-net.ts): the input projection x·W + b and the
// cell, then the gradients of both.
import type { CellKernel } from './cell-kernel';
import type { Kernels } from './kernel-memory';
import type { Workspace } from './workspace';

/** The layer's weights in kernel memory (byte pointers): W [inputDim, cols], U [units, cols], bias [cols]. */
export interface LayerWeights {
  w: number;
  u: number;
  bias: number;
}

/** A layer's x·W + b computed elsewhere (the text model's per-word projection): for every step, or for one. */
export interface InputProjection {
  allSteps(g: number): void;
  step(t: number, gt: number): void;
}

/**
 * Runs the layer on `input` (time-major [steps][batch][inputDim], byte pointer) into ws.h. Training projects every
 * step at once (one big product; the gates of every step are kept for backward); inference adds each step's
 * projection inside its recurrent product, into one block that stays in cache, instead of streaming all steps'
 * gates through memory.
 */
export function forwardLayer(
  k: Kernels, cell: CellKernel, ws: Workspace, input: number, weights: LayerWeights, projection: InputProjection | null = null,
): void {
  const { batch, steps, inputDim, units, gates } = ws.dims;
  const cols = gates * units;
  if (projection) {
    if (ws.training) projection.allSteps(ws.g);
    cell.forward(k, ws, { u: weights.u, uT: 0 }, ws.training ? null : { fill: projection.step });
    return;
  }
  if (ws.training) {
    input = maskedInput(k, ws, input);
    const rows = steps * batch;
    k.fillRows(rows, cols, weights.bias, ws.g);
    k.gemm(rows, cols, inputDim, input, inputDim, 1, weights.w, cols, ws.g, cols);
    cell.forward(k, ws, { u: weights.u, uT: 0 }, null);
    return;
  }
  cell.forward(k, ws, { u: weights.u, uT: 0 }, { x: input, inputDim, w: weights.w, bias: weights.bias });
}

/** Where a layer's weight gradients accumulate (byte pointers, shaped like LayerWeights). */
export interface LayerGradients {
  dW: number;
  dU: number;
  db: number;
}

/**
 * The layer's backward pass, once ws.dh[1..steps] holds the loss gradient w.r.t. its outputs: adds into dW, dU and
 * db, and when `dx` is given overwrites it with the gradient w.r.t. `input` (same layout; it may be `input` itself,
 * which is read first). `transposed` is scratch for max(inputDim, units) * gates * units floats.
 */
export function backwardLayer(
  k: Kernels, cell: CellKernel, ws: Workspace, input: number, weights: LayerWeights, grads: LayerGradients,
  transposed: number, dx: number | null,
): void {
  const { batch, steps, inputDim, units, gates } = ws.dims;
  const cols = gates * units;
  const rows = steps * batch;
  if (ws.inputMask) input = ws.xm; // the weights saw the masked inputs
  backwardCell(k, cell, ws, weights, grads, transposed);
  k.gemm(inputDim, cols, rows, input, 1, inputDim, ws.dg, cols, grads.dW, cols);
  k.addColumnSums(rows, cols, ws.dg, cols, grads.db);
  if (dx === null) return;
  k.transpose(inputDim, cols, weights.w, cols, transposed, inputDim);
  k.zero(rows * inputDim, dx);
  k.gemm(rows, inputDim, cols, ws.dg, cols, 1, transposed, inputDim, dx, inputDim);
  // Through the dropout mask: dropped inputs get no gradient, kept ones the same 1 / (1 - rate) scale.
  if (ws.inputMask) k.maskSteps(steps, batch, inputDim, dx, ws.inputMask, dx);
}

/** Input dropout: the inputs times the pass's mask, into ws.xm (the inputs themselves without a mask). */
function maskedInput(k: Kernels, ws: Workspace, input: number): number {
  if (!ws.inputMask) return input;
  k.maskSteps(ws.dims.steps, ws.dims.batch, ws.dims.inputDim, input, ws.inputMask, ws.xm);
  return ws.xm;
}

/** The cell's part of the backward pass: fills ws.dg and adds into grads.dU (ws.dh must hold the output gradients). */
export function backwardCell(k: Kernels, cell: CellKernel, ws: Workspace, weights: LayerWeights, grads: LayerGradients, transposed: number): void {
  const { units, gates } = ws.dims;
  const cols = gates * units;
  k.transpose(units, cols, weights.u, cols, transposed, units);
  cell.backward(k, ws, { u: weights.u, uT: transposed }, grads.dU);
}
