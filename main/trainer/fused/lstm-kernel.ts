// Runs in: trainer process (plain Node). LSTM as tfjs computes it (gate order i, f, c, o; sigmoid gates, tanh):
// z = x W + b + h_{t-1} U; c_t = f c_{t-1} + i tanh(z_c); h_t = o tanh(c_t). unitForgetBias only initialises b.
import { sigmoid, tanh, type CellKernel } from './cell-kernel';
import { gemmNN, gemmNT, gemmTN } from './gemm';
import type { Workspace } from './workspace';

export const lstmKernel: CellKernel = {
  gates: 4,
  needsState: true,

  forward(ws: Workspace, u: Float32Array): void {
    const { batch, steps, units } = ws.dims;
    const cols = 4 * units;
    const block = batch * units;
    const { g, h, s: c } = ws;
    for (let t = 0; t < steps; t++) {
      const gt = t * batch * cols;
      gemmNN(batch, cols, units, h, t * block, units, u, 0, cols, g, gt, cols);
      for (let b = 0; b < batch; b++) {
        const row = gt + b * cols;
        const prev = t * block + b * units;
        const next = prev + block;
        for (let j = 0; j < units; j++) {
          const i = sigmoid(g[row + j]);
          const f = sigmoid(g[row + units + j]);
          const cc = tanh(g[row + 2 * units + j]);
          const o = sigmoid(g[row + 3 * units + j]);
          // Keep the activations: backward needs them, not the pre-activations.
          g[row + j] = i;
          g[row + units + j] = f;
          g[row + 2 * units + j] = cc;
          g[row + 3 * units + j] = o;
          const ct = f * c[prev + j] + i * cc;
          c[next + j] = ct;
          h[next + j] = o * tanh(ct);
        }
      }
    }
  },

  backward(ws: Workspace, u: Float32Array, dU: Float32Array): void {
    const { batch, steps, units } = ws.dims;
    const cols = 4 * units;
    const block = batch * units;
    const { g, h, s: c, dh, dg } = ws;
    const dcNext = ws.scratch; // gradient w.r.t. c_t arriving from step t + 1
    dcNext.fill(0);
    for (let t = steps - 1; t >= 0; t--) {
      const gt = t * batch * cols;
      for (let b = 0; b < batch; b++) {
        const row = gt + b * cols;
        const prev = t * block + b * units;
        const next = prev + block;
        const carry = b * units;
        for (let j = 0; j < units; j++) {
          const i = g[row + j];
          const f = g[row + units + j];
          const cc = g[row + 2 * units + j];
          const o = g[row + 3 * units + j];
          const tc = tanh(c[next + j]);
          const dhv = dh[next + j];
          const dc = dcNext[carry + j] + dhv * o * (1 - tc * tc);
          dg[row + j] = dc * cc * i * (1 - i);
          dg[row + units + j] = dc * c[prev + j] * f * (1 - f);
          dg[row + 2 * units + j] = dc * i * (1 - cc * cc);
          dg[row + 3 * units + j] = dhv * tc * o * (1 - o);
          dcNext[carry + j] = dc * f;
        }
      }
      if (t === 0) continue; // h_0 and c_0 are constant zeros.
      gemmTN(units, cols, batch, h, t * block, units, dg, gt, cols, dU, 0, cols);
      gemmNT(batch, units, cols, dg, gt, cols, u, 0, cols, dh, t * block, units);
    }
  },
};
