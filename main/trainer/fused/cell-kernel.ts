// Runs in: trainer process (plain Node). What a fused cell implements: the time loop of one recurrent cell type.
import type { Workspace } from './workspace';

export interface CellKernel {
  /** Blocks of `units` columns in kernel, recurrentKernel and bias. */
  readonly gates: number;
  /** Whether the cell keeps a second per-step state in Workspace.s. */
  readonly needsState: boolean;
  /** On entry ws.g holds x·W + b per step; fills ws.h[1..steps] (and what backward needs). u is [units, gates*units]. */
  forward(ws: Workspace, u: Float32Array): void;
  /**
   * On entry ws.dh[1..steps] holds the loss gradient w.r.t. each step's output; fills ws.dg (gradient w.r.t. x·W + b)
   * and adds the recurrent kernel's gradient into dU. Consumes ws.dh.
   */
  backward(ws: Workspace, u: Float32Array, dU: Float32Array): void;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** tanh through one exp: V8's Math.tanh was a hot spot in profiles; this agrees with it to ~1e-16. */
export function tanh(x: number): number {
  return 1 - 2 / (Math.exp(2 * x) + 1);
}
