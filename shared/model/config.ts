// Runs in: renderer and main. What a run is asked to do: the task, the data, the model and its training.
import type { MissingPolicy, SentinelMark } from './forecast-data';

export type CellType = 'SimpleRNN' | 'GRU' | 'LSTM';
export const CELL_TYPES: readonly CellType[] = ['SimpleRNN', 'GRU', 'LSTM'];

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;

/** Training control both tasks share. Optional because runs logged before these existed lack them; the schemas
 * fill in CONTROL_DEFAULTS (adam, no dropout, no early stopping), which is what those runs trained with. */
export interface TrainingControl {
  optimizer?: OptimizerName;
  /** Fraction of each recurrent layer's inputs dropped while training (0 = none). */
  dropout?: number;
  /** Fraction of each recurrent layer's hidden state dropped while training (0 = none). */
  recurrentDropout?: number;
  /** Stop when the validation loss has not improved by more than `minDelta` for `patience` epochs; keep the best weights. */
  earlyStopping?: boolean;
  patience?: number;
  /** Improvement of the validation loss (scaled MSE, or cross-entropy for text) below this does not count as better. */
  minDelta?: number;
}

export interface ForecastConfig extends TrainingControl {
  task: 'forecast';
  datasetId: string;
  target: string;
  /** Input columns; defaults to [target]. */
  features: string[];
  window: number;
  horizon: number;
  cell: CellType;
  layers: number;
  hiddenUnits: number;
  bidirectional: boolean;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Fractions by time: train, validation; test is the rest. */
  split: { train: number; validation: number };
  backend: BackendChoice;
  // Issue 3 data preparation. Optional for older runs; absent means: drop windows touching a gap, no sentinels, stride 1.
  /** Per input/target column: what to do with its missing values. */
  missing?: Record<string, MissingPolicy>;
  /** Values that mean "missing" in a column (e.g. pressure exactly 0). */
  sentinels?: SentinelMark[];
  /** Steps between the starts of consecutive windows (1 = every window). */
  stride?: number;
  /** Optional: runs logged before it existed started from 'glorot'. */
  initializer?: InitializerName;
  /**
   * Threads that share each training batch (data parallel, in the whole-model fused net): a count, or 'auto' for the
   * machine's cores. Optional: runs logged before it existed trained on one thread.
   */
  threads?: ThreadsChoice;
  // Issue 15. Optional: runs logged before these existed predicted the raw target and had no intervals.
  /** What the model predicts: the target itself, its change from the last value, log1p of it, or its change from
   * one season earlier. Metrics, charts and exports are always in the target's original units. */
  targetTransform?: TargetTransform;
  /** Levels of the split-conformal prediction intervals (e.g. 0.8 and 0.95); empty: none. */
  intervals?: number[];
  /** Explicit row boundaries instead of the split fractions: one fold of a backtest (see core/forecast/backtest-folds.ts). */
  rowSplit?: RowBoundaries;
  /** A backtest's parent run: how its folds were laid out. */
  backtest?: BacktestSpec;
}

export type TargetTransform = 'none' | 'difference' | 'log' | 'seasonal-difference';
export const TARGET_TRANSFORMS: readonly TargetTransform[] = ['none', 'difference', 'log', 'seasonal-difference'];

/** Half-open row ranges over the cleaned rows: train [trainStart, validationStart), validation up to testStart,
 * test up to testEnd. Rows outside them are not used (a sliding backtest's early rows, a fold's later rows). */
export interface RowBoundaries {
  trainStart: number;
  validationStart: number;
  testStart: number;
  testEnd: number;
}

/** Rolling-origin evaluation: `folds` runs whose test blocks follow one another up to the file's end; the training
 * part grows (expanding) or keeps its length (sliding). */
export interface BacktestSpec {
  folds: number;
  mode: 'expanding' | 'sliding';
}

export type OptimizerName = 'adam' | 'rmsprop' | 'sgd';

export type ThreadsChoice = 'auto' | number;

/** How the recurrent and output weights start: 'uniform' is PyTorch's scheme (every weight and bias uniform in
 * ±1/sqrt(units)); 'glorot' is Keras' (Glorot-uniform inputs, orthogonal recurrent weights, zero biases). */
export type InitializerName = 'uniform' | 'glorot';
export const INITIALIZERS: readonly InitializerName[] = ['uniform', 'glorot'];
export const OPTIMIZERS: readonly OptimizerName[] = ['adam', 'rmsprop', 'sgd'];

/** Text classification: a text column read word by word (Embedding -> RNN -> Dense) predicts a label column. */
export interface TextConfig extends TrainingControl {
  task: 'text';
  datasetId: string;
  textColumn: string;
  labelColumn: string;
  cell: CellType;
  layers: number;
  hiddenUnits: number;
  bidirectional: boolean;
  embeddingDim: number;
  /** Tokens per review after padding/truncation. */
  maxLength: number;
  /** Vocabulary cap, the two reserved entries ([UNK], [PAD]) included. */
  vocabSize: number;
  /** Words seen fewer times than this in the training split become [UNK]. */
  minFrequency: number;
  /** Which end of a too-long text is cut off. */
  truncate: 'start' | 'end';
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Fractions of a seeded random split, stratified by label: train, validation; test is the rest. */
  split: { train: number; validation: number };
  backend: BackendChoice;
  /** Threads that share each training batch, as ForecastConfig.threads. Optional: text runs logged before it
   * existed trained on one thread. */
  threads?: ThreadsChoice;
}

export type RunConfig = ForecastConfig | TextConfig;
export type TaskType = RunConfig['task'];
