// Runs in: trainer process (plain Node). GRU as tfjs computes it (resetAfter false; gate order z, r, h):
// z = σ(x W_z + b_z + h U_z), r = σ(x W_r + b_r + h U_r), hh = tanh(x W_h + b_h + (r h) U_h),
// h_t = z h_{t-1} + (1 - z) hh. See GRUCell.call in @tensorflow/tfjs-layers/dist/layers/recurrent.js.
import { sigmoid, tanh, type CellKernel } from './cell-kernel';
import { gemmNN, gemmNT, gemmTN } from './gemm';
import type { Workspace } from './workspace';

export const gruKernel: CellKernel = {
  gates: 3,
  needsState: true,

  forward(ws: Workspace, u: Float32Array): void {
    const { batch, steps, units } = ws.dims;
    const cols = 3 * units;
    const block = batch * units;
    const { g, h, s: rh } = ws; // rh block t + 1 holds r_t * h_{t-1}
    for (let t = 0; t < steps; t++) {
      const gt = t * batch * cols;
      const prevBlock = t * block;
      const rhBlock = (t + 1) * block;
      // z and r columns: add h_{t-1} U[:, 0:2u].
      gemmNN(batch, 2 * units, units, h, prevBlock, units, u, 0, cols, g, gt, cols);
      for (let b = 0; b < batch; b++) {
        const row = gt + b * cols;
        const prev = prevBlock + b * units;
        for (let j = 0; j < units; j++) {
          const z = sigmoid(g[row + j]);
          const r = sigmoid(g[row + units + j]);
          g[row + j] = z;
          g[row + units + j] = r;
          rh[rhBlock + b * units + j] = r * h[prev + j];
        }
      }
      // candidate columns: add (r h_{t-1}) U[:, 2u:3u].
      gemmNN(batch, units, units, rh, rhBlock, units, u, 2 * units, cols, g, gt + 2 * units, cols);
      for (let b = 0; b < batch; b++) {
        const row = gt + b * cols;
        const prev = prevBlock + b * units;
        const next = prev + block;
        for (let j = 0; j < units; j++) {
          const z = g[row + j];
          const hh = tanh(g[row + 2 * units + j]);
          g[row + 2 * units + j] = hh;
          h[next + j] = z * h[prev + j] + (1 - z) * hh;
        }
      }
    }
  },

  backward(ws: Workspace, u: Float32Array, dU: Float32Array): void {
    const { batch, steps, units } = ws.dims;
    const cols = 3 * units;
    const block = batch * units;
    const { g, h, s: rh, dh, dg } = ws;
    const dRh = ws.scratch; // gradient w.r.t. r_t * h_{t-1}
    for (let t = steps - 1; t >= 0; t--) {
      const gt = t * batch * cols;
      const prevBlock = t * block;
      const rhBlock = (t + 1) * block;
      for (let b = 0; b < batch; b++) {
        const row = gt + b * cols;
        const prev = prevBlock + b * units;
        const next = prev + block;
        for (let j = 0; j < units; j++) {
          const z = g[row + j];
          const hh = g[row + 2 * units + j];
          const dhv = dh[next + j];
          dg[row + 2 * units + j] = dhv * (1 - z) * (1 - hh * hh);
          dg[row + j] = dhv * (h[prev + j] - hh) * z * (1 - z);
          dh[prev + j] += dhv * z;
        }
      }
      dRh.fill(0);
      gemmNT(batch, units, units, dg, gt + 2 * units, cols, u, 2 * units, cols, dRh, 0, units);
      gemmTN(units, units, batch, rh, rhBlock, units, dg, gt + 2 * units, cols, dU, 2 * units, cols);
      for (let b = 0; b < batch; b++) {
        const row = gt + b * cols;
        const prev = prevBlock + b * units;
        for (let j = 0; j < units; j++) {
          const r = g[row + units + j];
          const d = dRh[b * units + j];
          dg[row + units + j] = d * h[prev + j] * r * (1 - r);
          dh[prev + j] += d * r;
        }
      }
      if (t === 0) continue; // h_0 is the constant zero state.
      gemmTN(units, 2 * units, batch, h, prevBlock, units, dg, gt, cols, dU, 0, cols);
      gemmNT(batch, units, 2 * units, dg, gt, cols, u, 0, cols, dh, prevBlock, units);
    }
  },
};
