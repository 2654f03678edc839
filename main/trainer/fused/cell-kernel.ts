// Runs in: trainer process (plain Node). What a fused cell implements: the time loop of one recurrent cell type,
// as calls into the WebAssembly kernels (one product or element-wise step per call).
import { at, type Kernels } from './kernel-memory';
import type { Workspace } from './workspace';

/** The layer's weights in kernel memory (byte pointers). */
export interface CellWeights {
  /** Recurrent kernel U, [units, gates * units]. */
  u: number;
  /** U transposed, [gates * units, units] (backward only: products with U^T read it row by row). */
  uT: number;
}

/** Writes step t's x·W + b into the gate block at gt. */
export type StepProjection = (t: number, gt: number) => void;

/**
 * Where step t's x·W + b comes from: already in every step's gate block (training projects all steps beforehand:
 * null); written into the step's block by a callback (the text model's per-word projection); or computed inside
 * the step's recurrent product from the layer's time-major input and weights (prediction: one pass over the
 * block, see gemmPair).
 */
export type StepInput = null | { fill: StepProjection } | { x: number; inputDim: number; w: number; bias: number };

/** Step t's x·W + b into its gate block, when a callback provides it. */
export function fillStepInput(input: StepInput, t: number, gt: number): void {
  if (input && 'fill' in input) input.fill(t, gt);
}

/**
 * The recurrent term of gate columns [col, col + n) at step t for `rows` rows: gt += hPrev U, or, given the layer's
 * input, gt = b + x_t W + hPrev U in one product (byte pointers; U, W, b and gt are gates * units wide).
 */
export function recurrentProduct(
  k: Kernels, ws: Workspace, t: number, input: StepInput, rows: number, col: number, n: number, hPrev: number, u: number, gt: number,
): void {
  const { batch, units, gates } = ws.dims;
  const cols = gates * units;
  if (input && 'x' in input) {
    const { x, inputDim, w, bias } = input;
    k.gemmPair(
      rows, n, inputDim, at(x, t * batch * inputDim), inputDim, at(w, col), cols,
      units, hPrev, units, at(u, col), cols, at(bias, col), at(gt, col), cols,
    );
    return;
  }
  k.gemm(rows, n, units, hPrev, units, 1, at(u, col), cols, at(gt, col), cols);
}

export interface CellKernel {
  /** Blocks of `units` columns in kernel, recurrentKernel and bias. */
  readonly gates: number;
  /**
   * Fills ws.h[1..steps] (and what backward needs), with each step's x·W + b from `input` (see StepInput; a training
   * workspace has every step's block filled beforehand).
   */
  forward(k: Kernels, ws: Workspace, weights: CellWeights, input: StepInput): void;
  /**
   * On entry ws.dh[1..steps] holds the loss gradient w.r.t. each step's output; fills ws.dg (gradient w.r.t. x·W + b)
   * and adds the recurrent kernel's gradient into dU ([units, gates * units]). Consumes ws.dh.
   */
  backward(k: Kernels, ws: Workspace, weights: CellWeights, dU: number): void;
}
