// Runs in: renderer. Pure arithmetic behind the Inside view: matrices cut into gate blocks, each layer's input, the
// state a step read, and one unit's computation at one step, recomputed from the run's weights for display.
import type { InspectedLayer, Matrix } from '../../shared/model/inspect';
import type { PredictionSeries } from '../../shared/model/run';

export function transpose(m: Matrix): Matrix {
  if (m.length === 0) return [];
  return m[0].map((_, j) => m.map((row) => row[j]));
}

/** The gate names of a layer, in the order of its weights' column blocks. */
export function gateNames(layer: Pick<InspectedLayer, 'gateOrder'>): string[] {
  return layer.gateOrder.split(',');
}

/** Columns [k * units, (k + 1) * units) of every row: one gate's block of a kernel. */
export function gateBlock(m: Matrix, k: number, units: number): Matrix {
  return m.map((row) => row.slice(k * units, (k + 1) * units));
}

export function biasBlock(bias: number[], k: number, units: number): number[] {
  return bias.slice(k * units, (k + 1) * units);
}

/**
 * What each layer reads at each step ([steps][inputs]): layer 0 the model's inputs, a higher layer the states of the
 * layer below, forward then backward side by side (as TensorFlow.js' Bidirectional concatenates them).
 */
export function layerInputs(layers: InspectedLayer[], inputs: Matrix): Map<number, Matrix> {
  const out = new Map<number, Matrix>();
  const depth = Math.max(0, ...layers.map((l) => l.layer + 1));
  let below = inputs;
  for (let index = 0; index < depth; index++) {
    out.set(index, below);
    const parts = layers.filter((l) => l.layer === index).sort((a, b) => (a.direction === b.direction ? 0 : a.direction === 'forward' ? -1 : 1));
    below = below.map((_, t) => parts.flatMap((p) => p.hiddenStates[t]));
  }
  return out;
}

/** The step a pass read just before step t: t - 1 forward, t + 1 backward; null at the pass's start (zero state). */
export function previousStep(direction: InspectedLayer['direction'], t: number, steps: number): number | null {
  const prev = direction === 'forward' ? t - 1 : t + 1;
  return prev < 0 || prev >= steps ? null : prev;
}

const dot = (v: number[], m: Matrix, column: number) => v.reduce((sum, x, i) => sum + x * m[i][column], 0);

/** One gate (or the SimpleRNN state) of one unit at one step: its terms, their sum and its activation. */
export interface GateTerms {
  gate: string;
  /** x_t times the kernel's column of this unit and gate. */
  input: number;
  /** The previous state (GRU's candidate: r ⊙ h_(t-1)) times the recurrent kernel's column. */
  recurrent: number;
  bias: number;
  preActivation: number;
  /** After the gate's activation (the state itself for SimpleRNN). */
  value: number;
  activation: string;
}

export interface StepComputation {
  step: number;
  unit: number;
  previous: number | null;
  /** The unit's previous state (0 at the pass's start), and c_(t-1) for LSTM. */
  hPrev: number;
  cPrev: number | null;
  gates: GateTerms[];
  /** LSTM: c_t; every cell: h_t as the engine reported it. */
  c: number | null;
  h: number;
}

/**
 * Recomputes unit `unit` at step `t` from the layer's weights and what it read, the way TensorFlow.js' cells do
 * (GRU: the reset gate applies before the product, one bias). The activations come from the engine's own trace, so the
 * view can show the sum beside what the model computed.
 */
export function stepComputation(layer: InspectedLayer, x: Matrix, t: number, unit: number): StepComputation {
  const steps = layer.hiddenStates.length;
  const n = layer.units;
  const previous = previousStep(layer.direction, t, steps);
  const zeros = new Array<number>(n).fill(0);
  const hPrevAll = previous === null ? zeros : layer.hiddenStates[previous];
  const { kernel, recurrentKernel, bias } = layer.weights;
  const names = gateNames(layer);
  const gates = names.map((gate, k): GateTerms => {
    const column = k * n + unit;
    // GRU's candidate reads the reset state r ⊙ h_(t-1).
    const resetCandidate = layer.cell === 'GRU' && gate === 'h';
    const r = resetCandidate ? layer.gates.r[t] : null;
    const hIn = r ? hPrevAll.map((h, j) => r[j] * h) : hPrevAll;
    const input = dot(x[t], kernel, column);
    const recurrent = dot(hIn, recurrentKernel, column);
    const preActivation = input + recurrent + bias[column];
    const isState = layer.cell === 'SimpleRNN' || gate === 'c' || resetCandidate;
    const value = layer.cell === 'SimpleRNN' ? layer.hiddenStates[t][unit] : layer.gates[gate][t][unit];
    const activation = isState ? layer.activation : (layer.recurrentActivation ?? layer.activation);
    return { gate, input, recurrent, bias: bias[column], preActivation, value, activation };
  });
  const cells = layer.cellStates;
  return {
    step: t,
    unit,
    previous,
    hPrev: hPrevAll[unit],
    cPrev: cells ? (previous === null ? 0 : cells[previous][unit]) : null,
    gates,
    c: cells ? cells[t][unit] : null,
    h: layer.hiddenStates[t][unit],
  };
}

export function activate(name: string, x: number): number {
  if (name === 'tanh') return Math.tanh(x);
  if (name === 'sigmoid') return 1 / (1 + Math.exp(-x));
  if (name === 'hardSigmoid') return Math.min(1, Math.max(0, 0.2 * x + 0.5));
  if (name === 'relu') return Math.max(0, x);
  return x;
}

export interface WorstWindow {
  window: number;
  truth: number;
  predicted: number;
  error: number;
  time: number | null;
}

/** The test windows with the largest absolute error on their first predicted step, worst first. */
export function worstWindows(predictions: PredictionSeries, count: number): WorstWindow[] {
  return predictions.truth
    .map((truth, window) => ({ window, truth, predicted: predictions.predicted[window], error: Math.abs(truth - predictions.predicted[window]), time: predictions.times?.[window] ?? null }))
    .filter((w) => Number.isFinite(w.error))
    .sort((a, b) => b.error - a.error || a.window - b.window)
    .slice(0, count);
}

/** Smallest and largest finite value of a matrix (0, 0 when it has none). */
export function valueRange(m: Matrix): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const row of m) {
    for (const v of row) {
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min === Infinity ? { min: 0, max: 0 } : { min, max };
}

/** A step's label counted back from the last input: "t", "t−1", ... ("t+1" style for nothing: steps are the past). */
export function lagLabel(step: number, steps: number): string {
  const back = steps - 1 - step;
  return back === 0 ? 't' : `t−${back}`;
}

/** One bar of a bar chart: a named value with an optional ± spread. */
export interface Bar {
  label: string;
  value: number;
  spread?: number;
}
