// Runs in: trainer process (plain Node). What a fused cell implements: the time loop of one recurrent cell type,
// as calls into the WebAssembly kernels (one product or element-wise step per call).
import type { Kernels } from './kernel-memory';
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

export interface CellKernel {
  /** Blocks of `units` columns in kernel, recurrentKernel and bias. */
  readonly gates: number;
  /**
   * Fills ws.h[1..steps] (and what backward needs). Each step's gate block (gatesAt) must hold x·W + b when the
   * step starts: for a training workspace all steps' blocks are filled beforehand; otherwise `project` fills the
   * one block right before each step.
   */
  forward(k: Kernels, ws: Workspace, weights: CellWeights, project: StepProjection | null): void;
  /**
   * On entry ws.dh[1..steps] holds the loss gradient w.r.t. each step's output; fills ws.dg (gradient w.r.t. x·W + b)
   * and adds the recurrent kernel's gradient into dU ([units, gates * units]). Consumes ws.dh.
   */
  backward(k: Kernels, ws: Workspace, weights: CellWeights, dU: number): void;
}
