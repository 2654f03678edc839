// Runs in: trainer process (plain Node, no TensorFlow.js). The recurrent cells' equations in float64, step by step,
// exactly as TensorFlow.js' cells compute them (tfjs-layers recurrent.js), so every gate and state can be shown.
import type { CellType } from '../../../shared/model/config';
import type { Matrix } from '../../../shared/model/inspect';

export type Activation = (x: number) => number;

const ACTIVATIONS: Record<string, Activation> = {
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  // tfjs: clip(0.2 x + 0.5, 0, 1).
  hardSigmoid: (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5)),
  relu: (x) => Math.max(0, x),
  linear: (x) => x,
};

export function activationByName(name: string): Activation {
  const fn = ACTIVATIONS[name];
  if (!fn) throw new Error(`Inspecting a layer with activation "${name}" is not supported`);
  return fn;
}

/** The gate blocks along the weights' columns, in TensorFlow.js' order. */
export const GATE_ORDER: Record<CellType, string[]> = { SimpleRNN: ['h'], LSTM: ['i', 'f', 'c', 'o'], GRU: ['z', 'r', 'h'] };

export interface CellWeightsF64 {
  kernel: Matrix;
  recurrentKernel: Matrix;
  bias: number[];
}

export interface CellSpec {
  cell: CellType;
  units: number;
  activation: string;
  recurrentActivation: string | null;
}

/** Every step of one pass, in the order the cell read the steps. */
export interface CellTrace {
  hidden: Matrix;
  gates: Record<string, Matrix>;
  preActivations: Record<string, Matrix>;
  cellStates: Matrix | null;
}

/** out[j] = sum_i v[i] * m[i][j] for columns [from, to) of m, into a fresh array. */
function rowTimes(v: ArrayLike<number>, m: Matrix, from: number, to: number): number[] {
  const out = new Array<number>(to - from).fill(0);
  for (let i = 0; i < v.length; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    const row = m[i];
    for (let j = from; j < to; j++) out[j - from] += vi * row[j];
  }
  return out;
}

/** x W + b for one step, all gate blocks. */
function projectInput(x: ArrayLike<number>, w: CellWeightsF64): number[] {
  const out = rowTimes(x, w.kernel, 0, w.bias.length);
  for (let j = 0; j < out.length; j++) out[j] += w.bias[j];
  return out;
}

const block = (values: number[], k: number, units: number) => values.slice(k * units, (k + 1) * units);

/** Runs the cell over `inputs` ([steps][inputs]) from zero state, in the order given. */
export function traceCell(spec: CellSpec, weights: CellWeightsF64, inputs: Matrix): CellTrace {
  const { units } = spec;
  const act = activationByName(spec.activation);
  const gateAct = spec.recurrentActivation ? activationByName(spec.recurrentActivation) : act;
  const names = GATE_ORDER[spec.cell];
  const trace: CellTrace = {
    hidden: [],
    gates: spec.cell === 'SimpleRNN' ? {} : Object.fromEntries(names.map((n) => [n, []])),
    preActivations: Object.fromEntries(names.map((n) => [n, []])),
    cellStates: spec.cell === 'LSTM' ? [] : null,
  };
  let h = new Array<number>(units).fill(0);
  let c = new Array<number>(units).fill(0);
  for (const x of inputs) {
    const projected = projectInput(x, weights);
    if (spec.cell === 'SimpleRNN') {
      // h_t = act(x W + b + h_(t-1) U)
      const recurrent = rowTimes(h, weights.recurrentKernel, 0, units);
      const pre = projected.map((v, j) => v + recurrent[j]);
      trace.preActivations.h.push(pre);
      h = pre.map(act);
    } else if (spec.cell === 'LSTM') {
      // z = x W + h_(t-1) U + b; i, f, o = recAct(z_i, z_f, z_o); g = act(z_c); c_t = f c_(t-1) + i g; h_t = o act(c_t)
      const recurrent = rowTimes(h, weights.recurrentKernel, 0, 4 * units);
      const z = projected.map((v, j) => v + recurrent[j]);
      const [zi, zf, zc, zo] = [0, 1, 2, 3].map((k) => block(z, k, units));
      const i = zi.map(gateAct);
      const f = zf.map(gateAct);
      const g = zc.map(act);
      const o = zo.map(gateAct);
      c = c.map((prev, j) => f[j] * prev + i[j] * g[j]);
      h = c.map((cj, j) => o[j] * act(cj));
      const values = { i, f, c: g, o };
      const pres = { i: zi, f: zf, c: zc, o: zo };
      for (const n of names) {
        trace.gates[n].push(values[n as keyof typeof values]);
        trace.preActivations[n].push(pres[n as keyof typeof pres]);
      }
      trace.cellStates!.push(c);
    } else {
      // tfjs' GRU resets before the product: z, r = recAct(x W_z,r + b_z,r + h U_z,r);
      // h~ = act(x W_h + b_h + (r * h_(t-1)) U_h); h_t = z h_(t-1) + (1 - z) h~
      const inner = rowTimes(h, weights.recurrentKernel, 0, 2 * units);
      const preZ = block(projected, 0, units).map((v, j) => v + inner[j]);
      const preR = block(projected, 1, units).map((v, j) => v + inner[units + j]);
      const z = preZ.map(gateAct);
      const r = preR.map(gateAct);
      const resetH = h.map((hj, j) => r[j] * hj);
      const recurrentH = rowTimes(resetH, weights.recurrentKernel, 2 * units, 3 * units);
      const preH = block(projected, 2, units).map((v, j) => v + recurrentH[j]);
      const candidate = preH.map(act);
      h = h.map((prev, j) => z[j] * prev + (1 - z[j]) * candidate[j]);
      trace.gates.z.push(z);
      trace.gates.r.push(r);
      trace.gates.h.push(candidate);
      trace.preActivations.z.push(preZ);
      trace.preActivations.r.push(preR);
      trace.preActivations.h.push(preH);
    }
    trace.hidden.push(h);
  }
  return trace;
}

/** A trace read backwards in time (a backward layer's), turned into time order. */
export function reverseTrace(trace: CellTrace): CellTrace {
  const flip = (m: Matrix) => [...m].reverse();
  const flipAll = (r: Record<string, Matrix>) => Object.fromEntries(Object.entries(r).map(([k, m]) => [k, flip(m)]));
  return {
    hidden: flip(trace.hidden),
    gates: flipAll(trace.gates),
    preActivations: flipAll(trace.preActivations),
    cellStates: trace.cellStates ? flip(trace.cellStates) : null,
  };
}
