// Runs in: vitest (jsdom). Train and Stop, the live status line, and what a finished run shows.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { configFor } from '../support/fake-api';
import { importSzegedSample, renderApp } from '../support/render-app';

const status = () => screen.getByRole('status');
const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

async function setNumber(name: string, value: string): Promise<void> {
  await fireEvent.input(screen.getByRole('spinbutton', { name }), { target: { value } });
}

describe('training', () => {
  it('starts training with the config the form shows', async () => {
    const fake = renderApp();
    await importSzegedSample();

    await fireEvent.change(screen.getByRole('combobox', { name: 'Cell' }), { target: { value: 'GRU' } });
    await setNumber('Window', '24');
    await setNumber('Hidden units', '64');
    await setNumber('Layers', '2');
    await setNumber('Epochs', '3');
    await setNumber('Learning rate', '0.005');
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Bidirectional' }));
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Humidity' }));
    await fireEvent.change(screen.getByRole('combobox', { name: 'Backend' }), { target: { value: 'cpu' } });
    await fireEvent.click(button('Train'));

    await waitFor(() => expect(fake.api.startTraining).toHaveBeenCalledTimes(1));
    expect(fake.api.startTraining).toHaveBeenCalledWith(
      configFor({
        features: ['Humidity', 'Temperature (C)'],
        cell: 'GRU',
        window: 24,
        hiddenUnits: 64,
        layers: 2,
        bidirectional: true,
        epochs: 3,
        learningRate: 0.005,
        backend: 'cpu',
      }),
    );
  });

  it('reports progress while running and ends the status with Completed', async () => {
    const fake = renderApp();
    await importSzegedSample();
    await fireEvent.click(button('Train'));
    await waitFor(() => expect(fake.api.startTraining).toHaveBeenCalledWith(configFor()));
    const runId = (await fake.api.startTraining.mock.results[0].value).runId;

    fake.emit({ type: 'run-started', runId, backend: 'wasm' });
    fake.emit({ type: 'run-progress', runId, epoch: 4, batch: 120, batches: 700 });
    await waitFor(() => expect(status().textContent).toBe(`Run ${runId} · epoch 4/10 · batch 120/700 · wasm`));
    expect(status().getAttribute('aria-live')).toBe('polite');
    expect(button('Stop').disabled).toBe(false);
    expect(button('Train').disabled).toBe(true);

    fake.emit({ type: 'run-epoch', runId, epoch: { epoch: 1, loss: 0.05, valLoss: 0.06, seconds: 1 } });
    await waitFor(() =>
      expect(screen.getByRole('img', { name: 'Loss chart' }).getAttribute('aria-describedby')).toBeTruthy(),
    );
    // aria-describedby lists the chart's summary first, then the shown range.
    const lossSummary = document.getElementById(
      (screen.getByRole('img', { name: 'Loss chart' }).getAttribute('aria-describedby') ?? '').split(' ')[0],
    );
    await waitFor(() => expect(lossSummary?.textContent).toContain('train loss 0.05'));

    fake.finish(runId, 'completed');
    await waitFor(() => expect(status().textContent).toBe(`Run ${runId} (wasm): Completed`));
    expect(status().textContent?.endsWith('Completed')).toBe(true);
    expect(button('Stop').disabled).toBe(true);
    expect(fake.api.getRun).toHaveBeenCalledWith(runId);

    // Metrics against persistence (the fake's run has no other baseline): test MAE 0.5 vs 1 is 50 % lower.
    const metrics = await screen.findByRole('table', { name: /Metrics/ });
    const maeRow = within(metrics).getByRole('row', { name: /^MAE/ });
    expect(within(maeRow).getAllByRole('cell').map((cell) => cell.textContent?.trim())).toEqual(['0.61', '0.5', '1']);
    expect(screen.getByText('Model: 50% lower MAE than the best baseline, persistence.')).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Predictions chart' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Residuals chart' })).toBeTruthy();
    // Zoom is a chosen range now: every time-series chart offers its whole range back (the loss chart has no range).
    expect(screen.getAllByRole('button', { name: 'Show all' })).toHaveLength(2);
  });

  it('ends the status with Failed: <reason> when the run fails', async () => {
    const fake = renderApp();
    await importSzegedSample();
    await fireEvent.click(button('Train'));
    await waitFor(() => expect(fake.api.startTraining).toHaveBeenCalled());
    const runId = (await fake.api.startTraining.mock.results[0].value).runId;
    fake.emit({ type: 'run-started', runId, backend: 'cpu' });
    fake.finish(runId, 'failed', 'The trainer process exited unexpectedly (code 134)');
    await waitFor(() =>
      expect(status().textContent).toBe(`Run ${runId} (cpu): Failed: The trainer process exited unexpectedly (code 134)`),
    );
  });

  it('Stop asks main to stop the running run and the status ends with Stopped', async () => {
    const fake = renderApp();
    await importSzegedSample();
    await fireEvent.click(button('Train'));
    await waitFor(() => expect(fake.api.startTraining).toHaveBeenCalled());
    const runId = (await fake.api.startTraining.mock.results[0].value).runId;
    fake.emit({ type: 'run-started', runId, backend: 'wasm' });
    await waitFor(() => expect(button('Stop').disabled).toBe(false));
    await fireEvent.click(button('Stop'));
    expect(fake.api.stopTraining).toHaveBeenCalledWith(runId);
    fake.finish(runId, 'stopped');
    await waitFor(() => expect(status().textContent).toBe(`Run ${runId} (wasm): Stopped`));
  });

  it('shows an error from startTraining in an alert, as the API worded it', async () => {
    const fake = renderApp();
    fake.api.startTraining.mockRejectedValueOnce(new Error('A run is already in progress: stop it or wait for it to finish.'));
    await importSzegedSample();
    await fireEvent.click(button('Train'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('A run is already in progress: stop it or wait for it to finish.');
    expect(button('Train').disabled).toBe(false);
  });
});
