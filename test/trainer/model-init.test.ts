// Runs in: vitest (node). The two weight initialisations a forecast model can start from.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { buildForecastModel } from '../../main/trainer/model';
import { FORECAST_DEFAULTS, forecastConfigSchema } from '../../shared/model/run-config';

const spec = { cell: 'GRU' as const, layers: 2, hiddenUnits: 16, bidirectional: false, window: 4, features: 3, horizon: 2, learningRate: 0.001, seed: 5 };

function weightsOf(initializer: 'uniform' | 'glorot'): { name: string; values: Float32Array }[] {
  const model = buildForecastModel({ ...spec, initializer });
  const weights = model.getWeights().map((w, i) => ({ name: model.weights[i].name, values: w.dataSync() as Float32Array }));
  model.dispose();
  return weights;
}

describe('forecast model initialisation', () => {
  test("'uniform' draws every weight and bias within ±1/sqrt(units), as PyTorch does", () => {
    const bound = 1 / Math.sqrt(spec.hiddenUnits);
    for (const { name, values } of weightsOf('uniform')) {
      const max = Math.max(...Array.from(values, Math.abs));
      expect(max, name).toBeLessThanOrEqual(bound + 1e-7);
      // Not all zero: biases start random too.
      expect(max, name).toBeGreaterThan(bound / 4);
    }
  });

  test("'glorot' starts biases at zero and differs from 'uniform'", () => {
    const glorot = weightsOf('glorot');
    const biases = glorot.filter((w) => w.name.includes('bias') && !w.name.includes('dense'));
    expect(biases.length).toBeGreaterThan(0);
    for (const { values } of biases) expect(Array.from(values).every((v) => v === 0)).toBe(true);
    expect(Array.from(glorot[0].values)).not.toEqual(Array.from(weightsOf('uniform')[0].values));
  });

  test('new runs default to uniform; configs logged before the setting existed read as glorot', () => {
    expect(FORECAST_DEFAULTS.initializer).toBe('uniform');
    const { initializer: _omit, ...older } = { ...FORECAST_DEFAULTS, datasetId: 'a'.repeat(64), target: 't', features: ['t'] };
    expect(forecastConfigSchema.parse(older).initializer).toBe('glorot');
  });

  test('the same seed gives the same start', () => {
    const a = weightsOf('uniform');
    const b = weightsOf('uniform');
    expect(a.map((w) => Array.from(w.values))).toEqual(b.map((w) => Array.from(w.values)));
    tf.disposeVariables();
  });
});
