// Runs in: trainer process and its kernel threads (plain Node). LSTM as tfjs computes it (gate order i, f, c, o;
// sigmoid gates, tanh): z = x W + b + h_{t-1} U (h_{t-1} ⊙ mask with recurrent dropout); c_t = f c_{t-1} + i tanh(z_c);
// h_t = o tanh(c_t). unitForgetBias only initialises b.
import { fillStepInput, recurrentProduct, type CellKernel } from './cell-kernel';
import { at } from './kernel-memory';
import { foldRecurrentGradient, gatesAt, maskRecurrentInput, recurrentGradient, recurrentInput, addRecurrentKernelGradient, clearSkippedRows, rowsAt } from './workspace';

export const lstmKernel: CellKernel = {
  gates: 4,

  forward(k, ws, { u }, input) {
    const { batch, steps, units } = ws.dims;
    const cols = 4 * units;
    const block = batch * units;
    for (let t = 0; t < steps; t++) {
      const gt = gatesAt(ws, t);
      const rows = rowsAt(ws, t);
      fillStepInput(input, t, gt);
      recurrentProduct(k, ws, t, input, rows, 0, cols, recurrentInput(ws, t), u, gt);
      k.lstmForwardStep(rows, units, gt, at(ws.s, t * block), at(ws.s, (t + 1) * block), at(ws.h, (t + 1) * block), ws.training);
      maskRecurrentInput(k, ws, t + 1);
    }
  },

  backward(k, ws, { uT }, dU) {
    const { batch, steps, units } = ws.dims;
    const cols = 4 * units;
    const block = batch * units;
    const dc = ws.scratch; // gradient w.r.t. c_t arriving from step t + 1
    k.zero(block, dc);
    for (let t = steps - 1; t >= 0; t--) {
      const dgt = at(ws.dg, t * batch * cols);
      const rows = rowsAt(ws, t);
      k.lstmBackwardStep(
        rows, units, at(ws.g, t * batch * cols), at(ws.s, t * block), at(ws.s, (t + 1) * block),
        at(ws.dh, (t + 1) * block), dc, dgt,
      );
      clearSkippedRows(k, ws, t, cols);
      if (t > 0) {
        k.gemm(rows, units, cols, dgt, cols, 1, uT, units, recurrentGradient(k, ws, t), units);
        foldRecurrentGradient(k, ws, t);
      }
    }
    addRecurrentKernelGradient(k, ws, recurrentInput(ws, 0), 0, cols, dU);
  },
};
