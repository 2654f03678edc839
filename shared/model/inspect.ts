// Runs in: renderer and main (types). Inside a saved model (issue 16): one window or one text run through the cell
// equations with the run's own weights, and what mattered to its test error.
import type { CellType, TargetTransform } from './config';

/** A matrix as an array of rows. */
export type Matrix = number[][];

/** One recurrent layer (one direction of it) run over one input sequence. */
export interface InspectedLayer {
  /** 0 = the layer reading the inputs; both directions of a bidirectional layer share it. */
  layer: number;
  cell: CellType;
  units: number;
  direction: 'forward' | 'backward';
  /** Activation of the state / candidate (tanh), and of the gates (sigmoid or hardSigmoid; null for SimpleRNN). */
  activation: string;
  recurrentActivation: string | null;
  /** The gate blocks along the weights' columns, in order: "i,f,c,o" (LSTM, c = the candidate g), "z,r,h" (GRU, h = the
   * candidate), "h" (SimpleRNN: one block). */
  gateOrder: string;
  /** TensorFlow.js' layout: kernel [inputs][units x gates], recurrentKernel [units][units x gates], bias [units x gates]. */
  weights: { kernel: Matrix; recurrentKernel: Matrix; bias: number[] };
  /** [steps][units], in time order (step 0 = the oldest input) for both directions. */
  hiddenStates: Matrix;
  /** Gate name (as in gateOrder) -> [steps][units] after its activation, time order. Empty for SimpleRNN. */
  gates: Record<string, Matrix>;
  /** Gate name -> [steps][units] before its activation (SimpleRNN: "h", the state's pre-activation), time order. */
  preActivations: Record<string, Matrix>;
  /** LSTM only: c_t as [steps][units], time order; null for other cells. */
  cellStates: Matrix | null;
}

export interface InspectedDense {
  /** [inputs][outputs]: inputs are the last layer's final state (forward, then backward for a bidirectional layer). */
  kernel: Matrix;
  bias: number[];
  activation: string;
  /** The Dense layer's input and its output (after the activation). */
  input: number[];
  output: number[];
}

/** The same output from TensorFlow.js' own predict on the loaded model, to show the equations are the model's. */
export interface ModelCheck {
  tfjsOutput: number[];
  maxAbsDifference: number;
}

/** Gradient of the first predicted step (scaled) with respect to each scaled input, times that input. */
export interface Saliency {
  /** [steps][features] */
  gradient: Matrix;
  gradientTimesInput: Matrix;
}

export interface ForecastInspection {
  task: 'forecast';
  runId: number;
  /** Index of the window among the run's test windows, in time order (the order of its stored predictions). */
  window: number;
  windowCount: number;
  target: string;
  /** The model's inputs, in the order of the inputs' last axis. */
  features: string[];
  /** Epoch ms of each input step and of each predicted step; null without a time column. */
  inputTimes: number[] | null;
  targetTimes: number[] | null;
  /** [steps][features]: as in the file (after missing-value policies; one-hot inputs 0/1; a transformed target as
   * transformed), and as the model read them (scaled). */
  inputs: { raw: Matrix; scaled: Matrix };
  layers: InspectedLayer[];
  dense: InspectedDense;
  /** One value per step of the horizon: the Dense output; times std plus mean of the (transformed) target's training
   * rows; and in the target's units, the transform undone from the window's past (equal to predictionUnscaled
   * without a transform). */
  predictionScaled: number[];
  targetTransform: TargetTransform;
  predictionUnscaled: number[];
  prediction: number[];
  truth: number[];
  targetScaler: { mean: number; std: number };
  modelCheck: ModelCheck;
  saliency: Saliency;
}

export interface TokenContribution {
  token: string;
  id: number;
  /** Probability of the predicted class with the text as typed, minus with this word left out. */
  contribution: number;
}

export interface TextInspection {
  task: 'text';
  runId: number;
  text: string;
  /** The words the model reads, after tokenizing and cutting to the run's max length. */
  tokens: string[];
  /** The model's whole input row (max length ids, course numbering): the tokens' ids, then [PAD]s. */
  ids: number[];
  reserved: { unk: number; pad: number };
  /** Words cut off by the max length (from the side the run truncates). */
  truncatedTokens: number;
  /** The Embedding table's row for each token: what the first recurrent layer reads. */
  embeddings: Matrix;
  layers: InspectedLayer[];
  dense: InspectedDense;
  classNames: string[];
  probabilities: number[];
  predicted: string;
  contributions: TokenContribution[];
  modelCheck: ModelCheck;
}

export type Inspection = ForecastInspection | TextInspection;

export interface PermutationScore {
  /** Mean over the repeats of (MAE with the values shuffled - MAE as is), in the target's units. */
  importance: number;
  /** Standard deviation of that increase over the repeats. */
  std: number;
  /** The MAE of each repeat. */
  maes: number[];
}

export interface Explanation {
  task: 'forecast';
  runId: number;
  target: string;
  metric: 'mae';
  /** MAE over every horizon step of the windows used, unshuffled. */
  baseline: number;
  windowsUsed: number;
  windowCount: number;
  repeats: number;
  seed: number;
  /** One per input column (a category column's one-hot inputs are shuffled together). */
  columns: ({ column: string; features: string[] } & PermutationScore)[];
  /** lag 1 = the last input step (step window - 1), lag `window` = the first. */
  lags: ({ lag: number; step: number } & PermutationScore)[];
}

/** What to look at inside a run: a test window of a forecast run (by index, in time order), or a typed text. */
export type InspectTarget = { window: number } | { text: string };

/** Permutation importance settings; every field has a default. */
export interface ExplainOptions {
  /** Shuffles per column and per lag (default 3). */
  repeats?: number;
  /** Seed of the shuffles (default 0). */
  seed?: number;
  /** Test windows scored, evenly spaced (default 500; all when there are fewer). */
  maxWindows?: number;
}
