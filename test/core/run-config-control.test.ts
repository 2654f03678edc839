// Runs in: vitest (Node). The training-control settings in the shared schema: defaults for configs logged before
// they existed, and clear messages for bad values.
import { describe, expect, it } from 'vitest';
import { FORECAST_DEFAULTS, describeZodError, forecastConfigSchema } from '../../shared/model/run-config';

const older = {
  task: 'forecast',
  datasetId: 'a'.repeat(64),
  target: 'Temperature (C)',
  features: ['Temperature (C)'],
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

describe('forecastConfigSchema training control', () => {
  it('fills in adam, no dropout and no early stopping for a config without those fields', () => {
    const parsed = forecastConfigSchema.parse(older);
    expect(parsed).toMatchObject({ optimizer: 'adam', dropout: 0, recurrentDropout: 0, earlyStopping: false, patience: 5, minDelta: 0 });
    expect(FORECAST_DEFAULTS).toMatchObject({ optimizer: 'adam', dropout: 0, earlyStopping: false });
  });

  it('keeps given values and refuses out-of-range ones with a message per field', () => {
    const ok = forecastConfigSchema.parse({ ...older, optimizer: 'rmsprop', dropout: 0.5, earlyStopping: true, patience: 2, minDelta: 0.01 });
    expect(ok).toMatchObject({ optimizer: 'rmsprop', dropout: 0.5, earlyStopping: true, patience: 2, minDelta: 0.01 });
    const bad = forecastConfigSchema.safeParse({ ...older, optimizer: 'adamw', dropout: 1, recurrentDropout: -0.1, patience: 0, minDelta: -1 });
    expect(bad.success).toBe(false);
    const message = describeZodError(bad.error!);
    expect(message).toContain('optimizer: Optimizer must be adam, rmsprop or sgd');
    expect(message).toContain('dropout: Dropout must be below 1');
    expect(message).toContain('recurrentDropout: Recurrent dropout must be at least 0');
    expect(message).toContain('patience: Patience must be at least 1');
    expect(message).toContain('minDelta: Minimum improvement must be at least 0');
  });
});
