// Runs in: renderer and main. Defaults and the validation schema for a forecast run's settings.
import { z } from 'zod';
import type { ForecastConfig, TextConfig, TrainingControl } from './config';
import type { MissingPolicy } from './forecast-data';
import { textKeyed } from '../util/text-keys';

/** Adam, no dropout, early stopping off: what both tasks train with unless told otherwise. */
export const CONTROL_DEFAULTS: Required<TrainingControl> = {
  optimizer: 'adam',
  dropout: 0,
  recurrentDropout: 0,
  earlyStopping: false,
  patience: 5,
  minDelta: 0,
};

/** The course's first exercise: one SimpleRNN layer of 32 units over 5 past hours. */
export const FORECAST_DEFAULTS: Required<Omit<ForecastConfig, 'datasetId' | 'target' | 'features' | 'rowSplit' | 'backtest'>> = {
  task: 'forecast',
  window: 5,
  horizon: 1,
  cell: 'SimpleRNN',
  layers: 1,
  hiddenUnits: 32,
  bidirectional: false,
  epochs: 10,
  batchSize: 64,
  learningRate: 0.001,
  seed: 0,
  split: { train: 0.7, validation: 0.15 },
  backend: 'auto',
  ...CONTROL_DEFAULTS,
  missing: {},
  sentinels: [],
  stride: 1,
  // Measured on the whole Szeged file (window 64, 3 epochs): PyTorch's uniform start reaches the course's
  // PyTorch errors for all four models, Keras' Glorot/orthogonal start leaves SimpleRNN x3 at 0.750 (target 0.669).
  initializer: 'uniform',
  // Every core for one run: the batch is shared among the machine's cores (see ForecastConfig.threads); batches
  // too small to split (under 16 windows a thread) run on one thread anyway.
  threads: 'auto',
  targetTransform: 'none',
  intervals: [0.8, 0.95],
};

const int = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a number` })
    .int({ error: `${label} must be a whole number` })
    .min(min, { error: `${label} must be at least ${min}` })
    .max(max, { error: `${label} must be at most ${max}` });

/** A dropout rate: 0 (off) up to, not including, 1 (which would drop everything). */
const fraction = (label: string) =>
  z
    .number({ error: `${label} must be a number` })
    .min(0, { error: `${label} must be at least 0` })
    .lt(1, { error: `${label} must be below 1` });

export const forecastConfigSchema = z
  .object({
    task: z.literal('forecast'),
    datasetId: z.string().regex(/^[0-9a-f]{64}$/, { error: 'Dataset id must be a sha256 hex string' }),
    target: z.string().min(1, { error: 'Choose a target column' }),
    features: z.array(z.string().min(1)).min(1, { error: 'Choose at least one input column' }).max(64),
    window: int('Window', 1, 10_000),
    horizon: int('Horizon', 1, 1_000),
    cell: z.enum(['SimpleRNN', 'GRU', 'LSTM'], { error: 'Cell must be SimpleRNN, GRU or LSTM' }),
    layers: int('Layers', 1, 4),
    hiddenUnits: int('Hidden units', 1, 1024),
    bidirectional: z.boolean(),
    epochs: int('Epochs', 1, 1000),
    batchSize: int('Batch size', 1, 65_536),
    learningRate: z
      .number({ error: 'Learning rate must be a number' })
      .gt(0, { error: 'Learning rate must be greater than 0' })
      .max(10, { error: 'Learning rate must be at most 10' }),
    seed: int('Seed', 0, 2 ** 31 - 1),
    split: z
      .object({
        train: z.number().gt(0).lt(1),
        validation: z.number().gt(0).lt(1),
      })
      .refine((s) => s.train + s.validation < 1, {
        error: 'Train and validation fractions must leave some data for the test split',
      }),
    backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']),
    // Defaults keep configs from before these fields (older runs, saved forms) valid.
    optimizer: z
      .enum(['adam', 'rmsprop', 'sgd'], { error: 'Optimizer must be adam, rmsprop or sgd' })
      .default(FORECAST_DEFAULTS.optimizer),
    dropout: fraction('Dropout').default(FORECAST_DEFAULTS.dropout),
    recurrentDropout: fraction('Recurrent dropout').default(FORECAST_DEFAULTS.recurrentDropout),
    earlyStopping: z.boolean().default(FORECAST_DEFAULTS.earlyStopping),
    patience: int('Patience', 1, 1000).default(FORECAST_DEFAULTS.patience),
    minDelta: z
      .number({ error: 'Minimum improvement must be a number' })
      .min(0, { error: 'Minimum improvement must be at least 0' })
      .max(1000, { error: 'Minimum improvement must be at most 1000' })
      .default(FORECAST_DEFAULTS.minDelta),
    missing: columnKeyed(z.enum(['drop', 'ffill', 'interpolate'], { error: 'Missing-value policy must be drop, ffill or interpolate' }))
      .default(() => textKeyed<MissingPolicy>()),
    sentinels: z
      .array(z.object({ column: z.string().min(1), value: z.number({ error: 'A missing-value marker must be a number' }) }).strict())
      .max(64)
      .default([]),
    stride: int('Stride', 1, 10_000).default(FORECAST_DEFAULTS.stride),
    // Absent on runs logged before the setting existed, which started from Glorot weights.
    initializer: z.enum(['uniform', 'glorot'], { error: 'Initial weights must be uniform or glorot' }).default('glorot'),
    // Absent on runs logged before the setting existed, which trained on one thread.
    threads: z
      .union([z.literal('auto'), int('Threads', 1, 64)], { error: 'Threads must be auto or a whole number from 1 to 64' })
      .default(1),
    // Absent on runs logged before issue 15: they predicted the raw target and had no intervals.
    targetTransform: z
      .enum(['none', 'difference', 'log', 'seasonal-difference'], { error: 'Target transform must be none, difference, log or seasonal-difference' })
      .default('none'),
    intervals: z
      .array(
        z
          .number({ error: 'An interval level must be a number' })
          .gt(0, { error: 'An interval level must be above 0 (e.g. 0.8 for 80%)' })
          .lt(1, { error: 'An interval level must be below 1 (e.g. 0.95 for 95%)' }),
      )
      .max(5, { error: 'At most 5 interval levels' })
      .default([]),
    rowSplit: z
      .object({ trainStart: int('Train start', 0, 1e9), validationStart: int('Validation start', 1, 1e9), testStart: int('Test start', 2, 1e9), testEnd: int('Test end', 3, 1e9) })
      .strict()
      .refine((r) => r.trainStart < r.validationStart && r.validationStart < r.testStart && r.testStart < r.testEnd, {
        error: 'Row boundaries must rise: train start < validation start < test start < test end',
      })
      .optional(),
    backtest: z.object({ folds: int('Folds', 2, 50), mode: z.enum(['expanding', 'sliding']) }).strict().optional(),
  })
  .strict();

/** The course's IMDB model: Embedding 64 -> LSTM 64 over the first 200 words, vocabulary 10,000, 5 epochs. */
export const TEXT_DEFAULTS: Omit<TextConfig, 'datasetId' | 'textColumn' | 'labelColumn'> = {
  task: 'text',
  cell: 'LSTM',
  layers: 1,
  hiddenUnits: 64,
  bidirectional: false,
  embeddingDim: 64,
  maxLength: 200,
  vocabSize: 10_000,
  minFrequency: 1,
  truncate: 'end',
  epochs: 5,
  batchSize: 64,
  learningRate: 0.001,
  seed: 0,
  split: { train: 0.7, validation: 0.15 },
  backend: 'auto',
  ...CONTROL_DEFAULTS,
  // As for forecasts: the batch is shared among the run's cores (the fused text net on two threads trains about
  // twice as fast as on one); batches too small to split run on one thread anyway.
  threads: 'auto',
};

// The fields both tasks share, taken from the forecast schema so their messages stay identical.
const shared = forecastConfigSchema.shape;

export const textConfigSchema = z
  .object({
    task: z.literal('text'),
    datasetId: shared.datasetId,
    textColumn: z.string().min(1, { error: 'Choose a text column' }),
    labelColumn: z.string().min(1, { error: 'Choose a label column' }),
    cell: shared.cell,
    layers: shared.layers,
    hiddenUnits: shared.hiddenUnits,
    bidirectional: shared.bidirectional,
    embeddingDim: int('Embedding dimension', 1, 1024),
    maxLength: int('Max length', 1, 5_000),
    // Two entries are reserved ([UNK], [PAD]), so a useful vocabulary has at least one word more.
    vocabSize: int('Vocabulary size', 3, 200_000),
    minFrequency: int('Minimum frequency', 1, 1_000_000),
    truncate: z.enum(['start', 'end'], { error: 'Truncate must be start or end' }),
    epochs: shared.epochs,
    batchSize: shared.batchSize,
    learningRate: shared.learningRate,
    seed: shared.seed,
    split: shared.split,
    backend: shared.backend,
    optimizer: shared.optimizer,
    dropout: shared.dropout,
    recurrentDropout: shared.recurrentDropout,
    earlyStopping: shared.earlyStopping,
    patience: shared.patience,
    minDelta: shared.minDelta,
    // Absent on text runs logged before the setting existed, which trained on one thread.
    threads: shared.threads,
  })
  .strict();

/** Either task's settings, told apart by `task`. */
export const runConfigSchema = z.discriminatedUnion('task', [forecastConfigSchema, textConfigSchema], {
  error: 'Task must be forecast or text',
});

/**
 * An object from column names to values, kept whole: z.record drops a '__proto__' key (its result is a plain {} that
 * the assignment re-prototypes), and a column may well be called that. The result has no prototype.
 */
function columnKeyed<V extends z.ZodType>(value: V) {
  // Typed as the record it checks (callers send Record<string, V>), checked below whatever it really is.
  return z.custom<Record<string, z.input<V>>>(() => true).transform((input: unknown, ctx) => {
    const out = textKeyed<z.output<V>>();
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      ctx.issues.push({ code: 'custom', message: 'Expected an object from column names to values', input });
      return out;
    }
    for (const [key, raw] of Object.entries(input)) {
      if (key === '') {
        ctx.issues.push({ code: 'custom', message: 'A column name must not be empty', input: key });
        continue;
      }
      const parsed = value.safeParse(raw);
      if (parsed.success) out[key] = parsed.data;
      else for (const issue of parsed.error.issues) ctx.issues.push({ ...issue, path: [key, ...issue.path] } as never);
    }
    return out;
  });
}

/** Validate an untrusted config; throws a UserError-friendly message via `describeZodError`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
