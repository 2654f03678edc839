// Runs in: vitest (jsdom). The renderer's pure decisions: status wording, default target, metric comparison, series.
import { describe, expect, it } from 'vitest';
import { lossSeries, predictionSeries } from '../../renderer/ui/charts/series';
import { defaultTarget, numericColumns } from '../../renderer/setup/form-defaults';
import { improvementPercent } from '../../renderer/training/metrics';
import { runStatusText, type RunStatusSource } from '../../renderer/ui/status-text';
import { SZEGED } from '../support/fake-api';

const run = (overrides: Partial<RunStatusSource>): RunStatusSource => ({
  runId: 3,
  status: 'running',
  backend: 'wasm',
  error: null,
  progress: null,
  totalEpochs: 10,
  ...overrides,
});

describe('runStatusText', () => {
  it('says where a running run is', () => {
    expect(runStatusText(run({ progress: { epoch: 4, batch: 120, batches: 700 } }), false)).toBe(
      'Run 3 · epoch 4/10 · batch 120/700 · wasm',
    );
    expect(runStatusText(run({}), false)).toBe('Run 3 · starting · wasm');
    expect(runStatusText(null, true)).toBe('Starting run…');
    expect(runStatusText(null, false)).toBe('No run yet');
  });

  it('ends with the outcome once the run is over', () => {
    expect(runStatusText(run({ status: 'completed' }), false)).toBe('Run 3 (wasm): Completed');
    expect(runStatusText(run({ status: 'stopped', backend: null }), false)).toBe('Run 3: Stopped');
    expect(runStatusText(run({ status: 'failed', error: 'Out of memory' }), false)).toBe('Run 3 (wasm): Failed: Out of memory');
  });
});

describe('defaultTarget', () => {
  it('prefers a column named like a target (target, y, OT, a temperature), else the last numeric one', () => {
    const numeric = numericColumns(SZEGED.columns);
    expect(numeric).toEqual(['Humidity', 'Temperature (C)', 'Apparent Temperature (C)', 'Pressure (millibars)']);
    expect(defaultTarget(numeric)).toBe('Temperature (C)');
    // ETTh1: the oil temperature, not the first load column.
    expect(defaultTarget(['HUFL', 'HULL', 'MUFL', 'MULL', 'LUFL', 'LULL', 'OT'])).toBe('OT');
    expect(defaultTarget(['x1', 'y', 'x2'])).toBe('y');
    expect(defaultTarget(['p (mbar)', 'T (degC)', 'wd (deg)'])).toBe('T (degC)');
    expect(defaultTarget(['Month index', 'Passengers'])).toBe('Passengers');
    expect(defaultTarget([])).toBe('');
  });
});

describe('improvementPercent', () => {
  it('is the share of the baseline error the model removes', () => {
    expect(improvementPercent(0.5, 1)).toBe(50);
    expect(improvementPercent(1.5, 1)).toBe(-50);
    expect(improvementPercent(1, 0)).toBeNull();
    expect(improvementPercent(null, 2)).toBeNull();
  });
});

describe('chart series', () => {
  it('uses times as x when the data has them, else the step index', () => {
    const withTimes = predictionSeries({ times: [1000, 2000], truth: [1, 2], predicted: [1.1, 2.1], persistence: [0.9, 1] });
    expect(withTimes.map((s) => s.label)).toEqual(['Truth', 'Model', 'Persistence']);
    expect(withTimes[1].points).toEqual([{ x: 1000, y: 1.1 }, { x: 2000, y: 2.1 }]);
    const withoutTimes = predictionSeries({ times: null, truth: [5, 6], predicted: [5, 6], persistence: [5, 5] });
    expect(withoutTimes[0].points.map((p) => p.x)).toEqual([0, 1]);
  });

  it('skips validation points for epochs without a validation loss', () => {
    const [train, validation] = lossSeries([
      { epoch: 1, loss: 0.2, valLoss: null, seconds: 1 },
      { epoch: 2, loss: 0.1, valLoss: 0.15, seconds: 1 },
    ]);
    expect(train.points).toEqual([{ x: 1, y: 0.2 }, { x: 2, y: 0.1 }]);
    expect(validation.points).toEqual([{ x: 2, y: 0.15 }]);
  });
});
