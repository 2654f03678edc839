// Runs in: trainer process (plain Node). One recurrent layer's forward pass over a chunk, shared by the per-layer
// op (fused-recurrence.ts) and the whole-model net (fused-net.ts): the input projection x·W + b, then the cell.
import type { CellKernel } from './cell-kernel';
import { at, type Kernels } from './wasm-kernels';
import type { Workspace } from './workspace';

/** The layer's weights in kernel memory (byte pointers): W [inputDim, cols], U [units, cols], bias [cols]. */
export interface LayerWeights {
  w: number;
  u: number;
  bias: number;
}

/**
 * Runs the layer on `input` (time-major [steps][batch][inputDim], byte pointer) into ws.h. Training projects every
 * step at once (one big product; the gates of every step are kept for backward); inference projects each step
 * just before it, into one block that stays in cache, instead of streaming all steps' gates through memory.
 */
export function forwardLayer(k: Kernels, cell: CellKernel, ws: Workspace, input: number, weights: LayerWeights): void {
  const { batch, steps, inputDim, units, gates } = ws.dims;
  const cols = gates * units;
  if (ws.training) {
    const rows = steps * batch;
    k.fillRows(rows, cols, weights.bias, ws.g);
    k.gemm(rows, cols, inputDim, input, inputDim, 1, weights.w, cols, ws.g, cols);
    cell.forward(k, ws, { u: weights.u, uT: 0 }, null);
    return;
  }
  cell.forward(k, ws, { u: weights.u, uT: 0 }, (t, gt) => {
    k.fillRows(batch, cols, weights.bias, gt);
    k.gemm(batch, cols, inputDim, at(input, t * batch * inputDim), inputDim, 1, weights.w, cols, gt, cols);
  });
}
