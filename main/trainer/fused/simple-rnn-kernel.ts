// Runs in: trainer process (plain Node). SimpleRNN with tanh, as tfjs computes it: h_t = tanh(x_t W + b + h_{t-1} U).
import { tanh, type CellKernel } from './cell-kernel';
import { gemmNN, gemmNT, gemmTN } from './gemm';
import type { Workspace } from './workspace';

export const simpleRnnKernel: CellKernel = {
  gates: 1,
  needsState: false,

  forward(ws: Workspace, u: Float32Array): void {
    const { batch, steps, units } = ws.dims;
    const block = batch * units;
    const { g, h } = ws;
    for (let t = 0; t < steps; t++) {
      const gt = t * block;
      gemmNN(batch, units, units, h, t * block, units, u, 0, units, g, gt, units);
      const ht = (t + 1) * block;
      for (let i = 0; i < block; i++) h[ht + i] = tanh(g[gt + i]);
    }
  },

  backward(ws: Workspace, u: Float32Array, dU: Float32Array): void {
    const { batch, steps, units } = ws.dims;
    const block = batch * units;
    const { h, dh, dg } = ws;
    for (let t = steps - 1; t >= 0; t--) {
      const gt = t * block;
      const ht = (t + 1) * block;
      for (let i = 0; i < block; i++) {
        const y = h[ht + i];
        dg[gt + i] = dh[ht + i] * (1 - y * y);
      }
      if (t === 0) continue; // h_0 is the constant zero state: nothing flows into it.
      gemmTN(units, units, batch, h, t * block, units, dg, gt, units, dU, 0, units);
      gemmNT(batch, units, units, dg, gt, units, u, 0, units, dh, t * block, units);
    }
  },
};
