// Runs in: vitest (Node). The sweep form's parsing: comma-separated values checked like a single run's settings,
// the number of runs grid and random mode make, and a message for every field that is wrong.
import { describe, expect, it } from 'vitest';
import type { ForecastConfig } from '../../shared/model/config';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { countCombinations, emptyDraft, parseValues, planSweep, type SweepDraft } from '../../renderer/sweeps/sweep-form';

const BASE: ForecastConfig = { ...FORECAST_DEFAULTS, datasetId: 'ab'.repeat(32), target: 'T', features: ['T'] };

function draft(change: Partial<Omit<SweepDraft, 'values'>> & { values?: Partial<SweepDraft['values']> } = {}): SweepDraft {
  const start = emptyDraft('hidden and cell');
  return { ...start, ...change, values: { ...start.values, ...change.values } };
}

describe('sweep form', () => {
  it('counts every combination of the listed values in grid mode and builds the spec', () => {
    const plan = planSweep(draft({ values: { hiddenUnits: '8, 16,32', window: '5 10' }, cells: ['GRU', 'LSTM'], concurrency: '2' }), BASE);
    expect(plan.errors).toEqual({});
    expect(plan.combinations).toBe(12);
    expect(plan.runs).toBe(12);
    expect(plan.spec).toEqual({
      name: 'hidden and cell',
      base: BASE,
      mode: 'grid',
      values: { window: [5, 10], hiddenUnits: [8, 16, 32], cell: ['GRU', 'LSTM'] },
      seed: 0,
      concurrency: 2,
    });
  });

  it('says where the trials run: nothing for this machine (as before), runOn workers for the queue', () => {
    expect(planSweep(draft({ values: { window: '5, 10' } }), BASE).spec).not.toHaveProperty('runOn');
    expect(planSweep(draft({ values: { window: '5, 10' }, runOn: 'workers' }), BASE).spec).toMatchObject({ runOn: 'workers', values: { window: [5, 10] } });
  });

  it('makes `samples` runs in random mode, at most the grid', () => {
    const ok = planSweep(draft({ mode: 'random', samples: '3', values: { learningRate: '0.001, 0.01', dropout: '0, 0.2' } }), BASE);
    expect(ok.runs).toBe(3);
    expect(ok.combinations).toBe(4);
    expect(ok.spec?.samples).toBe(3);
    const tooMany = planSweep(draft({ mode: 'random', samples: '5', values: { learningRate: '0.001, 0.01', dropout: '0, 0.2' } }), BASE);
    expect(tooMany.spec).toBeNull();
    expect(tooMany.errors.samples).toBe('Only 4 combinations exist: ask for at most 4, or use grid');
  });

  it('checks each value as a run setting would be checked, naming the value', () => {
    expect(parseValues('hiddenUnits', '8, 16.5')).toEqual({ error: 'Hidden units must be a whole number ("16.5")' });
    expect(parseValues('layers', '1, 5')).toEqual({ error: 'Layers must be at most 4 ("5")' });
    expect(parseValues('dropout', '0, 1')).toEqual({ error: 'Dropout must be below 1 ("1")' });
    expect(parseValues('learningRate', '0')).toEqual({ error: 'Learning rate must be greater than 0 ("0")' });
    expect(parseValues('window', '8, abc')).toEqual({ error: 'Window: "abc" is not a number' });
    expect(parseValues('window', '8, 8')).toEqual({ error: 'Window: 8 is listed twice' });
    expect(parseValues('window', '')).toEqual({ values: [] });
  });

  it('blocks a sweep that varies nothing, has no name, a bad seed or concurrency outside 1-4', () => {
    const plan = planSweep(draft({ name: '  ', seed: '-1', concurrency: '5' }), BASE);
    expect(plan.spec).toBeNull();
    expect(plan.errors).toEqual({
      values: expect.stringMatching(/at least one setting/),
      name: 'Give the sweep a name',
      seed: 'Seed must be between 0 and 2147483647',
      concurrency: 'Runs at once must be between 1 and 4',
    });
    const bad = planSweep(draft({ values: { hiddenUnits: '8, x' } }), BASE);
    expect(bad.spec).toBeNull();
    expect(bad.errors.hiddenUnits).toBe('Hidden units: "x" is not a number');
  });

  it('refuses a grid over 500 runs and points to random mode', () => {
    const values = { window: '1,2,3,4,5,6,7,8', hiddenUnits: '1,2,3,4,5,6,7,8', learningRate: '0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9' };
    const plan = planSweep(draft({ values }), BASE);
    expect(plan.combinations).toBe(576);
    expect(plan.errors.values).toBe('576 combinations is more than 500 runs: use fewer values, or random with samples');
    expect(planSweep(draft({ values, mode: 'random', samples: '20' }), BASE).spec?.samples).toBe(20);
    expect(countCombinations({})).toBe(1);
  });
});
