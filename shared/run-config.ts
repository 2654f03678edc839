// Runs in: renderer and main. Defaults and the validation schema for a forecast run's settings.
import { z } from 'zod';
import type { ForecastConfig } from './api';

/** The course's first exercise: one SimpleRNN layer of 32 units over 5 past hours. */
export const FORECAST_DEFAULTS: Omit<ForecastConfig, 'datasetId' | 'target' | 'features'> = {
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
};

const int = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a number` })
    .int({ error: `${label} must be a whole number` })
    .min(min, { error: `${label} must be at least ${min}` })
    .max(max, { error: `${label} must be at most ${max}` });

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
  })
  .strict();

/** Validate an untrusted config; throws a UserError-friendly message via `describeZodError`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
