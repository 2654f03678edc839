// Runs in: vitest (jsdom). The setup form's training-control fields and model summary, and a finished run's
// metrics against every baseline, its skill in words, error by horizon step and residuals chart.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { configFor, makeRun } from '../support/fake-api';
import { importSzegedSample, renderApp } from '../support/render-app';
import type { ForecastMetrics } from '../../shared/model/metrics';
import type { RunDetail } from '../../shared/model/run';

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;
const setNumber = (name: string, value: string) => fireEvent.input(screen.getByRole('spinbutton', { name }), { target: { value } });

describe('setup: training control and model summary', () => {
  it('offers optimizer, dropout and early stopping, and sends them with the config', async () => {
    const fake = renderApp();
    await importSzegedSample();
    const optimizer = screen.getByRole('combobox', { name: 'Optimizer' }) as HTMLSelectElement;
    expect([...optimizer.options].map((o) => o.value)).toEqual(['adam', 'rmsprop', 'sgd']);
    expect(optimizer.value).toBe('adam');
    // Patience and minimum improvement only matter (and only show) with early stopping on.
    expect(screen.queryByRole('spinbutton', { name: 'Patience' })).toBeNull();
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Early stopping' }));
    expect((screen.getByRole('spinbutton', { name: 'Patience' }) as HTMLInputElement).value).toBe('5');

    await fireEvent.change(optimizer, { target: { value: 'sgd' } });
    await setNumber('Dropout', '0.2');
    await setNumber('Recurrent dropout', '0.1');
    await setNumber('Patience', '3');
    await setNumber('Minimum improvement', '0.001');
    await fireEvent.click(button('Train'));
    await waitFor(() => expect(fake.api.startTraining).toHaveBeenCalledTimes(1));
    expect(fake.api.startTraining).toHaveBeenCalledWith(
      configFor({ optimizer: 'sgd', dropout: 0.2, recurrentDropout: 0.1, earlyStopping: true, patience: 3, minDelta: 0.001 }),
    );
  });

  it('refuses a dropout of 1 with a message beside the field', async () => {
    const fake = renderApp();
    await importSzegedSample();
    await setNumber('Dropout', '1');
    await fireEvent.click(button('Train'));
    expect(await screen.findByText('Dropout must be below 1')).toBeTruthy();
    expect(fake.api.startTraining).not.toHaveBeenCalled();
  });

  it('shows the layer count and parameter count before training, and follows the settings', async () => {
    renderApp();
    await importSzegedSample();
    // SimpleRNN 32 over one input: 32 * (1 + 32 + 1) = 1,088, plus Dense 32 + 1.
    expect(screen.getByText('1 layer · 1,121 parameters')).toBeTruthy();
    await setNumber('Layers', '2');
    // The second layer reads 32 units: 32 * (32 + 32 + 1) = 2,080 more.
    expect(await screen.findByText('2 layers · 3,201 parameters')).toBeTruthy();
    await fireEvent.change(screen.getByRole('combobox', { name: 'Cell' }), { target: { value: 'LSTM' } });
    // Four gates each: 4 * 1,088 + 4 * 2,080 + 33.
    expect(await screen.findByText('2 layers · 12,705 parameters')).toBeTruthy();
  });
});

function metrics(mae: number, extra: Partial<ForecastMetrics> = {}): ForecastMetrics {
  return { mae, rmse: mae * 1.4, mape: 10, mapeSkipped: 0, smape: 9, mase: mae / 2, r2: 0.9, ...extra };
}

function evaluatedRun(): RunDetail {
  const run = makeRun(7, configFor({ horizon: 3, features: ['Temperature (C)', 'Humidity'] }));
  const steps = (a: number, b: number, c: number) => ({ byStep: { mae: [a, b, c], rmse: [a * 1.3, b * 1.3, c * 1.3] } });
  return {
    ...run,
    metrics: {
      validation: metrics(0.9, steps(0.6, 0.9, 1.2)),
      test: metrics(0.88, { ...steps(0.5, 0.9, 1.24), mapeSkipped: 4 }),
      skill: { baseline: 'seasonalNaive', value: 0.12 },
      seasonalPeriod: 24,
      bestEpoch: 6,
      stoppedEarly: true,
    },
    baselines: {
      persistence: metrics(1.2, steps(0.6, 1.2, 1.8)),
      seasonalNaive: metrics(1.0, steps(1, 1, 1)),
      windowMean: metrics(2.1, steps(2, 2.1, 2.2)),
      drift: metrics(1.5, steps(0.7, 1.5, 2.3)),
      linear: metrics(1.1, steps(0.6, 1.1, 1.6)),
    },
  };
}

describe('a finished run against every baseline', () => {
  it('shows every metric for the model and every baseline, highlights the best one and states the skill', async () => {
    renderApp([evaluatedRun()]);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 7' }));
    const table = await screen.findByRole('table', { name: /Metrics/ });
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent?.trim());
    expect(headers).toEqual([
      'Metric',
      'Model, validation',
      'Model, test',
      'persistence',
      'seasonal naive (best baseline)',
      'mean of the window',
      'drift',
      'linear regression',
    ]);
    const rowNames = within(table).getAllByRole('rowheader').map((h) => h.textContent?.trim());
    expect(rowNames).toEqual(['MAE', 'RMSE', 'MAPE', 'sMAPE', 'MASE', 'R²']);
    const maeCells = within(within(table).getByRole('row', { name: /^MAE/ })).getAllByRole('cell');
    expect(maeCells.map((c) => c.textContent?.trim())).toEqual(['0.9', '0.88', '1.2', '1', '2.1', '1.5', '1.1']);
    expect(maeCells[3].classList.contains('best')).toBe(true);
    expect(screen.getByText('Model: 12% lower MAE than the best baseline, seasonal naive.')).toBeTruthy();
    expect(screen.getByText(/MAPE leaves out 4 test targets equal to 0/)).toBeTruthy();
    expect(screen.getByText('epoch 6 (early stop)')).toBeTruthy();

    const steps = screen.getByRole('table', { name: 'Test error by horizon step' });
    const stepRows = within(steps).getAllByRole('row').slice(1);
    expect(stepRows.map((row) => [...row.children].map((c) => c.textContent?.trim()))).toEqual([
      ['1', '0.5', '0.65', '1'],
      ['2', '0.9', '1.17', '1'],
      ['3', '1.24', '1.612', '1'],
    ]);
    expect(screen.getByRole('img', { name: 'Residuals chart' })).toBeTruthy();
  });

  it('says "worse than" when the model loses to the best baseline', async () => {
    const run = evaluatedRun();
    run.metrics = { ...run.metrics!, skill: { baseline: 'persistence', value: -0.3 } };
    renderApp([run]);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 7' }));
    expect(await screen.findByText('Model: Worse than the best baseline, persistence: 30% higher MAE.')).toBeTruthy();
  });

  it('past double the baseline\'s error, says how many times, as the backtest does', async () => {
    const run = evaluatedRun();
    run.metrics = { ...run.metrics!, skill: { baseline: 'persistence', value: -2.445 } };
    renderApp([run]);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 7' }));
    expect(await screen.findByText('Model: Worse than the best baseline, persistence: 3.445 times its MAE.')).toBeTruthy();
  });

  it('shows an older run that only has persistence without empty rows', async () => {
    renderApp([makeRun(2, configFor())]);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 2' }));
    const table = await screen.findByRole('table', { name: /Metrics/ });
    expect(within(table).getAllByRole('rowheader').map((h) => h.textContent?.trim())).toEqual(['MAE', 'RMSE', 'MAPE']);
    expect(screen.queryByRole('table', { name: 'Test error by horizon step' })).toBeNull();
    expect(screen.getByText('Model: 50% lower MAE than the best baseline, persistence.')).toBeTruthy();
  });
});
