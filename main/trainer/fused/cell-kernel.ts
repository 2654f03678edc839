// Runs in: trainer process (plain Node). What a fused cell implements: the time loop of one recurrent cell type,
// as calls into the WebAssembly kernels (one product or element-wise step per call).
import type { Kernels } from './wasm-kernels';
import type { Workspace } from './workspace';

/** The layer's weights in kernel memory (byte pointers). */
export interface CellWeights {
  /** Recurrent kernel U, [units, gates * units]. */
  u: number;
  /** U transposed, [gates * units, units] (backward only: products with U^T read it row by row). */
  uT: number;
}

export interface CellKernel {
  /** Blocks of `units` columns in kernel, recurrentKernel and bias. */
  readonly gates: number;
  /** On entry ws.g holds x·W + b per step; fills ws.h[1..steps] (and what backward needs). */
  forward(k: Kernels, ws: Workspace, weights: CellWeights): void;
  /**
   * On entry ws.dh[1..steps] holds the loss gradient w.r.t. each step's output; fills ws.dg (gradient w.r.t. x·W + b)
   * and adds the recurrent kernel's gradient into dU ([units, gates * units]). Consumes ws.dh.
   */
  backward(k: Kernels, ws: Workspace, weights: CellWeights, dU: number): void;
}
