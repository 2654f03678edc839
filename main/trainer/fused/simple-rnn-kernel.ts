// Runs in: trainer process and its kernel threads (plain Node). SimpleRNN with tanh, as tfjs computes it:
// h_t = tanh(x_t W + b + h_{t-1} U) (h_{t-1} ⊙ mask with recurrent dropout).
import { fillStepInput, recurrentProduct, type CellKernel } from './cell-kernel';
import { at } from './kernel-memory';
import { foldRecurrentGradient, gatesAt, maskRecurrentInput, recurrentGradient, recurrentInput, addRecurrentKernelGradient, clearSkippedRows, rowsAt } from './workspace';

export const simpleRnnKernel: CellKernel = {
  gates: 1,

  forward(k, ws, { u }, input) {
    const { batch, steps, units } = ws.dims;
    const block = batch * units;
    for (let t = 0; t < steps; t++) {
      const gt = gatesAt(ws, t);
      const rows = rowsAt(ws, t);
      fillStepInput(input, t, gt);
      recurrentProduct(k, ws, t, input, rows, 0, units, recurrentInput(ws, t), u, gt);
      k.tanhTo(rows * units, gt, at(ws.h, (t + 1) * block));
      maskRecurrentInput(k, ws, t + 1);
    }
  },

  backward(k, ws, { uT }, dU) {
    const { batch, steps, units } = ws.dims;
    const block = batch * units;
    for (let t = steps - 1; t >= 0; t--) {
      const dgt = at(ws.dg, t * block);
      const rows = rowsAt(ws, t);
      k.tanhBackward(rows * units, at(ws.dh, (t + 1) * block), at(ws.h, (t + 1) * block), dgt);
      clearSkippedRows(k, ws, t, units);
      // h_0 is the constant zero state: nothing flows into it.
      if (t > 0) {
        k.gemm(rows, units, units, dgt, units, 1, uT, units, recurrentGradient(k, ws, t), units);
        foldRecurrentGradient(k, ws, t);
      }
    }
    // dU = sum over steps of h_{t-1}^T dg_t: one product over every step's rows at once (h_0 = 0 adds nothing).
    addRecurrentKernelGradient(k, ws, recurrentInput(ws, 0), 0, units, dU);
  },
};
