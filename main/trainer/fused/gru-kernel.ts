// Runs in: trainer process and its kernel threads (plain Node). GRU as tfjs computes it (resetAfter false; gate order z, r, h):
// z = σ(x W_z + b_z + h U_z), r = σ(x W_r + b_r + h U_r), hh = tanh(x W_h + b_h + (r h) U_h),
// h_t = z h_{t-1} + (1 - z) hh, where with recurrent dropout every h_{t-1} is h_{t-1} ⊙ mask. See GRUCell.call in @tensorflow/tfjs-layers/dist/layers/recurrent.js.
import { fillStepInput, recurrentProduct, type CellKernel } from './cell-kernel';
import { at } from './kernel-memory';
import { foldRecurrentGradient, gatesAt, maskRecurrentInput, recurrentGradient, recurrentInput, addRecurrentKernelGradient, clearSkippedRows, rowsAt } from './workspace';

export const gruKernel: CellKernel = {
  gates: 3,

  forward(k, ws, { u }, input) {
    const { batch, steps, units } = ws.dims;
    const block = batch * units;
    // ws.s block t + 1 holds r_t * h_{t-1}.
    for (let t = 0; t < steps; t++) {
      const gt = gatesAt(ws, t);
      const rows = rowsAt(ws, t);
      fillStepInput(input, t, gt);
      const hPrev = recurrentInput(ws, t);
      const rh = at(ws.s, (t + 1) * block);
      // z and r columns: add h_{t-1} U[:, 0:2u].
      recurrentProduct(k, ws, t, input, rows, 0, 2 * units, hPrev, u, gt);
      k.gruGatesStep(rows, units, gt, hPrev, rh);
      // candidate columns: add (r h_{t-1}) U[:, 2u:3u].
      recurrentProduct(k, ws, t, input, rows, 2 * units, units, rh, u, gt);
      k.gruCandidateStep(rows, units, gt, hPrev, at(ws.h, (t + 1) * block));
      maskRecurrentInput(k, ws, t + 1);
    }
  },

  backward(k, ws, { uT }, dU) {
    const { batch, steps, units } = ws.dims;
    const cols = 3 * units;
    const block = batch * units;
    const dRh = ws.scratch; // gradient w.r.t. r_t * h_{t-1}
    const uTh = at(uT, 2 * units * units); // rows 2u..3u of U^T: the candidate block, transposed
    for (let t = steps - 1; t >= 0; t--) {
      const gt = at(ws.g, t * batch * cols);
      const dgt = at(ws.dg, t * batch * cols);
      const hPrev = recurrentInput(ws, t);
      const dhPrev = recurrentGradient(k, ws, t);
      const rows = rowsAt(ws, t);
      k.gruBackwardOutputStep(rows, units, gt, hPrev, at(ws.dh, (t + 1) * block), dgt, dhPrev);
      k.zero(block, dRh);
      k.gemm(rows, units, units, at(dgt, 2 * units), cols, 1, uTh, units, dRh, units);
      k.gruBackwardResetStep(rows, units, gt, hPrev, dRh, dgt, dhPrev);
      clearSkippedRows(k, ws, t, cols);
      // h_0 is the constant zero state.
      if (t > 0) k.gemm(rows, units, 2 * units, dgt, cols, 1, uT, units, dhPrev, units);
      foldRecurrentGradient(k, ws, t);
    }
    // dU[:, 0:2u] = sum_t h_{t-1}^T dg_t[:, 0:2u]; dU[:, 2u:3u] = sum_t (r_t h_{t-1})^T dg_t[:, 2u:3u].
    addRecurrentKernelGradient(k, ws, recurrentInput(ws, 0), 0, 2 * units, dU);
    addRecurrentKernelGradient(k, ws, at(ws.s, block), 2 * units, units, dU);
  },
};
