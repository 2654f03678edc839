// Runs in: vitest (Node). Sweep expansion: grid order and size, seeded random draws, and every combination
// checked as a run config before a sweep starts.
import { describe, expect, it } from 'vitest';
import type { ForecastConfig, TextConfig } from '../../shared/model/config';
import type { DatasetSummary } from '../../shared/model/dataset';
import { FORECAST_DEFAULTS, TEXT_DEFAULTS } from '../../shared/model/run-config';
import { checkAgainstData } from '../../main/backend/datasets/check-against-data';
import { combinationOf, describeCombination, expandSweep, gridSize, interruptedCombinations, plannedCount, sweepConfigs } from '../../main/backend/experiments/sweep-expand';

const SHA = 'a'.repeat(64);
const forecast: ForecastConfig = { ...FORECAST_DEFAULTS, datasetId: SHA, target: 'T', features: ['T'] };
const text: TextConfig = { ...TEXT_DEFAULTS, datasetId: SHA, textColumn: 'review', labelColumn: 'sentiment' };
const summary = { fileName: 'w.csv', rowsUsed: 100, columns: [{ name: 'T', type: 'number' }] } as unknown as DatasetSummary;

describe('grid sweeps', () => {
  it('runs every combination, the first setting (in SWEEP_PARAMS order) varying slowest', () => {
    // Keys given out of order: expansion still follows window, hiddenUnits, ..., cell.
    const values = { cell: ['GRU', 'LSTM'] as ('GRU' | 'LSTM')[], window: [3, 6], hiddenUnits: [4, 8, 16] };
    const { combinations, notes } = expandSweep({ mode: 'grid', values, seed: 0 });
    expect(gridSize(values)).toBe(12);
    expect(combinations).toHaveLength(12);
    expect(notes).toEqual([]);
    expect(combinations.slice(0, 3)).toEqual([
      { window: 3, hiddenUnits: 4, cell: 'GRU' },
      { window: 3, hiddenUnits: 4, cell: 'LSTM' },
      { window: 3, hiddenUnits: 8, cell: 'GRU' },
    ]);
    expect(combinations[11]).toEqual({ window: 6, hiddenUnits: 16, cell: 'LSTM' });
    expect(new Set(combinations.map((c) => JSON.stringify(c))).size).toBe(12);
    expect(describeCombination(combinations[0])).toBe('window 3, hidden units 4, cell GRU');
  });

  it('ignores repeated values and refuses a sweep that varies nothing', () => {
    expect(expandSweep({ mode: 'grid', values: { layers: [1, 1, 2] }, seed: 0 }).combinations).toEqual([{ layers: 1 }, { layers: 2 }]);
    expect(() => expandSweep({ mode: 'grid', values: {}, seed: 0 })).toThrow(/at least one setting to vary/);
  });
});

describe('random sweeps', () => {
  const values = { window: [2, 4, 6, 8], hiddenUnits: [4, 8, 16], learningRate: [0.01, 0.001] };

  it('draws distinct combinations from the grid, the same ones for the same seed', () => {
    const a = expandSweep({ mode: 'random', values, samples: 10, seed: 7 }).combinations;
    const b = expandSweep({ mode: 'random', values, samples: 10, seed: 7 }).combinations;
    const c = expandSweep({ mode: 'random', values, samples: 10, seed: 8 }).combinations;
    expect(a).toHaveLength(10);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(new Set(a.map((x) => JSON.stringify(x))).size).toBe(10);
    const grid = expandSweep({ mode: 'grid', values, seed: 0 }).combinations.map((x) => JSON.stringify(x));
    for (const combination of a) expect(grid).toContain(JSON.stringify(combination));
  });

  it('caps the draw at the grid size and says so', () => {
    const { combinations, notes } = expandSweep({ mode: 'random', values: { layers: [1, 2, 3] }, samples: 5, seed: 1 });
    expect(combinations.map((c) => c.layers).sort()).toEqual([1, 2, 3]);
    expect(notes).toEqual(['Only 3 distinct combinations exist, so the sweep runs 3, not 5.']);
    expect(plannedCount({ mode: 'random', values: { layers: [1, 2, 3] }, samples: 5 })).toBe(3);
    expect(() => expandSweep({ mode: 'random', values: { layers: [1, 2] }, seed: 1 })).toThrow(/needs "samples"/);
  });

  it('draws from grids too large to list', () => {
    const big = { window: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], hiddenUnits: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], layers: [1, 2, 3, 4],
      learningRate: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], dropout: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
      cell: ['SimpleRNN', 'GRU', 'LSTM'] as ('SimpleRNN' | 'GRU' | 'LSTM')[] };
    expect(gridSize(big)).toBe(120_000);
    const { combinations } = expandSweep({ mode: 'random', values: big, samples: 300, seed: 3 });
    expect(new Set(combinations.map((x) => JSON.stringify(x))).size).toBe(300);
  });
});

describe('checking combinations before a sweep starts', () => {
  it('returns full configs for valid combinations', () => {
    const configs = sweepConfigs(forecast, [{ window: 3, cell: 'GRU' }, { window: 6, cell: 'LSTM' }], (c) => checkAgainstData(c, summary));
    expect(configs.map((c) => c.task === 'forecast' && [c.window, c.cell])).toEqual([[3, 'GRU'], [6, 'LSTM']]);
    expect(configs[0].hiddenUnits).toBe(FORECAST_DEFAULTS.hiddenUnits);
  });

  it('names the combination that cannot run', () => {
    expect(() => sweepConfigs(forecast, [{ dropout: 0.2 }, { dropout: 1 }])).toThrow(/combination dropout 1 is not a valid run: dropout: Dropout must be below 1/);
    expect(() => sweepConfigs(forecast, [{ window: 5 }, { window: 90 }], (c) => checkAgainstData(c, summary))).toThrow(
      /combination window 90 cannot run: Window 90 \+ horizon 1 needs at least 91 rows in the training split, which has 70/,
    );
    expect(() => sweepConfigs(forecast, [{ hiddenUnits: 0 }])).toThrow(/hidden units 0.*Hidden units must be at least 1/);
  });

  it('refuses window on a text sweep', () => {
    expect(() => sweepConfigs(text, [{ window: 5 }])).toThrow(/Window applies to forecast runs only/);
    expect(sweepConfigs(text, [{ hiddenUnits: 8 }])[0]).toMatchObject({ task: 'text', hiddenUnits: 8 });
  });
});

describe('resuming after a crash', () => {
  it('queues again the combinations whose only runs were cut off, once', () => {
    const run = (status: string, hiddenUnits: number) => ({ status, config: { ...forecast, hiddenUnits } });
    const runs = [run('completed', 2), run('interrupted', 4), run('interrupted', 8), run('completed', 8), run('interrupted', 16), run('interrupted', 16)];
    expect(interruptedCombinations(['hiddenUnits'], runs, [{ hiddenUnits: 32 }])).toEqual([{ hiddenUnits: 4 }, { hiddenUnits: 16 }]);
    // Already queued again (the app re-queues runs it kills on quit): not twice.
    expect(interruptedCombinations(['hiddenUnits'], runs, [{ hiddenUnits: 4 }])).toEqual([{ hiddenUnits: 16 }]);
    expect(combinationOf({ ...forecast, window: 7, cell: 'GRU' }, ['window', 'cell'])).toEqual({ window: 7, cell: 'GRU' });
  });
});
