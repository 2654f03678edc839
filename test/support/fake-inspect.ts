// Runs in: vitest (jsdom). Realistic answers of inspectRun and explainRun for the renderer's tests: seeded random
// weights run through the course's equations (course-equations.ts, not Seqlab's code), so every state, gate and
// prediction the view shows is what those weights give.
import type { CellType } from '../../shared/model/config';
import type { Explanation, ForecastInspection, InspectedLayer, Matrix, TextInspection } from '../../shared/model/inspect';
import { recompute } from './course-equations';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GATES: Record<CellType, string> = { SimpleRNN: 'h', LSTM: 'i,f,c,o', GRU: 'z,r,h' };

export interface StackShape {
  cell: CellType;
  units: number;
  layers?: number;
  bidirectional?: boolean;
  recurrentActivation?: 'sigmoid' | 'hardSigmoid';
  seed?: number;
}

/** Every layer of a stack over `inputs`, each direction's states recomputed by the course's equations. */
export function fakeStack(shape: StackShape, inputs: Matrix): { layers: InspectedLayer[]; finalState: number[] } {
  const random = rng(shape.seed ?? 7);
  const weight = () => Math.round((random() * 2 - 1) * 0.8 * 1e4) / 1e4;
  const matrix = (rows: number, cols: number): Matrix => Array.from({ length: rows }, () => Array.from({ length: cols }, weight));
  const blocks = GATES[shape.cell].split(',').length;
  const layers: InspectedLayer[] = [];
  let below = inputs;
  let finalState: number[] = [];
  for (let index = 0; index < (shape.layers ?? 1); index++) {
    const directions = shape.bidirectional ? (['forward', 'backward'] as const) : (['forward'] as const);
    const parts = directions.map((direction): InspectedLayer => {
      const base = {
        layer: index,
        cell: shape.cell,
        units: shape.units,
        direction,
        activation: 'tanh',
        recurrentActivation: shape.cell === 'SimpleRNN' ? null : (shape.recurrentActivation ?? 'sigmoid'),
        gateOrder: GATES[shape.cell],
        weights: { kernel: matrix(below[0].length, blocks * shape.units), recurrentKernel: matrix(shape.units, blocks * shape.units), bias: matrix(1, blocks * shape.units)[0] },
      };
      const states = recompute({ ...base, hiddenStates: [], gates: {}, cellStates: null }, below);
      return { ...base, hiddenStates: states.h, gates: states.gates, preActivations: {}, cellStates: states.c };
    });
    layers.push(...parts);
    below = below.map((_, t) => parts.flatMap((p) => p.hiddenStates[t]));
    finalState = parts.flatMap((p) => (p.direction === 'forward' ? p.hiddenStates[p.hiddenStates.length - 1] : p.hiddenStates[0]));
  }
  return { layers, finalState };
}

export const FEATURES = ['Temperature (C)', 'Humidity'];

/** Test window `window` of a forecast run over Temperature and Humidity (scaler mean 12, std 8). */
export function fakeForecastInspection(runId: number, window: number, shape: StackShape, steps = 6, windowCount = 40): ForecastInspection {
  const raw = Array.from({ length: steps }, (_, t) => [10 + Math.sin((window + t) / 4) * 5, 0.7 + 0.05 * Math.cos(t)]);
  const scaled = raw.map(([temp, humidity]) => [(temp - 12) / 8, (humidity - 0.74) / 0.1]);
  const { layers, finalState } = fakeStack(shape, scaled);
  const kernel = finalState.map((_, i) => [0.3 - 0.1 * i]);
  const bias = [0.05];
  const y = [finalState.reduce((s, h, i) => s + h * kernel[i][0], bias[0])];
  const unscaled = y.map((v) => v * 8 + 12);
  const inputTimes = Array.from({ length: steps }, (_, t) => Date.UTC(2006, 4, 1, window + t));
  const gradient = scaled.map((row, t) => row.map((_, j) => (t + 1) / steps - 0.3 * j));
  return {
    task: 'forecast',
    runId,
    window,
    windowCount,
    target: 'Temperature (C)',
    features: FEATURES,
    inputTimes,
    targetTimes: [Date.UTC(2006, 4, 1, window + steps)],
    inputs: { raw, scaled },
    layers,
    dense: { kernel, bias, activation: 'linear', input: finalState, output: y },
    predictionScaled: y,
    targetTransform: 'none',
    predictionUnscaled: unscaled,
    prediction: unscaled,
    truth: [10 + Math.sin((window + steps) / 4) * 5],
    targetScaler: { mean: 12, std: 8 },
    modelCheck: { tfjsOutput: y.map((v) => v + 2e-7), maxAbsDifference: 2e-7 },
    saliency: { gradient, gradientTimesInput: gradient.map((row, t) => row.map((g, j) => g * scaled[t][j])) },
  };
}

export function fakeExplanation(runId: number, steps = 6): Explanation {
  const score = (importance: number) => ({ importance, std: importance / 10, maes: [0.5 + importance] });
  return {
    task: 'forecast',
    runId,
    target: 'Temperature (C)',
    metric: 'mae',
    baseline: 0.5,
    windowsUsed: 40,
    windowCount: 40,
    repeats: 3,
    seed: 0,
    columns: [
      { column: 'Temperature (C)', features: ['Temperature (C)'], ...score(1.25) },
      { column: 'Humidity', features: ['Humidity'], ...score(0.05) },
    ],
    lags: Array.from({ length: steps }, (_, k) => ({ lag: k + 1, step: steps - 1 - k, ...score(1 / (k + 1)) })),
  };
}

/** A text run's look at `text`: words outside the tiny vocabulary are [UNK] (0); the row is padded with [PAD] (1). */
export function fakeTextInspection(runId: number, text: string, maxLength = 12): TextInspection {
  const vocabulary = ['[UNK]', '[PAD]', 'the', 'a', 'film', 'great', 'wonderful', 'boring', 'story'];
  const tokens = text.toLowerCase().match(/[a-z']+/g)!.slice(0, maxLength);
  const ids = tokens.map((t) => Math.max(0, vocabulary.indexOf(t)));
  const table = vocabulary.map((_, id) => [Math.sin(id), Math.cos(id), Math.sin(2 * id) / 2]);
  const embeddings = ids.map((id) => table[id]);
  const { layers, finalState } = fakeStack({ cell: 'LSTM', units: 3, seed: 3 }, embeddings);
  const kernel = finalState.map((_, i) => [0.5 - 0.3 * i]);
  const p = 1 / (1 + Math.exp(-finalState.reduce((s, h, i) => s + h * kernel[i][0], 0.1)));
  const probabilities = [1 - p, p];
  const best = p >= 0.5 ? 1 : 0;
  return {
    task: 'text',
    runId,
    text,
    tokens,
    ids: [...ids, ...new Array(maxLength - ids.length).fill(1)],
    reserved: { unk: 0, pad: 1 },
    truncatedTokens: 0,
    embeddings,
    layers,
    dense: { kernel, bias: [0.1], activation: 'sigmoid', input: finalState, output: [p] },
    classNames: ['negative', 'positive'],
    probabilities,
    predicted: ['negative', 'positive'][best],
    contributions: tokens.map((token, i) => ({ token, id: ids[i], contribution: token === 'great' || token === 'wonderful' ? 0.2 : token === 'boring' ? -0.15 : 0.01 * i })),
    modelCheck: { tfjsOutput: probabilities, maxAbsDifference: 0 },
  };
}
