// Runs in: vitest (jsdom). The runs table: listing, ordering, refreshing on events, and opening a run.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { configFor, makeRun } from '../support/fake-api';
import { renderApp } from '../support/render-app';

const stored = () => [
  makeRun(1, configFor(), 'completed'),
  makeRun(2, configFor({ cell: 'LSTM', layers: 2, hiddenUnits: 64, window: 24 }), 'failed'),
  makeRun(3, configFor({ cell: 'GRU', bidirectional: true, epochs: 20 }), 'completed'),
];

function bodyRows(): HTMLElement[] {
  const table = screen.getByRole('table', { name: 'Runs' });
  return within(table).getAllByRole('row').slice(1);
}

describe('runs table', () => {
  it('holds only runs: an empty log shows a note outside the table', async () => {
    const fake = renderApp();
    await waitFor(() => expect(fake.api.queryRuns).toHaveBeenCalled());
    expect(await screen.findByText(/No runs yet/)).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Runs' }).querySelectorAll('tbody tr')).toHaveLength(0);
  });

  it('lists stored runs newest first with their settings and outcome', async () => {
    renderApp(stored());
    await waitFor(() => expect(bodyRows()).toHaveLength(3));
    // Columns: select, star, run, date, dataset, then the outcome (status, scores) and the settings.
    const cells = bodyRows().map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent?.trim()));
    expect(cells.map((row) => row[2])).toEqual(['#3', '#2', '#1']);
    const [run3, run2] = cells;
    expect(run3.slice(4, 14)).toEqual(['szeged-3000.csv', 'Completed', '0.5', '0.0045', 'GRU', '1×32 bi', '5', '1', '20/20', 'wasm']);
    expect(run2[5]).toBe('Failed');
    expect(run2.slice(8, 13)).toEqual(['LSTM', '2×64', '24', '1', '2/10']);
  });

  it('opens a run from its "Open run" button: charts, status and metrics of that run', async () => {
    const fake = renderApp(stored());
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 3' }));
    expect(fake.api.getRun).toHaveBeenCalledWith(3);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Run 3 (wasm): Completed'));
    expect(screen.getByRole('heading', { name: 'Run 3' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Loss chart' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Predictions chart' })).toBeTruthy();
    expect(await screen.findByRole('table', { name: /Metrics/ })).toBeTruthy();
    expect(bodyRows()[0].getAttribute('aria-current')).toBe('true');

    await fireEvent.click(screen.getByRole('button', { name: 'Open run 2' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Run 2 (wasm): Failed: Loss became NaN at epoch 2'),
    );
  });

  it('opens a run when its row is clicked', async () => {
    const fake = renderApp(stored());
    await waitFor(() => expect(bodyRows()).toHaveLength(3));
    await fireEvent.click(within(bodyRows()[2]).getByText('Completed'));
    expect(fake.api.getRun).toHaveBeenCalledWith(1);
  });

  it('refreshes the list when a run starts and when it finishes', async () => {
    const fake = renderApp(stored());
    await waitFor(() => expect(bodyRows()).toHaveLength(3));
    const calls = fake.api.queryRuns.mock.calls.length;

    const { runId } = await fake.api.startTraining(configFor({ epochs: 2 }));
    fake.emit({ type: 'run-started', runId, backend: 'wasm' });
    await waitFor(() => expect(bodyRows()).toHaveLength(4));
    expect(within(bodyRows()[0]).getAllByRole('cell')[5].textContent?.trim()).toBe('Running');

    fake.finish(runId, 'completed');
    await waitFor(() => expect(within(bodyRows()[0]).getAllByRole('cell')[5].textContent?.trim()).toBe('Completed'));
    expect(fake.api.queryRuns.mock.calls.length).toBe(calls + 2);
  });

  it('shows an error from getRun in an alert', async () => {
    const fake = renderApp(stored());
    fake.api.getRun.mockRejectedValueOnce(new Error('Run 3 does not exist: refresh the run list.'));
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 3' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Run 3 does not exist: refresh the run list.');
  });
});
