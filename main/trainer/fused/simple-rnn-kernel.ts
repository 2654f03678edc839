// Runs in: trainer process (plain Node). SimpleRNN with tanh, as tfjs computes it: h_t = tanh(x_t W + b + h_{t-1} U).
import type { CellKernel } from './cell-kernel';
import { at } from './wasm-kernels';
import { gatesAt } from './workspace';

export const simpleRnnKernel: CellKernel = {
  gates: 1,

  forward(k, ws, { u }, project) {
    const { batch, steps, units } = ws.dims;
    const block = batch * units;
    for (let t = 0; t < steps; t++) {
      const gt = gatesAt(ws, t);
      project?.(t, gt);
      k.gemm(batch, units, units, at(ws.h, t * block), units, 1, u, units, gt, units);
      k.tanhTo(block, gt, at(ws.h, (t + 1) * block));
    }
  },

  backward(k, ws, { uT }, dU) {
    const { batch, steps, units } = ws.dims;
    const block = batch * units;
    for (let t = steps - 1; t >= 0; t--) {
      const dgt = at(ws.dg, t * block);
      k.tanhBackward(block, at(ws.dh, (t + 1) * block), at(ws.h, (t + 1) * block), dgt);
      // h_0 is the constant zero state: nothing flows into it.
      if (t > 0) k.gemm(batch, units, units, dgt, units, 1, uT, units, at(ws.dh, t * block), units);
    }
    // dU = sum over steps of h_{t-1}^T dg_t: one product over every step's rows at once (h_0 = 0 adds nothing).
    k.gemm(units, units, steps * batch, ws.h, 1, units, ws.dg, units, dU, units);
  },
};
