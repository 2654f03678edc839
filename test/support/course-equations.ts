// Runs in: vitest (Node). The course's recurrent cell equations, written out on their own (not Seqlab's code), to
// recompute every state an `inspect` output claims from its `weights` and its inputs.
import { expect } from 'vitest';

export type Matrix = number[][];

export interface LayerOutput {
  layer: number;
  cell: 'SimpleRNN' | 'LSTM' | 'GRU';
  units: number;
  direction: 'forward' | 'backward';
  activation: string;
  recurrentActivation: string | null;
  gateOrder: string;
  weights: { kernel: Matrix; recurrentKernel: Matrix; bias: number[] };
  hiddenStates: Matrix;
  gates: Record<string, Matrix>;
  cellStates: Matrix | null;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const hardSigmoid = (x: number) => Math.max(0, Math.min(1, 0.2 * x + 0.5));
function fn(name: string | null): (x: number) => number {
  if (name === 'tanh') return Math.tanh;
  if (name === 'sigmoid') return sigmoid;
  if (name === 'hardSigmoid') return hardSigmoid;
  throw new Error(`no ${name} in the course`);
}

/** v (length n) times columns [c0, c0 + width) of M (n rows). */
function times(v: number[], M: Matrix, c0: number, width: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < width; j++) {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i] * M[i][c0 + j];
    out.push(s);
  }
  return out;
}
const add = (...vs: number[][]) => vs[0].map((_, j) => vs.reduce((s, v) => s + v[j], 0));
const mul = (a: number[], b: number[]) => a.map((x, j) => x * b[j]);
const slice = (v: number[], k: number, n: number) => v.slice(k * n, (k + 1) * n);

export interface Recomputed {
  h: Matrix;
  c: Matrix | null;
  gates: Record<string, Matrix>;
}

/**
 * SimpleRNN: h_t = tanh(x_t W + h_(t-1) U + b).
 * LSTM (gate blocks i, f, c, o): i, f, o = σ(x W + h U + b) per block; g = tanh(block c); c_t = f c_(t-1) + i g; h_t = o tanh(c_t).
 * GRU (blocks z, r, h; TensorFlow.js resets before the product, one bias): z, r = σ(x W + b + h U) per block;
 *   h~ = tanh(x W_h + b_h + (r ⊙ h_(t-1)) U_h); h_t = z h_(t-1) + (1 - z) h~.
 * σ is the layer's recurrentActivation. Steps are visited in time order, or from the last for a backward layer;
 * results are returned in time order.
 */
export function recompute(layer: LayerOutput, inputs: Matrix): Recomputed {
  const n = layer.units;
  const { kernel: W, recurrentKernel: U, bias: b } = layer.weights;
  const act = fn(layer.activation);
  const sig = fn(layer.recurrentActivation ?? layer.activation);
  const steps = inputs.length;
  const order = layer.direction === 'forward' ? [...Array(steps).keys()] : [...Array(steps).keys()].reverse();
  const h: Matrix = new Array(steps);
  const c: Matrix = new Array(steps);
  const gates: Record<string, Matrix> = Object.fromEntries(layer.gateOrder.split(',').map((g) => [g, new Array(steps)]));
  let hPrev = new Array(n).fill(0);
  let cPrev = new Array(n).fill(0);
  for (const t of order) {
    const x = inputs[t];
    if (layer.cell === 'SimpleRNN') {
      hPrev = add(times(x, W, 0, n), times(hPrev, U, 0, n), b).map(act);
    } else if (layer.cell === 'LSTM') {
      const gate = (k: number) => add(times(x, W, k * n, n), times(hPrev, U, k * n, n), slice(b, k, n));
      const i = gate(0).map(sig);
      const f = gate(1).map(sig);
      const g = gate(2).map(act);
      const o = gate(3).map(sig);
      cPrev = add(mul(f, cPrev), mul(i, g));
      hPrev = mul(o, cPrev.map(act));
      gates.i[t] = i;
      gates.f[t] = f;
      gates.c[t] = g;
      gates.o[t] = o;
      c[t] = cPrev;
    } else {
      const z = add(times(x, W, 0, n), slice(b, 0, n), times(hPrev, U, 0, n)).map(sig);
      const r = add(times(x, W, n, n), slice(b, 1, n), times(hPrev, U, n, n)).map(sig);
      const candidate = add(times(x, W, 2 * n, n), slice(b, 2, n), times(mul(r, hPrev), U, 2 * n, n)).map(act);
      hPrev = add(mul(z, hPrev), mul(z.map((v) => 1 - v), candidate));
      gates.z[t] = z;
      gates.r[t] = r;
      gates.h[t] = candidate;
    }
    h[t] = hPrev;
  }
  return { h, c: layer.cell === 'LSTM' ? c : null, gates: layer.cell === 'SimpleRNN' ? {} : gates };
}

export function expectMatrixClose(actual: Matrix, expected: Matrix, tolerance: number, what: string): void {
  expect(actual.length, `${what}: rows`).toBe(expected.length);
  let worst = 0;
  actual.forEach((row, t) => {
    expect(row.length, `${what}: row ${t} length`).toBe(expected[t].length);
    row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - expected[t][j]))));
  });
  expect(worst, `${what}: largest difference`).toBeLessThanOrEqual(tolerance);
}

/**
 * Every layer's states recomputed from its weights and the layer below (the inputs for layer 0; forward then
 * backward states side by side above a bidirectional layer) and checked; returns the Dense head's input.
 */
export function checkStack(layers: LayerOutput[], inputs: Matrix, tolerance = 1e-5): number[] {
  const depth = Math.max(...layers.map((l) => l.layer)) + 1;
  let below = inputs;
  let finalState: number[] = [];
  for (let index = 0; index < depth; index++) {
    const parts = layers.filter((l) => l.layer === index);
    expect(parts.map((p) => p.direction)).toEqual(parts.length === 2 ? ['forward', 'backward'] : ['forward']);
    for (const part of parts) {
      const again = recompute(part, below);
      const name = `layer ${index} ${part.direction}`;
      expectMatrixClose(part.hiddenStates, again.h, tolerance, `${name} h`);
      if (part.cell === 'LSTM') expectMatrixClose(part.cellStates!, again.c!, tolerance, `${name} c`);
      else expect(part.cellStates).toBeNull();
      expect(Object.keys(part.gates).sort()).toEqual(Object.keys(again.gates).sort());
      for (const gate of Object.keys(again.gates)) expectMatrixClose(part.gates[gate], again.gates[gate], tolerance, `${name} gate ${gate}`);
    }
    below = below.map((_, t) => parts.flatMap((p) => p.hiddenStates[t]));
    finalState = parts.flatMap((p) => (p.direction === 'forward' ? p.hiddenStates.at(-1)! : p.hiddenStates[0]));
  }
  return finalState;
}
